// The identity document box of a form marked data-card-scan (the cases' intake, the
// registry's worker abroad): a handheld scanner types the citizen card's QR code and ends
// with Enter, which reads the card at once; on a device whose browser has the
// BarcodeDetector API and a camera, a button reads the QR code with the camera (the
// controls: core/_card_camera.html). Without either, the box is a plain form: paste the
// text (the QR code's, or a passport's machine-readable zone) and press the read button.
// The server reads it (ctip.core.identity.read): check digits, fields filled.
(function () {
  "use strict";

  var box = document.querySelector("form[data-card-scan]");
  if (!box) {
    return;
  }
  var text = box.querySelector("textarea[name='scan']");
  var read = box.querySelector("button[name='read']");

  function submit() {
    if (box.requestSubmit) {
      box.requestSubmit(read);
    } else {
      read.click();
    }
  }

  text.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && text.value.indexOf("|") >= 0) {
      event.preventDefault();
      submit();
    }
  });

  if (
    !("BarcodeDetector" in window) ||
    !navigator.mediaDevices ||
    !navigator.mediaDevices.getUserMedia
  ) {
    return;
  }
  var button = box.querySelector("button[data-camera]");
  var video = box.querySelector("video[data-camera-view]");
  var status = box.querySelector("[data-camera-status]");

  window.BarcodeDetector.getSupportedFormats()
    .then(function (formats) {
      if (formats.indexOf("qr_code") < 0) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        navigator.mediaDevices
          .getUserMedia({ video: { facingMode: "environment" } })
          .then(function (stream) {
            function stop() {
              stream.getTracks().forEach(function (track) {
                track.stop();
              });
              video.hidden = true;
            }
            function look() {
              detector
                .detect(video)
                .then(function (codes) {
                  if (codes.length) {
                    stop();
                    text.value = codes[0].rawValue;
                    submit();
                  } else {
                    window.requestAnimationFrame(look);
                  }
                })
                .catch(function () {
                  window.requestAnimationFrame(look);
                });
            }
            video.srcObject = stream;
            video.hidden = false;
            video.play().then(look, look);
          })
          .catch(function () {
            status.textContent = status.getAttribute("data-camera-refused");
          });
      });
    })
    .catch(function () {});
})();
