"""The intel API: machine reports, public lookup, networks, liaison answers, exchange."""

import datetime as dt
import json

import pytest
from django.test import Client, override_settings

from ctip.core import actions as core_actions
from ctip.intel import actions
from ctip.intel.models import FreezeRequest, Indicator, Report
from tests.intel.factories import make_bank, make_freeze, make_report

REPORT = {
    "external_id": "VCB-2025-000123",
    "type": "impersonation",
    "narrative": "Khách hàng bị gọi giả danh công an, chuyển 80 triệu",
    "amount_lost_vnd": 80_000_000,
    "reporter_name": "Đoàn Văn Hải",
    "reporter_phone": "0987 000 111",
    "indicators": [
        {"kind": "phone", "value": "0912 345 678"},
        {"kind": "bank_account", "value": "0011 0012 3456", "bank": "970436"},
        {"kind": "phone", "value": "12"},
    ],
}


def _bearer(user, scopes):
    issued = core_actions.token_create(actor=None, user=user, name="gateway", scopes=scopes)
    return Client(headers={"authorization": f"Bearer {issued.secret}"})


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_bank_files_reports_idempotently(world):
    bank = _bearer(world.users["liaison"], ["intel.report"])
    first = _post(bank, "/api/v1/intel/reports", REPORT)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["created"] is True
    assert set(body["indicators"]) == {"phone:+84912345678", "bank_account:970436:001100123456"}
    assert body["rejected"][0]["value"] == "12"
    again = _post(bank, "/api/v1/intel/reports", REPORT)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Report.objects.get().channel == "api"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"type": "nonsense"},
        {"type": "other", "amount_lost_vnd": -1, "indicators": [{"kind": "phone", "value": "1"}]},
        {"type": "other", "indicators": "0912345678"},
        {"type": "other", "indicators": [{"kind": "phone"}]},
        {"type": "other", "external_id": "x" * 101, "narrative": "a"},
    ],
)
def test_bad_reports_are_problems_not_500(world, body):
    bank = _bearer(world.users["liaison"], ["intel.report"])
    response = _post(bank, "/api/v1/intel/reports", body)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_malformed_json_is_a_problem(world):
    bank = _bearer(world.users["liaison"], ["intel.report"])
    response = bank.post("/api/v1/intel/reports", b"{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_token_scope_is_enforced(world):
    bank = _bearer(world.users["liaison"], ["intel.answer_freeze"])
    assert _post(bank, "/api/v1/intel/reports", REPORT).status_code == 403


def test_public_lookup(world):
    make_report(None, reporter_name="Nguyễn Thị Mai")
    response = Client().get("/api/v1/intel/lookup", {"kind": "phone", "value": "+84912345678"})
    assert response.status_code == 200
    body = response.json()
    assert body["reports"] == 1
    assert body["verified"] is False
    assert set(body) == {
        "kind",
        "display",
        "reports",
        "first_month",
        "last_month",
        "verified",
        "partner_sources",
        "verified_reports",
        "unverified_reports",
        "cleared",
    }
    assert body["unverified_reports"] == 1
    assert "Mai" not in response.content.decode()
    bad = Client().get("/api/v1/intel/lookup", {"kind": "phone", "value": "12"})
    assert bad.status_code == 422
    assert Client().get("/api/v1/intel/lookup").status_code == 422


def test_public_lookup_gives_months_in_viet_nam_time_and_the_verification(world):
    # 31 March 20:00 UTC is already 1 April in Ha Noi (UTC+7).
    investigator = world.users["investigator"]
    make_report(investigator, reported_at=dt.datetime(2025, 3, 31, 20, 0, tzinfo=dt.UTC))
    make_report(investigator, reported_at=dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.UTC))
    found = Indicator.objects.get(kind="phone", key="+84912345678")
    actions.indicator_verify(actor=investigator, indicator=found, note="Bản án")
    body = Client().get("/api/v1/intel/lookup", {"kind": "phone", "value": "0912.345.678"}).json()
    assert (body["reports"], body["first_month"], body["last_month"]) == (2, "2025-04", "2025-06")
    assert body["verified"] is True
    never = Client().get("/api/v1/intel/lookup", {"kind": "phone", "value": "0987 654 321"}).json()
    assert (never["reports"], never["first_month"], never["verified"]) == (0, "", False)


