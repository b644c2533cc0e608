"""The public recruiter lookup: page and API, every way of naming an enterprise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings

from ctip.registry import actions
from tests.registry.factories import make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def saomai(world):
    return make_enterprise(world.users["labour_officer"])


def _api(**params):
    return Client().get("/api/v1/registry/lookup", params)


@pytest.mark.parametrize(
    "query",
    [
        "Công ty TNHH Dịch vụ Quốc tế Sao Mai",
        "Cty TNHH DV Quoc te Sao Mai",
        "CONG TY CP DICH VU QUOC TE SAO MAI",
        "sao mai",
        "123/ldtbxh-gp",
        "123 / LĐTBXH - GP",
        "0101234567",
        "024 3824 1234",
        "+84 24 3824 1234",
    ],
)
def test_an_enterprise_is_found_however_it_is_named(saomai, query):
    response = _api(q=query)
    assert response.status_code == 200
    (match,) = response.json()["matches"]
    assert match["licence_number"] == "123/LĐTBXH-GP"
    assert match["licensed_now"] is True


def test_an_unknown_name_finds_nothing(saomai):
    assert _api(q="Công ty TNHH Xuất khẩu Lao động Trăng Khuyết").json()["matches"] == []


def test_the_answer_says_whether_the_licence_covers_the_destination_and_job(saomai):
    japan = _api(q="Sao Mai", destination="Nhật Bản", job="Cơ khí").json()
    assert japan["matches"][0]["licensed_for_destination"] is True
    assert japan["matches"][0]["licensed_for_job"] is True
    assert [c["kind"] for c in japan["caps"]] == ["service", "brokerage"]
    assert japan["caps"][1]["forbidden"] is True  # no brokerage for Japan
    korea = _api(q="Sao Mai", destination="KR", job="nông nghiệp").json()
    assert korea["matches"][0]["licensed_for_destination"] is False
    assert korea["matches"][0]["licensed_for_job"] is False


def test_a_fee_in_months_of_wages_is_compared_with_the_cap(saomai):
    within = _api(q="Sao Mai", destination="TW", fee="2 tháng lương", fee_kind="service").json()
    assert within["fee"]["months"] == "2"
    assert within["fee"]["vnd"] is None
    assert within["fee"]["over"] is False
    over = _api(q="Sao Mai", destination="JP", fee="150 triệu", fee_kind="brokerage").json()
    assert over["fee"]["over"] is True
    assert over["fee"]["cap_months"] == "0"
    wage = _api(q="Sao Mai", destination="TW", fee="150 triệu", wage="30 triệu").json()
    assert (wage["fee"]["over"], wage["fee"]["cap_vnd"]) == (True, 135_000_000)


def test_bad_input_is_a_clear_problem(saomai):
    for params in (
        {"q": ""},
        {"q": "Sao Mai", "fee": "nhiều tiền"},
        {"q": "Sao Mai", "fee": "2 tháng"},
        {"q": "Sao Mai", "destination": "Xứ Sở Thần Tiên"},
        {"q": "Sao Mai", "contract_months": "999"},
    ):
        response = _api(**params)
        assert response.status_code == 422, params
        assert response["Content-Type"] == "application/problem+json"


def test_a_revoked_licence_is_shown_with_its_decision(world, saomai):
    actions.enterprise_set_status(
        actor=world.users["labour_officer"],
        data=actions.StatusInput(
            enterprise_id=saomai.pk,
            status="revoked",
            decision="456/QĐ-BNV",
            decided_on=dt.date(2025, 10, 20),
        ),
    )
    (match,) = _api(q="Sao Mai", destination="JP").json()["matches"]
    assert (match["status"], match["licensed_now"]) == ("revoked", False)
    assert match["licensed_for_destination"] is False
    page = Client().get("/recruiters/", {"q": "Sao Mai"}, HTTP_ACCEPT_LANGUAGE="vi")
    text = page.content.decode()
    assert "456/QĐ-BNV" in text
    assert "Bị thu hồi" in text


def test_the_page_answers_in_vietnamese_and_english(saomai):
    client = Client()
    vi = client.get("/recruiters/", {"q": "sao mai", "destination": "JP", "fee": "2 tháng lương"})
    assert vi.status_code == 200
    text = vi.content.decode()
    assert 'data-testid="lookup-match"' in text
    assert "Được cấp phép cho Nhật Bản" in text
    assert "tối đa 3 tháng lương" in text
    en = client.get(
        "/recruiters/", {"q": "sao mai", "destination": "JP"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Licensed for Japan" in en.content.decode()


def test_the_page_refuses_an_unreadable_fee_with_a_sentence(saomai):
    response = Client().get("/recruiters/", {"q": "sao mai", "fee": "2 tháng"})
    assert response.status_code == 400
    assert "2 tháng lương" in response.content.decode()


@override_settings(CTIP_REGISTRY_LOOKUPS_PER_MINUTE=2)
def test_the_lookup_is_rate_limited(saomai):
    assert _api(q="sao mai").status_code == 200
    assert _api(q="sao mai").status_code == 200
    refused = _api(q="sao mai")
    assert refused.status_code == 429
    assert "Retry-After" in refused
    page = Client().get("/recruiters/", {"q": "sao mai"})
    assert page.status_code == 429


def test_a_revocation_is_on_the_public_list_as_soon_as_it_is_recorded(world, saomai):
    assert Client().get("/api/v1/registry/status-changes").json() == []
    actions.enterprise_set_status(
        actor=world.users["labour_officer"],
        data=actions.StatusInput(
            enterprise_id=saomai.pk,
            status="revoked",
            decision="456/QĐ-BNV",
            decided_on=dt.date(2025, 10, 20),
        ),
    )
    (change,) = Client().get("/api/v1/registry/status-changes").json()
    assert (change["licence_number"], change["status"]) == ("123/LĐTBXH-GP", "revoked")
    assert (change["decision"], change["decided_on"]) == ("456/QĐ-BNV", "2025-10-20")
    page = Client().get("/recruiters/changes/").content.decode()
    assert "456/QĐ-BNV" in page
    assert "labour-officer" not in page  # never who recorded it
