"""The job-offer check asks the register: a named licensed enterprise lowers the risk only
when the destination and the fee match its licence; a fee above the cap is a warning."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils.translation import override

from ctip.registry import actions
from ctip.screening.checking import check
from ctip.screening.engine import assess
from ctip.screening.presentation import explanation
from tests.registry.factories import make_enterprise


def explanation_in(flag, language):
    with override(language):
        return explanation(flag)


pytestmark = pytest.mark.django_db

LAWFUL = (
    "Công ty TNHH Dịch vụ Quốc tế Sao Mai (giấy phép số 123/LĐTBXH-GP) tuyển 20 kỹ sư cơ "
    "khí đi Nhật Bản, hợp đồng 3 năm, lương 28 triệu/tháng, phí dịch vụ 2 tháng lương."
)


@pytest.fixture
def saomai(world):
    return make_enterprise(world.users["labour_officer"])


def _codes(assessment):
    return {f.code for f in assessment.flags}


def test_a_licensed_enterprise_for_its_market_and_a_lawful_fee_lowers_the_risk(saomai):
    checked = check(LAWFUL)
    assert "LOOKUP_LICENSED_RECRUITER" in _codes(checked)
    assert not {"LOOKUP_LICENCE_MISMATCH", "LOOKUP_FEE_OVER_CAP"} & _codes(checked)
    legit = checked.probabilities["legitimate"]
    assert legit > assess(LAWFUL).probabilities["legitimate"]


def test_a_destination_outside_the_licence_does_not_lower_the_risk(saomai):
    text = LAWFUL.replace("Nhật Bản", "Hàn Quốc")
    checked = check(text)
    assert "LOOKUP_LICENSED_RECRUITER" not in _codes(checked)
    (flag,) = [f for f in checked.flags if f.code == "LOOKUP_LICENCE_MISMATCH"]
    assert "Not licensed to send workers to South Korea" in explanation_in(flag, "en")
    assert "Nhật Bản" in explanation_in(flag, "vi")
    assert checked.probabilities == assess(text).probabilities


def test_a_fee_above_the_cap_is_a_warning_with_the_cap_shown(saomai):
    text = LAWFUL.replace("phí dịch vụ 2 tháng lương", "phí dịch vụ 5 tháng lương")
    checked = check(text)
    (flag,) = [f for f in checked.flags if f.code == "LOOKUP_FEE_OVER_CAP"]
    assert text[flag.start : flag.end] == "phí dịch vụ 5 tháng lương"
    assert "Cap: 3 months' wages (Law 69/2020/QH14, Art. 23(4))" in explanation_in(flag, "en")
    assert "Mức trần: 3 tháng lương" in explanation_in(flag, "vi")
    assert "LOOKUP_LICENSED_RECRUITER" not in _codes(checked)
    assert "LOOKUP_LICENCE_MISMATCH" in _codes(checked)
    assert checked.probabilities["legitimate"] < assess(text).probabilities["legitimate"]


def test_brokerage_for_japan_is_over_the_cap_whatever_its_amount(saomai):
    text = LAWFUL + " Môi giới 150 triệu."
    (flag,) = [f for f in check(text).flags if f.code == "LOOKUP_FEE_OVER_CAP"]
    assert "may not be charged" in explanation_in(flag, "en")


def test_two_months_wages_is_not_two_dong(saomai):
    # "2 tháng lương" is under the 3-month cap; read as money it could not be compared.
    checked = check(LAWFUL)
    assert "LOOKUP_FEE_OVER_CAP" not in _codes(checked)


def test_a_revoked_licence_is_named_and_lowers_nothing(world, saomai):
    actions.enterprise_set_status(
        actor=world.users["labour_officer"],
        data=actions.StatusInput(
            enterprise_id=saomai.pk,
            status="revoked",
            decision="456/QĐ-BNV",
            decided_on=dt.date(2025, 10, 20),
        ),
    )
    checked = check(LAWFUL)
    (flag,) = [f for f in checked.flags if f.code == "LOOKUP_LICENCE_MISMATCH"]
    assert "revoked (456/QĐ-BNV 20 Oct 2025)" in explanation_in(flag, "en")
    assert "bị thu hồi (456/QĐ-BNV 20/10/2025)" in explanation_in(flag, "vi")
    assert checked.probabilities == assess(LAWFUL).probabilities


def test_the_public_check_shows_the_over_cap_warning(saomai):
    text = LAWFUL + " Môi giới 150 triệu."
    response = Client().post(
        "/api/v1/screening/assess", {"text": text}, content_type="application/json"
    )
    assert response.status_code == 200
    assert "LOOKUP_FEE_OVER_CAP" in {f["code"] for f in response.json()["flags"]}


def test_the_registrys_words_are_one_message_read_in_each_language(saomai):
    """The sign's detail is a message id with its values (the fee, the cap, its legal
    source), translated where it is shown: numbers and sources in the reader's language."""
    from ctip.core.engine.labels import Label

    text = LAWFUL.replace("phí dịch vụ 2 tháng lương", "phí dịch vụ 4,5 tháng lương")
    (flag,) = [f for f in check(text).flags if f.code == "LOOKUP_FEE_OVER_CAP"]
    assert flag.detail
    assert all(isinstance(sentence, Label) for sentence in flag.detail)
    vietnamese, english = explanation_in(flag, "vi"), explanation_in(flag, "en")
    assert "Tin này đòi 4,5 tháng lương. Mức trần: 3 tháng lương (" in vietnamese
    assert "months" not in vietnamese
    assert "Law " not in vietnamese
    assert "This post asks for 4.5 months' wages. Cap: 3 months' wages (Law 69/2020" in english
    assert "tháng lương" not in english
