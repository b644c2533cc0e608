"""The worker's form reads an identity document as the cases' intake does: the same script
(``core/card_scan.js``: a scanner's Enter, the phone's camera) and the same parser on the
server (``ctip.core.identity.read``)."""

from __future__ import annotations

import html
import re

import pytest

from ctip.registry.models import Worker

# The specimen of ICAO Doc 9303 Part 4 (Appendix A).
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
CARD = (
    "001199012345|123456789|Nguyễn Thị Lan|12031999|Nữ|Số 5 Tràng Tiền, Hoàn Kiếm, Hà Nội|15082021"
)


def _value(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found is not None, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return html.unescape(value.group(1)) if value else ""


@pytest.mark.django_db
def test_the_worker_form_offers_the_camera_and_the_scanner(world, client_for):
    page = client_for(world.users["labour_officer"]).get("/registry/workers/new/")
    text = page.content.decode()
    assert "core/card_scan.js" in text
    assert "data-card-scan" in text
    assert "data-camera" in text
    assert 'name="read"' in text
    # The camera is allowed to this page only, and to the page itself.
    assert "camera=(self)" in page["Permissions-Policy"]
    other = client_for(world.users["labour_officer"]).get("/registry/workers/")
    assert "camera=(self)" not in other["Permissions-Policy"]


@pytest.mark.django_db
def test_a_citizen_cards_qr_code_fills_the_workers_fields(world, client_for):
    client = client_for(world.users["labour_officer"])
    page = client.post("/registry/workers/new/", {"scan": CARD + "\r\n", "read": "1"})
    assert page.status_code == 200
    assert "camera=(self)" in page["Permissions-Policy"]
    text = page.content.decode()
    assert _value(text, "full_name") == "Nguyễn Thị Lan"
    assert _value(text, "identity_number") == "001199012345"
    assert _value(text, "birth_date") == "1999-03-12"
    assert _value(text, "passport_number") == ""
    assert 'data-testid="document-read"' in text
    assert 'data-testid="document-problems"' not in text  # the number agrees with the card
    assert Worker.objects.count() == 0


@pytest.mark.django_db
def test_a_passport_mrz_fills_the_passport_number(world, client_for):
    client = client_for(world.users["labour_officer"])
    page = client.post("/registry/workers/new/", {"scan": TD3, "read": "1"})
    assert page.status_code == 200
    text = page.content.decode()
    assert _value(text, "passport_number") == "L898902C3"
    assert _value(text, "full_name") == "ERIKSSON ANNA MARIA"
    assert _value(text, "identity_number") == ""
    assert Worker.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "the check digit of the document number is wrong"),
        ("vi", "số kiểm tra của số giấy tờ bị sai"),
    ],
)
def test_an_mrz_with_a_wrong_check_digit_is_refused_clearly(world, client_for, language, words):
    client = client_for(world.users["labour_officer"])
    typed = {"scan": TD3.replace("L898902C36", "L898902C37"), "read": "1", "full_name": "An"}
    page = client.post("/registry/workers/new/", typed, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 400
    text = html.unescape(page.content.decode())
    assert words in text
    assert _value(text, "passport_number") == ""  # nothing is filled from a wrong zone
    assert _value(text, "full_name") == "An"  # what the officer typed stays
    assert Worker.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scan", "words"),
    [
        ("123456789012|x|Lan", "This QR code is not a citizen identity card's"),
        ("https://zalo.me/g/abcdef", "neither a citizen card's QR code nor a passport's"),
    ],
)
def test_a_qr_code_that_is_not_a_citizen_cards_is_refused(world, client_for, scan, words):
    client = client_for(world.users["labour_officer"])
    page = client.post(
        "/registry/workers/new/", {"scan": scan, "read": "1"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 400
    text = html.unescape(page.content.decode())
    assert words in text
    assert _value(text, "identity_number") == ""
    assert Worker.objects.count() == 0
