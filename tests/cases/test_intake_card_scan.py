"""The intake page reads the citizen card's QR code (as a handheld scanner types it, or
pasted): the fields are filled and shown for the officer to check, nothing is saved, and
text that is not a card's is refused with a clear message."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from ctip.cases.models import Case
from ctip.core.engine.identity import DocumentError, read_card_qr, read_document
from tests.cases.factories import days_ago

CARD = (
    "001199012345|123456789|Nguyễn Thị Lan|12031999|Nữ|Số 5 Tràng Tiền, Hoàn Kiếm, Hà Nội|15082021"
)


def test_the_card_text_is_read_into_its_fields():
    card = read_card_qr(CARD)
    assert (card.kind, card.number, card.old_number) == ("cccd", "001199012345", "123456789")
    assert card.full_name == "Nguyễn Thị Lan"
    assert card.birth_date == dt.date(1999, 3, 12)
    assert card.sex == "female"
    assert card.address == "Số 5 Tràng Tiền, Hoàn Kiếm, Hà Nội"
    assert card.issued_on == dt.date(2021, 8, 15)
    # A scanner's trailing Enter and spaces change nothing.
    assert read_document(f"  {CARD}\r\n") == card


@pytest.mark.parametrize(
    "text",
    [
        "Nguyễn Thị Lan",
        "00119901234|123456789|Nguyễn Thị Lan|12031999|Nữ|Hà Nội|15082021",  # 11 digits
        "001199012345|123456789||12031999|Nữ|Hà Nội|15082021",  # no name
        "001199012345|123456789|Nguyễn Thị Lan|12031999",  # cut short
    ],
)
def test_text_that_is_not_a_card_is_refused(text):
    with pytest.raises(DocumentError):
        read_document(text)


def _value(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found is not None, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return html.unescape(value.group(1)) if value else ""


def test_the_intake_page_fills_the_form_from_the_card_and_saves_nothing(world, client_for):
    client = client_for(world.users["intake_officer"])
    page = client.get("/cases/new/", HTTP_ACCEPT_LANGUAGE="vi")
    assert 'name="scan"' in page.content.decode()
    # The camera is offered on this page only, to the page itself.
    assert "camera=(self)" in page["Permissions-Policy"]
    read = client.post("/cases/new/", {"scan": CARD + "\n", "read": "1"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert read.status_code == 200
    text = html.unescape(read.content.decode())
    assert 'data-testid="card-read"' in text
    assert "Số 5 Tràng Tiền, Hoàn Kiếm, Hà Nội" in text  # shown to be checked
    assert "12/03/1999" in text
    assert _value(text, "full_name") == "Nguyễn Thị Lan"
    assert _value(text, "identity_number") == "001199012345"
    assert _value(text, "birth_date") == "1999-03-12"
    assert re.search(r'<option value="female" selected>', text)
    assert Case.objects.count() == 0
    # The officer checks, completes and opens the case with what was read.
    opened = client.post(
        "/cases/new/",
        {
            "idempotency_key": _value(text, "idempotency_key"),
            "full_name": _value(text, "full_name"),
            "sex": "female",
            "birth_date": _value(text, "birth_date"),
            "identity_number": _value(text, "identity_number"),
            "intake_channel": "border_detection",
            "intake_date": days_ago(0).isoformat(),
            "exit_mode": "escape",
        },
    )
    assert opened.status_code == 302
    person = Case.objects.get().person
    assert (person.full_name, person.birth_date) == ("Nguyễn Thị Lan", dt.date(1999, 3, 12))
    assert person.identity_number == "001199012345"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", "không phải của thẻ căn cước"),
        ("en", "This QR code is not a citizen identity card's"),
    ],
)
def test_bad_text_is_refused_with_a_clear_message(world, client_for, language, words):
    client = client_for(world.users["intake_officer"])
    bad = client.post(
        "/cases/new/",
        {"scan": "123456789012|x|Lan", "read": "1"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert bad.status_code == 400
    text = html.unescape(bad.content.decode())
    assert words in text
    assert 'aria-invalid="true"' in text or "invalid" in text
    assert Case.objects.count() == 0
