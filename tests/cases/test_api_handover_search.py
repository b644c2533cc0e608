"""The API of hand-overs (send, accept, return, incoming) and of case search."""

from ctip.cases.models import Case, CaseHandover
from ctip.config.api import api
from ctip.core.models import AuditEvent
from tests.cases.factories import make_case


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def _schema(name):
    return api.get_openapi_schema()["components"]["schemas"][name]


def test_input_schemas_declare_required_fields_and_enums():
    handover = _schema("CaseHandoverIn")
    assert set(handover["required"]) == {"agency_id", "reason"}
    answer = _schema("CaseHandoverAnswerIn")
    assert answer["required"] == ["answer"]
    document = api.get_openapi_schema()
    enum = document["components"]["schemas"]["CaseHandoverAnswer"]["enum"]
    assert set(enum) == {"accept", "return"}
    assert _schema("CaseSearchIn")["required"] == ["q"]


def test_send_then_accept_moves_the_lead(world, client_for):
    worker = world.users["case_worker"]
    case = make_case(worker)
    sent = _post(
        client_for(worker),
        f"/api/v1/cases/{case.pk}/handovers",
        {"agency_id": world.other.pk, "reason": "home province", "version": case.version},
    )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert body["status"] == "sent"
    assert body["to_agency"] == str(world.other)
    receiver = client_for(world.other_users["case_worker"])
    incoming = receiver.get("/api/v1/cases/handovers/incoming").json()
    assert [h["id"] for h in incoming["items"]] == [body["id"]]
    # The sender sees nothing waiting on itself, and may not answer its own hand-over.
    sender = client_for(worker)
    assert sender.get("/api/v1/cases/handovers/incoming").json()["items"] == []
    refused = _post(sender, f"/api/v1/cases/handovers/{body['id']}/answer", {"answer": "accept"})
    assert refused.status_code == 422
    accepted = _post(receiver, f"/api/v1/cases/handovers/{body['id']}/answer", {"answer": "accept"})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert Case.objects.get(pk=case.pk).lead_agency_id == world.other.pk


def test_return_needs_a_reason(world, client_for):
    worker = world.users["case_worker"]
    case = make_case(worker)
    sent = _post(
        client_for(worker),
        f"/api/v1/cases/{case.pk}/handovers",
        {"agency_id": world.other.pk, "reason": "home province"},
    ).json()
    receiver = client_for(world.other_users["case_worker"])
    url = f"/api/v1/cases/handovers/{sent['id']}/answer"
    missing = _post(receiver, url, {"answer": "return"})
    assert missing.status_code == 422
    assert missing["Content-Type"] == "application/problem+json"
    assert _post(receiver, url, {"answer": "maybe", "reason": "x"}).status_code == 422
    returned = _post(receiver, url, {"answer": "return", "reason": "not from this province"})
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert Case.objects.get(pk=case.pk).lead_agency_id == world.agency.pk


def test_bad_hand_overs_are_clear_errors_and_write_nothing(world, client_for):
    worker = world.users["case_worker"]
    case = make_case(worker)
    client = client_for(worker)
    url = f"/api/v1/cases/{case.pk}/handovers"
    for body in (
        {"agency_id": 999999, "reason": "x"},
        {"agency_id": world.agency.pk, "reason": "to ourselves"},
        {"agency_id": world.other.pk},
        {"agency_id": world.other.pk, "reason": ""},
    ):
        response = _post(client, url, body)
        assert response.status_code == 422, (body, response.content)
        assert response["Content-Type"] == "application/problem+json"
    stale = _post(client, url, {"agency_id": world.other.pk, "reason": "x", "version": 99})
    assert stale.status_code == 409
    assert not CaseHandover.objects.exists()
    # Another agency cannot hand our case on.
    other = client_for(world.other_users["case_worker"])
    assert _post(other, url, {"agency_id": world.national.pk, "reason": "x"}).status_code == 404


def test_search_by_name_without_diacritics_in_any_order_id_and_phone(world, client_for):
    worker = world.users["case_worker"]
    case = make_case(
        worker, "Nguyễn Văn Hùng", identity_number="038098001111", phone="0912 345 678"
    )
    client = client_for(worker)
    for query, kind in (
        ("nguyen van hung", "name"),
        ("Hùng Nguyễn Văn", "name"),
        ("038098001111", "identity_number"),
        ("+84 912 345 678", "phone"),
    ):
        found = _post(client, "/api/v1/cases/search", {"q": query})
        assert found.status_code == 200, found.content
        assert kind in found.json()["by"], query
        assert [c["id"] for c in found.json()["cases"]] == [case.pk], query
    searches = AuditEvent.objects.filter(event_type="CASES_SEARCHED")
    assert searches.count() == 4
    assert "Hùng" not in str(list(searches.values_list("data", flat=True)))
    # Another agency finds nothing, and the search is still audited.
    other = client_for(world.other_users["case_worker"])
    assert _post(other, "/api/v1/cases/search", {"q": "Nguyen Van Hung"}).json()["cases"] == []
    assert searches.count() == 5


def test_search_refuses_what_it_cannot_read(world, client_for):
    client = client_for(world.users["case_worker"])
    assert _post(client, "/api/v1/cases/search", {}).status_code == 422
    assert _post(client, "/api/v1/cases/search", {"q": "ab"}).status_code == 422
    nothing = _post(client, "/api/v1/cases/search", {"q": "!!! ???"})
    assert nothing.status_code == 422
    assert nothing["Content-Type"] == "application/problem+json"
    # A role without case access is refused.
    assert _post(
        client_for(world.users["agency_admin"]), "/api/v1/cases/search", {"q": "abc"}
    ).status_code in {401, 403}
