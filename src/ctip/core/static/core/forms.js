// Forms: after a refused submission, focus goes to the first field in error (or to the
// form's own error message), so that keyboard and screen-reader users land where the
// problem is; a form marked data-confirm asks before it does something that cannot be
// undone. Loaded by core/base.html; no inline script anywhere.
(function () {
  "use strict";

  function focusFirstError() {
    var field = document.querySelector(
      "main [aria-invalid='true'], main .field.invalid input, main .field.invalid select, main .field.invalid textarea"
    );
    if (field) {
      field.focus();
      return;
    }
    var message = document.querySelector("main form .error[role='alert']");
    if (message) {
      if (!message.hasAttribute("tabindex")) {
        message.setAttribute("tabindex", "-1");
      }
      message.focus();
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirstError);
  } else {
    focusFirstError();
  }
})();
