"""Names, licence numbers, fees and caps, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ctip.registry.engine import (
    FeeError,
    InvalidValue,
    caps_for,
    check_fee,
    find_fees,
    licence_key,
    name_key,
    normalise_licence,
    normalise_tax_code,
    read_fee,
)


@pytest.mark.parametrize(
    "typed",
    [
        "Công ty TNHH Dịch vụ Quốc tế Sao Mai",
        "Cty TNHH DV Quoc te Sao Mai",
        "CÔNG TY CP DỊCH VỤ QUỐC TẾ SAO MAI",
        "Công ty Cổ phần Dịch vụ Quốc tế Sao Mai",
    ],
)
def test_every_spelling_of_a_name_gives_one_key(typed):
    assert name_key(typed) == "dich vu quoc te sao mai"


def test_licence_numbers_are_read_in_every_spelling_and_malformed_ones_refused():
    assert normalise_licence("123/LĐTBXH-GP") == "123/LĐTBXH-GP"
    assert normalise_licence(" 123 / ldtbxh - gp") == "123/LĐTBXH-GP"
    assert normalise_licence("45/BNV-GP") == "45/BNV-GP"
    assert licence_key("123/LDTBXH-GP") == licence_key("123/LĐTBXH") == "123/LDTBXH"
    for bad in ("123", "ABC/LĐTBXH-GP", "0/BNV-GP", "123/XYZ-GP", "", "12345678/LĐTBXH-GP"):
        with pytest.raises(InvalidValue):
            normalise_licence(bad)


def test_tax_codes():
    assert normalise_tax_code("0101 234 567") == "0101234567"
    assert normalise_tax_code("0101234567-001") == "0101234567-001"
    with pytest.raises(InvalidValue):
        normalise_tax_code("12345")


def test_a_fee_in_months_of_wages_is_never_money():
    fee = read_fee("2 tháng lương")
    assert fee.months == Decimal(2)
    assert fee.vnd is None
    assert read_fee("1,5 months' wages").months == Decimal("1.5")
    assert read_fee("150 triệu").vnd == 150_000_000
    assert read_fee("3.000 USD").currency == "USD"
    for bad in ("2 tháng", "nhiều tiền", "-5 triệu", ""):
        with pytest.raises(FeeError):
            read_fee(bad)


def test_fees_are_found_in_a_post_with_their_kind():
    text = "Tuyển 20 nam đi Nhật Bản, phí dịch vụ 2 tháng lương, môi giới 150 triệu. Miễn phí ăn ở."
    service, brokerage = find_fees(text)
    assert (service.kind, service.months) == ("service", Decimal(2))
    assert text[service.start : service.end] == "phí dịch vụ 2 tháng lương"
    assert (brokerage.kind, brokerage.vnd) == ("brokerage", 150_000_000)


def test_caps_follow_the_contract_and_the_market():
    service, brokerage = caps_for("TW", 24)
    assert (service.months, brokerage.months) == (Decimal(2), Decimal(1))
    service, brokerage = caps_for("KR", 60)
    assert (service.months, brokerage.months) == (Decimal(5), Decimal("1.5"))
    _, japan = caps_for("JP")
    assert japan.forbidden
    assert japan.months == 0
    assert "Law 69/2020" in service.source_en


def test_a_fee_is_compared_in_months_or_through_the_wage():
    assert check_fee(read_fee("2 tháng lương", "service"), "TW", contract_months=36).over is False
    assert check_fee(read_fee("4 tháng lương", "service"), "TW", contract_months=36).over is True
    money = read_fee("150 triệu", "brokerage")
    assert check_fee(money, "TW").over is None  # no wage: cannot compare
    checked = check_fee(money, "TW", monthly_wage_vnd=30_000_000)
    assert (checked.over, checked.fee_months, checked.cap_vnd) == (True, Decimal(5), 45_000_000)
    assert check_fee(money, "JP").over is True  # none may be charged for Japan
