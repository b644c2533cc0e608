"""The registry's API: one operation per action, problems for bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from ctip.registry.models import Enterprise, Incident
from tests.registry.factories import make_board, make_enterprise, make_worker

pytestmark = pytest.mark.django_db


def _post(client, path, body):
    return client.post(f"/api/v1/registry{path}", body, content_type="application/json")


def test_an_enterprise_is_entered_changed_and_its_status_changed(world, client_for):
    client = client_for(world.users["labour_officer"])
    body = {"licence_number": "9/LĐTBXH-GP", "name": "Công ty TNHH Bình An", "markets": ["KR"]}
    created = _post(client, "/enterprises", body)
    assert created.status_code == 201
    enterprise = created.json()["enterprise"]
    assert enterprise["markets"] == ["KR"]
    same = _post(client, "/enterprises", body)
    assert (same.status_code, same.json()["outcome"]) == (200, "unchanged")
    status = _post(
        client,
        f"/enterprises/{enterprise['id']}/status",
        {"status": "suspended", "decision": "12/QĐ", "decided_on": "2025-11-01", "version": 1},
    )
    assert status.status_code == 200
    assert status.json()["status"] == "suspended"
    stale = _post(
        client,
        f"/enterprises/{enterprise['id']}/status",
        {"status": "active", "version": 1},
    )
    assert stale.status_code == 409
    detail = client.get(f"/api/v1/registry/enterprises/{enterprise['id']}").json()
    assert [h["kind"] for h in detail["history"]] == ["status", "created"]


def test_a_malformed_enterprise_is_a_problem_naming_each_field(world, client_for):
    client = client_for(world.users["labour_officer"])
    response = _post(
        client,
        "/enterprises",
        {"licence_number": "GP-9", "name": "X", "markets": ["Atlantis"], "tax_code": "12"},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert Enterprise.objects.count() == 0


def test_a_worker_and_an_incident_through_the_api(world, client_for):
    make_board(world)
    officer = client_for(world.users["labour_officer"])
    worker = _post(officer, "/workers", {"full_name": "Lê Văn Nam", "destination": "Nhật Bản"})
    assert worker.status_code == 201
    worker_id = worker.json()["worker"]["id"]
    orientation = _post(
        officer,
        f"/workers/{worker_id}/orientation",
        {"course": "Bồi dưỡng trước xuất cảnh", "completed_on": "2025-03-01"},
    )
    assert orientation.json()["orientations"][0]["course"] == "Bồi dưỡng trước xuất cảnh"
    report = Client().post(
        "/api/v1/registry/incidents/report",
        {"kind": "passport", "reporter": "worker", "country": "JP", "signs": ["debt"]},
        content_type="application/json",
    )
    assert report.status_code == 201
    incident = Incident.objects.get(reference=report.json()["reference"])
    assert incident.trafficking_signs is True
    board = client_for(world.users["board_officer"])
    listed = board.get("/api/v1/registry/incidents").json()["items"]
    assert [i["reference"] for i in listed] == [incident.reference]
    opened = _post(board, f"/incidents/{incident.pk}/case", {"full_name": "Lò Văn Páo"})
    assert opened.status_code == 201, opened.content
    incident.refresh_from_db()
    assert opened.json() == {"reference": incident.reference, "case_id": incident.case_id}
    closed = _post(board, f"/incidents/{incident.pk}/close", {"outcome": "returned"})
    assert closed.json()["incident"]["status"] == "closed"


def test_bad_incident_input_is_a_problem(world):
    for body in (
        {"kind": "lost", "reporter": "family", "country": "JP"},
        {"kind": "abuse", "reporter": "family", "country": "Atlantis"},
        {"kind": "abuse", "reporter": "staff", "country": "JP"},
        {"kind": "abuse", "reporter": "family", "country": "JP", "signs": ["magic"]},
    ):
        response = Client().post(
            "/api/v1/registry/incidents/report", body, content_type="application/json"
        )
        assert response.status_code == 422, body
    assert Incident.objects.count() == 0


def test_a_contract_with_a_fee_in_months_of_wages(world, client_for):
    make_enterprise(world.users["labour_officer"])
    client = client_for(world.users["labour_officer"])
    body = {
        "licence_number": "123/LĐTBXH-GP",
        "number": "HĐ-1",
        "employer": "Yamada K.K.",
        "destination": "JP",
        "job": "cơ khí",
        "starts_on": "2025-04-01",
        "ends_on": "2028-04-01",
        "registered_on": "2025-03-01",
        "service_fee": "2 tháng lương",
    }
    assert _post(client, "/contracts", body).status_code == 201
    over = _post(client, "/contracts", body | {"number": "HĐ-2", "service_fee": "4 tháng lương"})
    assert over.status_code == 422
    unreadable = _post(client, "/contracts", body | {"number": "HĐ-3", "service_fee": "2 tháng"})
    assert unreadable.status_code == 422
    assert "2 tháng lương" in unreadable.json()["detail"] + str(unreadable.json().get("errors"))


def test_another_agency_reads_no_worker(world, client_for):
    worker = make_worker(world)
    other = client_for(world.other_users["labour_officer"])
    assert other.get(f"/api/v1/registry/workers/{worker.pk}").status_code == 404
