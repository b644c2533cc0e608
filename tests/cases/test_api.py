"""The API: problem+json for bad input, 409 on a stale version, scoped reads, CTDC export."""

import json

from ctip.cases import actions
from ctip.cases.models import Case, IdentificationDecision
from ctip.core.models import User
from tests.cases.factories import days_ago, make_case, make_decision


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_create_case_idempotent_and_validated(world, client_for):
    client = client_for(world.users["case_worker"])
    body = {
        "idempotency_key": "abc",
        "full_name": "Ngô Văn Sơn",
        "intake_channel": "hotline",
        "intake_date": days_ago(0).isoformat(),
        "home_province": "Nghệ An",
        "phone": "0912000111",
    }
    first = _post(client, "/api/v1/cases", body)
    assert first.status_code == 201, first.content
    again = _post(client, "/api/v1/cases", body)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["person"]["home_province"] == "nghe-an"
    bad = _post(
        client,
        "/api/v1/cases",
        body | {"idempotency_key": "x2", "birth_date": "2999-01-01", "home_province": "Narnia"},
    )
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"
    broken = _post(client, "/api/v1/cases", body | {"intake_date": "31/02/2020"})
    assert broken.status_code == 422
    assert Case.objects.count() == 1


def test_detail_scoped_and_transition_conflict(world, client_for, case):
    client = client_for(world.users["case_worker"])
    detail = client.get(f"/api/v1/cases/{case.pk}")
    assert detail.status_code == 200
    assert detail.json()["person"]["full_name"] == "Nguyễn Văn An"
    assert (
        client_for(world.other_users["case_worker"]).get(f"/api/v1/cases/{case.pk}").status_code
        == 404
    )
    ok = _post(
        client, f"/api/v1/cases/{case.pk}/transitions", {"target": "screening", "version": 1}
    )
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = _post(
        client, f"/api/v1/cases/{case.pk}/transitions", {"target": "intake", "version": 1}
    )
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    missing = _post(
        client_for(world.users["supervisor"]),
        f"/api/v1/cases/{case.pk}/transitions",
        {"target": "closed", "reason": "opened twice"},
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["version"]


def test_list_paginates(world, client_for):
    worker = world.users["case_worker"]
    for i in range(3):
        make_case(worker, f"Person {i}")
    body = client_for(worker).get("/api/v1/cases?mine=true&page_size=2").json()
    assert body["count"] == 3
    assert len(body["items"]) == 2


def test_ctdc_export_is_k_anonymous(world, client_for):
    statistician = world.users["statistician"]
    sup2 = User.objects.create(username="sup-x", agency=world.agency, roles=["supervisor"])
    for _ in range(12):
        decision = make_decision(world)
        actions.identification_approve(actor=sup2, decision=decision)
    assert IdentificationDecision.objects.filter(approved_at__isnull=False).count() == 12
    body = client_for(statistician).get("/api/v1/cases/export/ctdc").json()
    assert body["k"] == 11
    assert body["total"] == 12
    assert len(body["rows"]) + body["suppressed"] == 12
    assert all("Nguy" not in str(r) for r in body["rows"])
    assert (
        client_for(world.users["case_worker"]).get("/api/v1/cases/export/ctdc").status_code == 403
    )


def test_the_longest_idempotency_key_fits_where_it_is_stored(world, client_for):
    """The key is stored with the account's prefix; PostgreSQL refuses an over-long value."""
    client = client_for(world.users["intake_officer"])
    body = {
        "full_name": "Lò Văn Sáu",
        "intake_channel": "handover",
        "intake_date": "2026-01-02",
        "idempotency_key": "k" * 56,
    }
    made = client.post("/api/v1/cases", json.dumps(body), content_type="application/json")
    assert made.status_code == 201, made.content
    body["idempotency_key"] = "k" * 80  # with its prefix, past the column
    refused = client.post("/api/v1/cases", json.dumps(body), content_type="application/json")
    assert refused.status_code == 422
