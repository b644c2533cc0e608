"""Case plan, assigning a worker, sharing with consent, and choosing the follow-up start:
pages and API, bad input as form errors or problem+json."""

import datetime as dt
import json

from ctip.cases import actions
from ctip.cases.models import Case, CasePlan, CaseShare, FollowUp
from ctip.core import actions as core_actions
from tests.cases.factories import days_ago
from tests.conftest import PASSWORD


def _json(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


def test_plan_page_saves_and_shows_the_plan(world, client_for, case):
    client = client_for(world.users["case_worker"])
    response = client.post(
        f"/cases/{case.pk}/plan/",
        {
            "goals": "Về nhà an toàn; học nghề may",
            "support_types": ["shelter", "vocational_training"],
            "version": 0,
        },
        follow=True,
    )
    assert response.status_code == 200
    plan = CasePlan.objects.get(case=case)
    assert plan.support_types == ["shelter", "vocational_training"]
    assert "học nghề may" in response.content.decode()
    bad = client.post(
        f"/cases/{case.pk}/plan/", {"support_types": ["teleportation"], "version": 1}, follow=True
    )
    assert bad.status_code == 200
    assert CasePlan.objects.get(case=case).support_types == ["shelter", "vocational_training"]


def test_assign_a_worker_of_the_lead_agency_only(world, client_for, case):
    client = client_for(world.users["supervisor"])
    colleague = core_actions.user_create(
        actor=None, agency=world.agency, username="cw2", password=PASSWORD, roles=["case_worker"]
    )
    url = f"/cases/{case.pk}/assign/"
    assert client.post(url, {"version": case.version, "worker": colleague.pk}).status_code == 302
    case.refresh_from_db()
    assert case.assigned_worker == colleague
    # A stale version and a worker of another agency change nothing.
    client.post(url, {"version": 1, "worker": world.users["case_worker"].pk})
    client.post(url, {"version": case.version, "worker": world.other_users["case_worker"].pk})
    assert Case.objects.get(pk=case.pk).assigned_worker == colleague
    api = client_for(world.users["supervisor"])
    stale = _json(api, "post", f"/api/v1/cases/{case.pk}/assignment", {"version": 1})
    assert stale.status_code == 409
    foreign = _json(
        api,
        "post",
        f"/api/v1/cases/{case.pk}/assignment",
        {"version": case.version, "worker_id": world.other_users["case_worker"].pk},
    )
    assert foreign.status_code == 422
    assert foreign["Content-Type"] == "application/problem+json"


def test_sharing_needs_consent_or_a_supervisor_and_revoking_ends_access(world, client_for, case):
    worker = client_for(world.users["case_worker"])
    outsider = client_for(world.other_users["investigator"])
    url = f"/cases/{case.pk}/share/"
    worker.post(url, {"agency": world.other.pk, "reason": "investigation"})
    assert not CaseShare.objects.exists()
    actions.consent_record(
        actor=world.users["case_worker"],
        case=case,
        data=actions.ConsentInput(
            processing=True, later_contact=False, share_agencies=[world.other], given_on=days_ago(0)
        ),
    )
    response = worker.post(url, {"agency": world.other.pk, "reason": "investigation"}, follow=True)
    assert response.status_code == 200
    share = CaseShare.objects.get()
    assert outsider.get(f"/cases/{case.pk}/").status_code == 200
    again = worker.post(url, {"agency": world.other.pk, "reason": "again"}, follow=True)
    assert CaseShare.objects.count() == 1
    assert again.status_code == 200
    assert worker.post(f"/cases/shares/{share.pk}/revoke/").status_code == 302
    assert outsider.get(f"/cases/{case.pk}/").status_code == 404
    # Revoking twice is a message, not a second event.
    assert worker.post(f"/cases/shares/{share.pk}/revoke/", follow=True).status_code == 200


def test_share_api_refuses_without_consent_and_supervisor_overrides(world, client_for, case):
    body = {"agency_id": world.other.pk, "reason": "investigation"}
    refused = _json(
        client_for(world.users["case_worker"]),
        "post",
        f"/api/v1/cases/{case.pk}/shares",
        body,
    )
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    supervisor = client_for(world.users["supervisor"])
    created = _json(
        supervisor,
        "post",
        f"/api/v1/cases/{case.pk}/shares",
        body | {"override_reason": "urgent police request"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["consent_override"] is True
    unknown = _json(
        supervisor, "post", f"/api/v1/cases/{case.pk}/shares", body | {"agency_id": 999999}
    )
    assert unknown.status_code == 422
    share_id = created.json()["id"]
    assert supervisor.delete(f"/api/v1/cases/shares/{share_id}").status_code == 204
    assert supervisor.delete(f"/api/v1/cases/shares/{share_id}").status_code == 422


def test_follow_up_start_is_chosen_and_open_visits_rescheduled(world, client_for, case):
    client = client_for(world.users["case_worker"])
    url = f"/cases/{case.pk}/followups/"
    client.post(url, {"start": (case.intake_date - dt.timedelta(days=5)).isoformat()})
    client.post(url, {"start": "not a date"})
    assert not FollowUp.objects.exists()
    client.post(url, {"start": days_ago(1).isoformat()})
    first = FollowUp.objects.filter(case=case).order_by("due_on")
    assert [f.months for f in first] == [1, 3, 6, 12]
    visit = first[0]
    actions.followup_complete(
        actor=world.users["case_worker"],
        followup=visit,
        done_on=days_ago(0),
        outcomes={
            "safety": 4,
            "health": 3,
            "housing": 3,
            "work_and_income": 2,
            "retrafficking_risk": 3,
        },
    )
    response = _json(
        client,
        "post",
        f"/api/v1/cases/{case.pk}/followups",
        {"start": days_ago(0).isoformat()},
    )
    assert response.status_code == 201, response.content
    assert FollowUp.objects.filter(case=case).count() == 5
    assert FollowUp.objects.filter(case=case, done_on__isnull=False).get().pk == visit.pk
    late = _json(client, "post", f"/api/v1/cases/{case.pk}/followups", {"start": "2099-01-01"})
    assert late.status_code == 422


def test_plan_api(world, client_for, case):
    client = client_for(world.users["case_worker"])
    saved = _json(
        client,
        "put",
        f"/api/v1/cases/{case.pk}/plan",
        {"goals": "x", "support_types": ["shelter"], "version": 0},
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["support_types"] == ["shelter"]
    bad = _json(
        client,
        "put",
        f"/api/v1/cases/{case.pk}/plan",
        {"goals": "x", "support_types": ["nope"], "version": 1},
    )
    assert bad.status_code == 422


def test_two_editors_of_one_plan_cannot_lose_each_others_change(world, client_for, case):
    """Both read version 1; the second save is refused with 409, not silently applied."""
    first = client_for(world.users["case_worker"])
    second = client_for(world.users["supervisor"])
    url = f"/api/v1/cases/{case.pk}/plan"
    created = _json(first, "put", url, {"goals": "Về nhà", "support_types": [], "version": 0})
    assert created.status_code == 200, created.content
    read = created.json()["version"]
    mine = _json(
        first, "put", url, {"goals": "Về nhà; học nghề", "support_types": [], "version": read}
    )
    assert mine.status_code == 200, mine.content
    theirs = _json(second, "put", url, {"goals": "Tìm việc", "support_types": [], "version": read})
    assert theirs.status_code == 409
    assert theirs["Content-Type"] == "application/problem+json"
    assert theirs.json()["detail"].startswith(("Someone else", "Người khác"))
    assert CasePlan.objects.get(case=case).goals == "Về nhà; học nghề"
    stale_create = _json(second, "put", url, {"goals": "x", "support_types": [], "version": 0})
    assert stale_create.status_code == 409


def test_the_plan_page_refuses_a_stale_form(world, client_for, case):
    first = client_for(world.users["case_worker"])
    second = client_for(world.users["supervisor"])
    url = f"/cases/{case.pk}/plan/"
    assert first.post(url, {"goals": "Về nhà", "version": 0}).status_code == 302
    page = second.post(url, {"goals": "Tìm việc", "version": 0}, follow=True)
    assert "Someone else" in page.content.decode() or "Người khác" in page.content.decode()
    assert CasePlan.objects.get(case=case).goals == "Về nhà"
    assert first.get(f"/cases/{case.pk}/").context["plan_form"].initial["version"] == 1
    assert first.post(url, {"goals": "Về nhà; học nghề", "version": 1}).status_code == 302
    assert CasePlan.objects.get(case=case).goals == "Về nhà; học nghề"


def test_a_plan_body_that_is_not_a_plan_never_erases_the_goals(world, client_for, case):
    client = client_for(world.users["case_worker"])
    url = f"/api/v1/cases/{case.pk}/plan"
    ok = _json(
        client, "put", url, {"goals": "Về nhà an toàn", "support_types": ["shelter"], "version": 0}
    )
    assert ok.status_code == 200, ok.content
    version = ok.json().get("version", 1)
    for body in (
        [1, 2, 3],
        "x",
        7,
        None,
        {},
        {"version": version},
        {"goals": 5, "version": version},
        {"support_types": "shelter", "goals": "", "version": version},
        {"goals": "a", "support_types": [], "version": version, "owner": 1},
    ):
        response = client.put(url, json.dumps(body), content_type="application/json")
        assert 400 <= response.status_code < 500, (body, response.status_code, response.content)
        assert response["Content-Type"] == "application/problem+json"
    plan = CasePlan.objects.get(case=case)
    assert plan.goals == "Về nhà an toàn"
    assert plan.support_types == ["shelter"]