@override_settings(CTIP_INTEL_LOOKUPS_PER_MINUTE=2)
def test_public_lookup_is_rate_limited(world):
    client = Client()
    for _ in range(2):
        client.get("/api/v1/intel/lookup", {"kind": "phone", "value": "0912345678"})
    limited = client.get("/api/v1/intel/lookup", {"kind": "phone", "value": "0912345678"})
    assert limited.status_code == 429
    assert limited["Retry-After"]
    assert limited["Content-Type"] == "application/problem+json"


def test_clusters(world, client_for):
    make_report(world.users["investigator"])
    make_report(world.users["investigator"])
    client = client_for(world.users["analyst"])
    items = client.get("/api/v1/intel/clusters").json()["items"]
    assert len(items) == 1
    assert items[0]["size"] == 2
    assert client.get(f"/api/v1/intel/clusters/{items[0]['id']}").status_code == 200
    other = client_for(world.other_users["analyst"])
    assert other.get("/api/v1/intel/clusters").json()["items"] == []
    assert other.get(f"/api/v1/intel/clusters/{items[0]['id']}").status_code == 404


def test_liaison_fetches_and_answers_once(world):
    request = make_freeze(world)
    bank = _bearer(world.users["liaison"], ["intel.answer_freeze"])
    listed = bank.get("/api/v1/intel/freeze-requests").json()["items"]
    assert [r["id"] for r in listed] == [request.pk]
    assert listed[0]["accounts"][0]["key"] == "970436:001100123456"
    url = f"/api/v1/intel/freeze-requests/{request.pk}/answer"
    answer = _post(bank, url, {"status": "partial", "amount_held_vnd": 3_000_000, "note": "ok"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "partial"
    second = _post(bank, url, {"status": "rejected", "note": "x"})
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"
    assert FreezeRequest.objects.get().status == "partial"
    bad = make_freeze(world)
    invalid = _post(bank, f"/api/v1/intel/freeze-requests/{bad.pk}/answer", {"status": "done"})
    assert invalid.status_code == 422
    other_bank = make_bank(world.other, "t-bank-b", bin="970422")
    assert other_bank.pk
    stranger = _bearer(world.other_users["liaison"], ["intel.answer_freeze"])
    assert _post(stranger, url, {"status": "done", "amount_held_vnd": 0}).status_code == 404


SECRETS = ("Đoàn Văn Hải", "0987", "987000111", "giả danh", "VCB-2025", "SR-")


def test_stix_and_misp_exports_hold_no_reporter_or_victim_data(world, client_for):
    bank = _bearer(world.users["liaison"], ["intel.report"])
    _post(bank, "/api/v1/intel/reports", REPORT)
    national = core_actions.user_create(
        actor=None,
        agency=world.national,
        username="analyst-national",
        password="correct horse battery staple",
        roles=["analyst"],
    )
    client = client_for(national)
    stix = client.get("/api/v1/intel/export/stix")
    assert stix.status_code == 200
    text = stix.content.decode()
    assert "+84912345678" in text
    assert "001100123456" in text
    misp = client.get("/api/v1/intel/export/misp").content.decode()
    assert "+84912345678" in misp
    report = Report.objects.get()
    for secret in (*SECRETS, report.ref, report.reference):
        assert secret not in text, secret
        assert secret not in misp, secret


def test_import_normalises_and_matches(world, client_for):
    make_report(world.users["investigator"])
    client = client_for(world.users["analyst"])
    stix = client.get("/api/v1/intel/export/stix").content
    matched = client.post("/api/v1/intel/import/stix", stix, content_type="application/json")
    assert matched.status_code == 200
    refs = {i["ref"]: i["reports"] for i in matched.json()["indicators"]}
    assert refs["phone:+84912345678"] == 1
    misp = client.get("/api/v1/intel/export/misp").content
    assert client.post("/api/v1/intel/import/misp", misp, content_type="application/json").json()[
        "indicators"
    ]
    for garbage in (b"[1]", b"{", b'{"objects": 5}', b'{"Event": {"Object": [1]}}'):
        for fmt in ("stix", "misp"):
            response = client.post(
                f"/api/v1/intel/import/{fmt}", garbage, content_type="application/json"
            )
            assert response.status_code in (200, 422), (fmt, garbage, response.status_code)
