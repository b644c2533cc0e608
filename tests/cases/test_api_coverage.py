"""API operations the issue lists beyond the basics: consent withdrawal, the
non-punishment statement and note, the timeline, overdue follow-ups, incoming referrals."""

from ctip.cases import actions
from ctip.cases.models import Consent, NonPunishmentStatement
from ctip.core.models import AuditEvent
from tests.cases.factories import days_ago, make_case, make_followup, make_provider, make_referral


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_consent_withdrawal(world, client_for, worker):
    case = make_case(worker, consent_processing=True)
    client = client_for(worker)
    assert client.delete(f"/api/v1/cases/{case.pk}/consents").status_code == 204
    assert not Consent.objects.filter(case=case, withdrawn_at__isnull=True).exists()
    other = client_for(world.other_users["case_worker"])
    assert other.delete(f"/api/v1/cases/{case.pk}/consents").status_code == 404


def test_statement_and_note(world, client_for, case, worker):
    client = client_for(worker)
    url = f"/api/v1/cases/{case.pk}/statements"
    act = {"act": "defrauding_others", "coercion": ["physical_violence", "debt"]}
    bad = _post(
        client, url, {"acts": [{"act": "defrauding_others"}], "interviewed_on": "2025-01-01"}
    )
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"
    unknown = _post(client, url, {"acts": [{"act": "flying", "coercion": ["debt"]}]})
    assert unknown.status_code == 422
    assert not NonPunishmentStatement.objects.exists()
    created = _post(client, url, {"acts": [act], "interviewed_on": days_ago(1).isoformat()})
    assert created.status_code == 201, created.content
    # Printing the note is the supervisor's export permission, recorded.
    assert client.get(f"/api/v1/cases/{case.pk}/note").status_code == 403
    supervisor = client_for(world.users["supervisor"])
    note = supervisor.get(f"/api/v1/cases/{case.pk}/note?lang=en")
    assert note.status_code == 200
    assert case.reference in note.json()["text"]
    assert note.json()["printed_by"] == "supervisor-a"
    assert AuditEvent.objects.filter(event_type="CASE_EXPORTED").count() == 1
    assert supervisor.get(f"/api/v1/cases/{case.pk}/note?lang=fr").status_code == 422
    empty = make_case(worker, "Lê Văn Cường")
    assert supervisor.get(f"/api/v1/cases/{empty.pk}/note").status_code == 404


def test_timeline_overdue_and_incoming(world, client_for, worker):
    followup = make_followup(world)
    client = client_for(worker)
    overdue = client.get("/api/v1/cases/followups/overdue").json()
    assert [i["id"] for i in overdue["items"]] == [followup.pk]
    assert overdue["items"][0]["case"] == followup.case.reference
    events = client.get(f"/api/v1/cases/{followup.case_id}/timeline").json()["items"]
    assert {"CASE_OPENED", "FOLLOWUPS_SCHEDULED"} <= {e["event_type"] for e in events}
    referral = make_referral(world, make_provider(world.agency))
    incoming = client.get("/api/v1/cases/referrals/incoming").json()["items"]
    assert [i["id"] for i in incoming] == [referral.pk]
    assert (
        client_for(world.other_users["case_worker"])
        .get("/api/v1/cases/referrals/incoming")
        .json()["items"]
        == []
    )


def test_detail_has_consent_plan_and_shares(world, client_for, worker):
    case = make_case(worker, consent_processing=True, consent_share_agencies=[world.other])
    actions.plan_save(
        actor=worker, case=case, goals="Về quê an toàn", support_types=["shelter"], version=0
    )
    actions.case_share(
        actor=worker, case=case, data=actions.ShareInput(agency=world.other, reason="học nghề")
    )
    body = client_for(worker).get(f"/api/v1/cases/{case.pk}").json()
    assert body["consent"]["share_agencies"] == [world.other.code]
    assert body["plan"]["support_types"] == ["shelter"]
    assert [s["agency"] for s in body["shares"]] == [world.other.code]
    bare = client_for(worker).get(f"/api/v1/cases/{make_case(worker, 'Lê Thị Hoa').pk}")
    assert bare.json()["consent"] is None
    assert bare.json()["plan"] is None
