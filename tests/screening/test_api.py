"""POST /api/v1/screening/assess: good input, every kind of bad input, the rate limit."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings

from ctip.screening.models import SavedCheck
from ctip.screening.schemas import AssessmentOut
from tests.screening.posts import LURE

pytestmark = pytest.mark.django_db

URL = "/api/v1/screening/assess"


def _send(body: bytes | str, content_type: str = "application/json", **extra: str):
    data = body.encode() if isinstance(body, str) else body
    return Client().generic("POST", URL, data=data, content_type=content_type, **extra)


def _json(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["detail"]
    return body


def test_assess_returns_the_verdict_flags_and_entities():
    response = _send(_json({"text": LURE}))
    assert response.status_code == 200, response.content
    body = response.json()
    assert response["Content-Type"] == "application/json"
    assert AssessmentOut.model_validate(body).model_dump() == body
    assert body["category"] == "trafficking_lure"
    assert body["level"] == "high"
    assert 0.9 <= body["risk"] <= 0.99
    assert body["band"] == "very_likely"
    assert body["band_label"]["en"].startswith("Very likely a scam or a lure.")
    assert body["band_label"]["vi"].startswith("Rất có thể là lừa đảo")
    assert body["language"] == "vi"
    assert body["kept"] is False
    flags = {f["code"]: f for f in body["flags"]}
    country = flags["HIGH_RISK_COUNTRY"]
    assert LURE[country["start"] : country["end"]] == "Campuchia"
    assert country["explanation"]["vi"]
    assert country["explanation"]["en"]
    entities = body["entities"]
    assert entities["phones"][0]["e164"] == "+84912345678"
    assert entities["pay"][0]["vnd_month"] == 20_000_000
    assert entities["destinations"][0]["country"] == "KH"
    assert entities["urls"][0]["domain"] == "viecnhe.vip"
    assert {c["handle"] for c in entities["contacts"]} >= {"tuyendung_vip"}
    assert SavedCheck.objects.count() == 0


def test_keep_stores_a_deidentified_check():
    response = _send(_json({"text": LURE, "keep": True}))
    assert response.json()["kept"] is True
    check = SavedCheck.objects.get()
    assert check.source == "api"
    assert check.category == "trafficking_lure"


def test_anonymous_needs_no_csrf_or_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, data=_json({"text": LURE}), content_type="application/json")
    assert response.status_code == 200


def test_charset_parameter_is_accepted():
    assert _send(_json({"text": LURE}), "application/json; charset=utf-8").status_code == 200


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n"])
def test_empty_text_is_422(text):
    body = _problem(_send(_json({"text": text})), 422)
    assert "dán tin tuyển dụng" in body["detail"]


def test_messages_follow_accept_language():
    body = _problem(_send(_json({"text": " "}), HTTP_ACCEPT_LANGUAGE="en"), 422)
    assert body["detail"] == "Paste the job post to check."


def test_binary_text_is_422_with_the_reason():
    body = _problem(_send(_json({"text": "\x00\x01\x02 binary \x03\x04"})), 422)
    assert "binary" in body["reason"]


def test_lone_surrogate_is_422():
    _problem(_send(b'{"text": "abc \\ud800 def"}'), 422)


def test_invalid_utf8_bytes_are_400():
    body = _problem(_send(b'{"text": "vi\xe1\xbb\x87c nh\xff\xfe"}'), 400)
    assert "UTF-8" in body["detail"]


@pytest.mark.parametrize("raw", [b"not json", b'{"text": ', b"\x89PNG\r\n\x1a\n\x00\x00"])
def test_not_json_is_400(raw):
    _problem(_send(raw), 400)


def test_not_json_says_where_in_the_readers_words_not_the_parsers():
    raw = b'{"text": 5'
    vi = _problem(_send(raw), 400)["detail"]
    assert vi == "Nội dung không phải JSON hợp lệ: sai ở dòng 1, cột 11."
    en = _problem(_send(raw, HTTP_ACCEPT_LANGUAGE="en"), 400)["detail"]
    assert en == "The body is not valid JSON: it goes wrong at line 1, column 11."


@pytest.mark.parametrize(
    "payload",
    [[1, 2], "text", {"id": 1}, {"text": 5}, {"text": None}, {"text": "x", "keep": "yes"}],
)
def test_wrong_shape_is_422(payload):
    _problem(_send(_json(payload)), 422)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_wrong_content_type_is_415(content_type):
    body = _problem(_send(_json({"text": LURE}), content_type), 415)
    assert "JSON" in body["detail"]


def test_non_utf8_charset_is_415():
    _problem(_send(_json({"text": LURE}), "application/json; charset=latin-1"), 415)


def test_a_megabyte_of_text_is_413():
    body = _problem(_send(_json({"text": "việc nhẹ lương cao " * 60_000})), 413)
    assert body["max_bytes"] == 1_000_000


def test_beyond_the_request_limit_is_413():
    _problem(_send(b'{"text": "' + b"a" * 3_000_000 + b'"}'), 413)


def test_get_is_405_problem():
    response = Client().get(URL)
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"


@override_settings(CTIP_SCREENING_RATE_PER_MINUTE=2)
def test_rate_limit_is_429_problem():
    assert _send(_json({"text": LURE})).status_code == 200
    assert _send(_json({"text": " "})).status_code == 422
    body = _problem(_send(_json({"text": LURE})), 429)
    assert "một phút" in body["detail"]
    response = _send(_json({"text": LURE}), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200


def test_the_page_and_the_api_share_one_budget():
    with override_settings(CTIP_SCREENING_RATE_PER_MINUTE=1):
        assert Client().post("/check/", {"text": LURE}).status_code == 200
        assert _send(_json({"text": LURE})).status_code == 429


def test_operation_is_documented_with_its_body():
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/screening/assess"]["post"]
    assert "text" in json.dumps(operation["requestBody"])
    assert not operation.get("security")


def test_a_kept_check_holds_the_province_the_person_chose_and_only_if_chosen():
    _send(_json({"text": LURE, "keep": True, "province": "nghe-an"}))
    _send(_json({"text": LURE, "keep": True}))
    assert sorted((c.province.code if c.province else "") for c in SavedCheck.objects.all()) == [
        "",
        "nghe-an",
    ]


def test_an_unknown_province_is_refused_and_nothing_is_kept():
    body = _problem(_send(_json({"text": LURE, "keep": True, "province": "atlantis"})), 422)
    assert "atlantis" in body["detail"]
    assert SavedCheck.objects.count() == 0
