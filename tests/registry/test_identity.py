"""Identity documents at intake: the citizen card's QR code and a passport's MRZ."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils.translation import override

from ctip.core.engine.identity import (
    CardDataVerifier,
    DocumentError,
    check_digit,
    read_document,
    read_mrz,
)
from ctip.registry.models import Worker

# The specimen of ICAO Doc 9303 Part 4 (Appendix A), and of Part 5 for TD1.
TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
CARD = (
    "001199012345|123456789|Nguyễn Thị Lan|12031999|Nữ|Số 5 Tràng Tiền, Hoàn Kiếm, Hà Nội|15082021"
)


def test_check_digits_are_those_of_icao_9303():
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("520727") == "3"


def test_a_passport_mrz_is_read_with_every_check_digit_verified():
    passport = read_mrz(TD3, today=dt.date(2010, 1, 1))
    assert passport.kind == "passport"
    assert passport.number == "L898902C3"
    assert passport.full_name == "ERIKSSON ANNA MARIA"
    assert passport.birth_date == dt.date(1974, 8, 12)
    assert passport.expires_on == dt.date(2012, 4, 15)
    assert (passport.sex, passport.nationality) == ("female", "UTO")
    card = read_mrz(TD1, today=dt.date(2010, 1, 1))
    assert (card.kind, card.number) == ("id_card", "D23145890")


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        (TD3.replace("L898902C36", "L898902C37"), "document_number"),
        (TD3.replace("7408122F", "7408123F"), "birth_date"),
        (TD3.replace("1204159Z", "1204158Z"), "expiry_date"),
        (TD3.replace("<<<<<10", "<<<<<11"), "composite"),
        (TD3.replace("L898902C36", "L898912C36"), "document_number"),
    ],
)
def test_a_wrong_check_digit_is_named(changed, field):
    with pytest.raises(DocumentError) as refused:
        read_mrz(changed)
    assert (refused.value.code, refused.value.field) == ("check_digit", field)


def test_the_citizen_cards_qr_code_is_read_and_checked_against_its_own_number():
    card = read_document(CARD)
    assert (card.kind, card.number, card.old_number) == ("cccd", "001199012345", "123456789")
    assert card.full_name == "Nguyễn Thị Lan"
    assert card.birth_date == dt.date(1999, 3, 12)
    assert card.sex == "female"
    assert card.issued_on == dt.date(2021, 8, 15)
    assert CardDataVerifier().verify(card).status == "consistent"
    # The number says a man born in 1998: the card contradicts itself.
    forged = read_document(CARD.replace("001199012345", "001098012345"))
    assert set(CardDataVerifier().verify(forged).reasons) == {"sex", "birth_year"}


@pytest.mark.parametrize(
    "text",
    [
        "https://zalo.me/g/abcdef",
        "WIFI:S:cafe;T:WPA;P:12345678;;",
        "00020101021138570010A000000727",  # a bank transfer QR code
        "123|456|Nguyễn Văn A",
        "001199012345|123456789|Nguyễn Thị Lan|31021999|Nữ|Hà Nội|15082021",
    ],
)
def test_what_is_not_a_card_or_an_mrz_is_refused(text):
    with pytest.raises(DocumentError):
        read_document(text)


@pytest.mark.django_db
def test_the_api_reads_a_document_and_says_clearly_why_it_cannot(world, client_for):
    client = client_for(world.users["labour_officer"])
    read = client.post(
        "/api/v1/registry/identity/read", {"text": CARD}, content_type="application/json"
    )
    assert read.status_code == 200
    assert read.json()["full_name"] == "Nguyễn Thị Lan"
    assert read.json()["verification"] == "consistent"
    with override("en"):
        wrong = client.post(
            "/api/v1/registry/identity/read",
            {"text": TD3.replace("L898902C36", "L898902C37")},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert wrong.status_code == 422
    assert "check digit of the document number is wrong" in wrong.json()["detail"]
    not_card = client.post(
        "/api/v1/registry/identity/read",
        {"text": "https://zalo.me/g/abcdef"},
        content_type="application/json",
    )
    assert not_card.status_code == 422
    assert (
        Client()
        .post("/api/v1/registry/identity/read", {"text": CARD}, content_type="application/json")
        .status_code
        == 401
    )


@pytest.mark.django_db
def test_the_paste_box_fills_the_workers_fields_and_saves_nothing(world, client_for):
    client = client_for(world.users["labour_officer"])
    page = client.post("/registry/workers/new/", {"scan": CARD, "read": "1"})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'value="Nguyễn Thị Lan"' in text
    assert 'value="001199012345"' in text
    assert 'data-testid="document-read"' in text
    assert Worker.objects.count() == 0
    bad = client.post(
        "/registry/workers/new/", {"scan": "WIFI:S:cafe;;", "read": "1"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert bad.status_code == 400
    assert Worker.objects.count() == 0
