"""Every form and API input that takes money, a country or a date stores what was typed
and shows it back in the reader's language (vi: 5.000.000 ₫, en: VND 5,000,000)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from ctip.cases.models import Case, ServiceDelivery
from ctip.core import actions as core_actions
from ctip.intel.models import FreezeRequest, Report
from tests.cases.factories import days_ago, make_case
from tests.intel.factories import make_freeze

EN = "ctip_language=en"


def _json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _report(**values):
    return {
        "type": "recruitment",
        "narrative": "Bắt đóng phí",
        "ind-TOTAL_FORMS": "1",
        "ind-INITIAL_FORMS": "0",
        "ind-0-kind": "phone",
        "ind-0-value": "0912 345 678",
        "ind-0-detail": "",
        **values,
    }


def _detail(client, report: Report, language: str = "vi") -> str:
    client.cookies["ctip_language"] = language
    return client.get(f"/intel/reports/{report.pk}/").content.decode()


@pytest.mark.parametrize(
    ("typed", "vnd", "currency", "vi", "en"),
    [
        ("5.000.000", 5_000_000, "VND", "5.000.000 ₫", "VND 5,000,000"),
        ("5,000,000", 5_000_000, "VND", "5.000.000 ₫", "VND 5,000,000"),
        ("150tr", 150_000_000, "VND", "150.000.000 ₫", "VND 150,000,000"),
        ("1,5 tỷ", 1_500_000_000, "VND", "1.500.000.000 ₫", "VND 1,500,000,000"),
        ("500 USD", 13_000_000, "USD", "500 USD (≈ 13.000.000 ₫)", "500 USD (≈ VND 13,000,000)"),
    ],
)
def test_public_report_loss_round_trip(world, client_for, settings, typed, vnd, currency, vi, en):
    settings.CTIP_INTEL_INTAKE_AGENCY = world.agency.code
    lost_on = days_ago(3)
    response = Client().post("/report/", _report(amount_lost_vnd=typed, lost_on=lost_on))
    assert response.status_code == 200, response.content
    report = Report.objects.get()
    assert (report.amount_lost_vnd, report.amount_lost_currency) == (vnd, currency)
    assert report.lost_on == lost_on
    staff = client_for(world.users["investigator"])
    assert vi in _detail(staff, report, "vi")
    english = _detail(staff, report, "en")
    assert en in english
    assert lost_on.strftime("%-d %b %Y") in english
    assert lost_on.strftime("%d/%m/%Y") in _detail(staff, report, "vi")


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("5 triệu xyz", "could not be read"),
        ("1.5.000", "more than one way"),
        ("-5.000.000", "cannot be negative"),
        ("10000000000 tỷ", "too large"),
        ("1,5", "no fraction"),
    ],
)
def test_public_report_refuses_an_unreadable_amount(world, typed, words):
    client = Client(headers={"cookie": EN})
    response = client.post("/report/", _report(amount_lost_vnd=typed))
    assert words in response.content.decode()
    assert Report.objects.count() == 0


def test_report_api_takes_amounts_as_typed(world):
    issued = core_actions.token_create(
        actor=None, user=world.users["liaison"], name="gw", scopes=["intel.report"]
    )
    bank = Client(headers={"authorization": f"Bearer {issued.secret}", "accept-language": "en"})
    body = {"type": "other", "indicators": [{"kind": "phone", "value": "0912 345 678"}]}
    for n, (typed, vnd) in enumerate([("5.000.000", 5_000_000), (80_000_000, 80_000_000)]):
        made = _json(
            bank, "/api/v1/intel/reports", body | {"amount_lost_vnd": typed, "external_id": f"x{n}"}
        )
        assert made.status_code == 201, made.content
        assert Report.objects.get(external_id=f"x{n}").amount_lost_vnd == vnd
    bad = _json(bank, "/api/v1/intel/reports", body | {"amount_lost_vnd": "1.5.000"})
    assert bad.status_code == 422
    assert "more than one way" in bad.content.decode()
    assert Report.objects.count() == 2


def test_freeze_answer_form_and_api_round_trip(world, client_for):
    liaison = client_for(world.users["liaison"])
    first = make_freeze(world)
    answered = liaison.post(
        f"/intel/inbox/{first.pk}/", {"status": "done", "amount_held_vnd": "150.000.000"}
    )
    assert answered.status_code == 302
    first.refresh_from_db()
    assert first.amount_held_vnd == 150_000_000
    page = liaison.get(f"/intel/inbox/{first.pk}/").content.decode()
    assert "150.000.000 ₫" in page
    second = make_freeze(world)
    url = f"/api/v1/intel/freeze-requests/{second.pk}/answer"
    api = _json(liaison, url, {"status": "partial", "amount_held_vnd": "1.000 THB", "note": "ok"})
    assert api.status_code == 200, api.content
    second.refresh_from_db()
    assert (second.amount_held_vnd, second.amount_held_currency) == (800_000, "THB")
    assert second.amount_held_original == Decimal(1000)
    third = make_freeze(world)
    refused = liaison.post(
        f"/intel/inbox/{third.pk}/", {"status": "done", "amount_held_vnd": "150.000.000 abc"}
    )
    assert refused.status_code in (200, 400)
    third.refresh_from_db()
    assert third.status == FreezeRequest._meta.get_field("status").default


def test_delivery_cost_form_and_api_round_trip(world, client_for):
    worker = world.users["case_worker"]
    case = make_case(worker)
    client = client_for(worker)
    posted = client.post(
        f"/cases/{case.pk}/deliveries/",
        {"support_type": "medical_care", "delivered_on": days_ago(0).isoformat(), "cost": "2tr5"},
    )
    assert posted.status_code in (302, 200)
    assert ServiceDelivery.objects.get().cost == 2_500_000
    api = _json(
        client,
        f"/api/v1/cases/{case.pk}/deliveries",
        {"support_type": "medical_care", "delivered_on": days_ago(0).isoformat(), "cost": "$20"},
    )
    assert api.status_code == 201, api.content
    usd = ServiceDelivery.objects.get(pk=api.json()["id"])
    assert (usd.cost, usd.cost_currency, usd.cost_original) == (520_000, "USD", Decimal(20))
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "2.500.000 ₫" in page
    assert "20 USD (≈ 520.000 ₫)" in page
    bad = _json(
        client,
        f"/api/v1/cases/{case.pk}/deliveries",
        {"support_type": "medical_care", "delivered_on": days_ago(0).isoformat(), "cost": "-5"},
    )
    assert bad.status_code == 422
    assert ServiceDelivery.objects.count() == 2


@pytest.mark.parametrize(
    "typed", ["Campuchia", "Cambodia", "Cam-pu-chia", "campuchia", "KH", "KHM"]
)
def test_case_form_country_round_trip(world, client_for, typed):
    client = client_for(world.users["intake_officer"])
    page = client.get("/cases/new/").content.decode()
    assert 'list="id_exploitation_country-countries"' in page
    assert '<option value="Campuchia">' in page
    data = {
        "idempotency_key": "k-" + typed,
        "full_name": "Nguyễn Thị Mai",
        "sex": "female",
        "age": "24",
        "intake_channel": "border_detection",
        "intake_date": days_ago(0).isoformat(),
        "exit_mode": "escape",
        "exploitation_country": typed,
        "consent_processing": "on",
    }
    response = client.post("/cases/new/", data)
    assert response.status_code == 302, response.content
    case = Case.objects.get()
    assert case.exploitation_country == "KH"
    assert case.intake_date == days_ago(0)
    detail = client_for(world.users["case_worker"])
    detail.cookies["ctip_language"] = "vi"
    vi_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Campuchia" in vi_page
    client.cookies["ctip_language"] = "en"
    en_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Cambodia" in en_page
    assert "Campuchia" not in en_page


def test_case_country_that_matches_nothing_is_refused(world, client_for):
    client = client_for(world.users["intake_officer"])
    client.cookies["ctip_language"] = "en"
    data = {
        "idempotency_key": "k-bad",
        "full_name": "Nguyễn Thị Mai",
        "sex": "female",
        "intake_channel": "border_detection",
        "intake_date": days_ago(0).isoformat(),
        "exit_mode": "escape",
        "exploitation_country": "Narnia",
    }
    response = client.post("/cases/new/", data)
    assert response.status_code == 400
    assert "No country is called" in response.content.decode()
    assert Case.objects.count() == 0


def test_case_api_country_and_dates(world, client_for):
    client = client_for(world.users["case_worker"])
    body = {
        "idempotency_key": "api-1",
        "full_name": "Ngô Văn Sơn",
        "intake_channel": "hotline",
        "intake_date": days_ago(1).isoformat(),
        "exploitation_country": "Cam-pu-chia",
        "nationality": "Việt Nam",
    }
    made = _json(client, "/api/v1/cases", body)
    assert made.status_code == 201, made.content
    case = Case.objects.get()
    assert (case.exploitation_country, case.intake_date) == ("KH", days_ago(1))
    assert made.json()["exploitation_country"] == "KH"
    bad = _json(
        client,
        "/api/v1/cases",
        body | {"idempotency_key": "api-2", "exploitation_country": "Xyz"},
    )
    assert bad.status_code == 422
    assert "No country" in bad.content.decode() or "Không có" in bad.content.decode()
    assert Case.objects.count() == 1


def test_handover_import_country_by_name(world, client_for):
    import io

    client = client_for(world.users["intake_officer"])
    handle = io.BytesIO(
        "full_name,exploitation_country\nTrần Văn Ba,Myanmar\nLê Thị Bốn,\n".encode()
    )
    handle.name = "list.csv"
    response = client.post(
        "/cases/import/",
        {
            "file": handle,
            "handover_date": days_ago(1).isoformat(),
            "intake_channel": "handover",
            "exploitation_country": "Campuchia",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert sorted(Case.objects.values_list("exploitation_country", flat=True)) == ["KH", "MM"]


def test_freeze_deadline_round_trip(world, client_for):
    """The datetime input reads what the browser sends and shows it back in local time."""
    request = make_freeze(world, deadline=timezone.now() + dt.timedelta(days=2))
    page = client_for(world.users["liaison"]).get(f"/intel/inbox/{request.pk}/").content.decode()
    assert timezone.localtime(request.deadline).strftime("%d/%m/%Y %H:%M") in page
