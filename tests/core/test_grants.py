"""Administrators cannot act as their staff.

An agency administrator manages accounts; they must not become a reader of victims or
intelligence by their own hand: no token for a person's account, no guarded role for
themselves, and every role or token that reads personal data (or administers accounts)
waits for a second administrator of the agency or of one above it, who is notified; the
request and the decision are audited.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ctip.core import actions, selectors
from ctip.core.models import AuditEvent, GrantRequest, User
from ctip.core.roles import GUARDED_PERMISSIONS, PERMISSIONS, ROLES
from tests.cases.factories import make_case
from tests.conftest import PASSWORD


@pytest.fixture
def admin(world):
    return world.users["agency_admin"]


@pytest.fixture
def second_admin(world):
    return actions.user_create(
        actor=None,
        agency=world.agency,
        username="admin-2",
        password=PASSWORD,
        roles=["agency_admin"],
    )


@pytest.fixture
def machine(world):
    """A machine client's account: it has no password, so nobody signs in as it."""
    return actions.user_create(
        actor=None, agency=world.agency, username="bank-gw", password=None, roles=["liaison"]
    )


def _json(client, method, url, body):
    return getattr(client, method)(url, body, content_type="application/json")


def test_guarded_permissions_are_known_and_cover_every_read_of_persons():
    assert PERMISSIONS.keys() >= GUARDED_PERMISSIONS
    readers = {
        p for p in PERMISSIONS if p.split(".")[0] in {"cases", "intel", "cooperation", "hotline"}
    }
    assert readers <= GUARDED_PERMISSIONS
    assert not ROLES["agency_admin"].permissions & (readers - {"core.view_dashboard"})


def test_an_admin_cannot_issue_a_token_for_a_staff_member(world, admin, client_for):
    worker = world.users["case_worker"]
    with pytest.raises(PermissionDenied):
        actions.token_create(actor=admin, user=worker, name="mine", scopes=["cases.view_case"])
    client = client_for(admin)
    response = _json(
        client,
        "post",
        "/api/v1/tokens",
        {"user_id": worker.pk, "name": "x", "scopes": ["cases.view_case"]},
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    page = client.post(
        "/tokens/", {"user": worker.pk, "name": "x", "scopes": ["cases.view_case"], "days": 30}
    )
    assert page.status_code == 400
    assert not worker.api_tokens.exists()


def test_a_machine_token_that_reads_intel_waits_for_a_second_admin(
    world, admin, second_admin, machine, client_for
):
    issued = actions.token_create(
        actor=admin, user=machine, name="gateway", scopes=["intel.answer_freeze"]
    )
    assert issued.token.awaiting_approval
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}
    assert Client().get("/api/v1/me", **bearer).status_code == 401
    grant = GrantRequest.objects.get(token=issued.token)
    assert AuditEvent.objects.filter(event_type="GRANT_REQUESTED", target_id=str(grant.pk)).exists()
    assert selectors.inbox(second_admin).filter(message="core.grant_requested").exists()
    with pytest.raises(PermissionDenied):
        actions.grant_decide(actor=admin, grant=grant, approve=True)
    response = _json(
        client_for(second_admin), "post", f"/api/v1/grants/{grant.pk}/decision", {"approve": True}
    )
    assert response.status_code == 200, response.content
    assert Client().get("/api/v1/me", **bearer).status_code == 200
    assert selectors.inbox(admin).filter(message="core.grant_approved").exists()
    assert AuditEvent.objects.filter(event_type="GRANT_APPROVED").exists()


def test_a_refused_token_is_revoked(world, admin, second_admin, machine):
    issued = actions.token_create(
        actor=admin, user=machine, name="gateway", scopes=["intel.answer_freeze"]
    )
    grant = GrantRequest.objects.get(token=issued.token)
    actions.grant_decide(actor=second_admin, grant=grant, approve=False)
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    assert not issued.token.is_usable


def test_a_token_without_guarded_scopes_works_at_once(world, admin, machine):
    issued = actions.token_create(
        actor=admin, user=machine, name="dashboard", scopes=["core.view_dashboard"]
    )
    assert issued.token.is_usable
    assert not GrantRequest.objects.exists()


@pytest.mark.parametrize("role", ["investigator", "analyst", "case_worker", "supervisor"])
def test_an_admin_cannot_give_themselves_a_role_that_reads_persons_or_intel(
    world, admin, client_for, role
):
    with pytest.raises(ValidationError):
        actions.user_update(actor=admin, user=admin, roles=["agency_admin", role])
    client = client_for(admin)
    response = _json(
        client, "patch", f"/api/v1/users/{admin.pk}", {"roles": ["agency_admin", role]}
    )
    assert response.status_code == 422
    admin.refresh_from_db()
    assert admin.roles == ["agency_admin"]
    assert client.get("/api/v1/intel/clusters").status_code == 403
    assert not GrantRequest.objects.exists()


def test_a_guarded_role_for_staff_waits_for_a_second_admin_of_the_agency_or_above(
    world, admin, second_admin, client_for
):
    analyst = world.users["analyst"]
    actions.user_update(actor=admin, user=analyst, roles=["analyst", "investigator"])
    analyst.refresh_from_db()
    assert analyst.roles == ["analyst"]
    grant = GrantRequest.objects.get(user=analyst)
    assert grant.roles == ["analyst", "investigator"]
    # Not the one who asked, not the owner, not an admin of a sibling agency.
    with pytest.raises(PermissionDenied):
        actions.grant_decide(actor=admin, grant=grant, approve=True)
    sibling = world.other_users["agency_admin"]
    assert (
        client_for(sibling)
        .post(f"/staff/grants/{grant.pk}/decide/", {"decision": "approve"})
        .status_code
        == 404
    )
    national = actions.user_create(
        actor=None,
        agency=world.national,
        username="nat-admin",
        password=PASSWORD,
        roles=["agency_admin"],
    )
    page = client_for(national).post(
        f"/staff/grants/{grant.pk}/decide/", {"decision": "approve"}, follow=True
    )
    assert page.status_code == 200
    analyst.refresh_from_db()
    assert analyst.roles == ["analyst", "investigator"]
    assert selectors.inbox(analyst).filter(message="core.grant_approved").exists()
    with pytest.raises(ValidationError):
        actions.grant_decide(actor=second_admin, grant=grant, approve=False)


def test_an_approval_never_undoes_a_later_change(world, admin, second_admin):
    analyst = world.users["analyst"]
    actions.user_update(actor=admin, user=analyst, roles=["analyst", "investigator"])
    actions.user_update(actor=second_admin, user=analyst, roles=[])
    grant = GrantRequest.objects.get(user=analyst)
    with pytest.raises(ValidationError):
        actions.grant_decide(actor=second_admin, grant=grant, approve=True)
    analyst.refresh_from_db()
    assert analyst.roles == []


def test_an_account_created_with_guarded_roles_starts_without_them(world, admin, client_for):
    client = client_for(admin)
    response = _json(
        client,
        "post",
        "/api/v1/users",
        {
            "username": "new-cw",
            "agency_id": world.agency.pk,
            "roles": ["case_worker", "statistician"],
            "password": PASSWORD,
        },
    )
    assert response.status_code == 201, response.content
    created = User.objects.get(username="new-cw")
    assert created.roles == ["statistician"]
    assert GrantRequest.objects.get(user=created).roles == ["case_worker", "statistician"]
    # A second administrator account made by the same admin needs approval too, so it
    # cannot be the "second" administrator.
    actions.user_create(
        actor=admin,
        agency=world.agency,
        username="puppet",
        password=PASSWORD,
        roles=["agency_admin"],
    )
    assert User.objects.get(username="puppet").roles == []


def test_an_admin_reads_no_personal_data_by_any_path(world, admin, client_for):
    case = make_case(world.users["case_worker"])
    client = client_for(admin)
    for url in (
        "/cases/",
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/print/",
        f"/cases/{case.pk}/duplicates/",
        "/intel/reports/",
        "/intel/clusters/",
        "/intel/freeze/",
        "/audit/",
    ):
        assert client.get(url).status_code in (403, 404), url
    for url in (
        "/api/v1/cases",
        f"/api/v1/cases/{case.pk}",
        f"/api/v1/cases/{case.pk}/timeline",
        "/api/v1/intel/clusters",
        "/api/v1/audit/events",
    ):
        assert client.get(url).status_code in (403, 404), url
    with pytest.raises(ValidationError):
        actions.token_create(actor=admin, user=admin, name="self", scopes=["cases.view_case"])
    assert case.person.full_name not in client.get("/staff/").content.decode()


def test_an_admin_makes_a_machine_account_and_its_token_on_the_pages(world, admin, client_for):
    client = client_for(admin)
    made = client.post(
        "/staff/new/",
        {
            "username": "telco-gw",
            "agency": world.agency.pk,
            "roles": ["liaison", "statistician"],
            "password": "",
        },
    )
    assert made.status_code == 302, made.content
    machine = User.objects.get(username="telco-gw")
    assert not machine.has_usable_password()
    # Liaison answers freeze requests: it waits for approval; statistics apply at once.
    assert machine.roles == ["statistician"]
    assert GrantRequest.objects.filter(user=machine, status="pending").exists()
    page = client.post(
        "/tokens/",
        {"user": machine.pk, "name": "telco", "scopes": ["stats.view"], "days": 30},
    )
    assert page.status_code == 200
    assert machine.api_tokens.get().is_usable


def test_two_admins_editing_one_account_cannot_undo_each_other(
    world, admin, second_admin, client_for
):
    """Both read version 1; the second edit would silently put back what the first
    removed: it is refused with 409 (API) or a form error (page)."""
    analyst = world.users["analyst"]
    read = analyst.version
    first = _json(
        client_for(admin),
        "patch",
        f"/api/v1/users/{analyst.pk}",
        {"roles": [], "version": read},
    )
    assert first.status_code == 200, first.content
    assert first.json()["version"] == read + 1
    second = _json(
        client_for(second_admin),
        "patch",
        f"/api/v1/users/{analyst.pk}",
        {"roles": ["analyst"], "is_active": True, "version": read},
    )
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"
    missing = _json(client_for(second_admin), "patch", f"/api/v1/users/{analyst.pk}", {"roles": []})
    assert missing.status_code == 422
    page = client_for(second_admin).post(
        f"/staff/{analyst.pk}/",
        {"display_name": "x", "roles": ["statistician"], "is_active": "on", "version": read},
    )
    assert page.status_code == 400
    analyst.refresh_from_db()
    assert analyst.roles == []
    assert analyst.display_name != "x"


def test_a_second_factor_reset_of_a_reader_waits_for_a_second_admin(
    world, admin, second_admin, client_for
):
    """Else an admin who gave the first password enrols their own second factor."""
    from django.utils import timezone

    worker = world.users["case_worker"]
    User.objects.filter(pk=worker.pk).update(totp_confirmed_at=timezone.now(), totp_secret="X")
    page = client_for(admin).post(f"/staff/{worker.pk}/reset-second-factor/")
    assert page.status_code == 302
    worker.refresh_from_db()
    assert worker.has_second_factor
    grant = GrantRequest.objects.get(user=worker, kind="second_factor")
    actions.grant_decide(actor=second_admin, grant=grant, approve=True)
    worker.refresh_from_db()
    assert not worker.has_second_factor
    statistician = world.users["statistician"]
    assert actions.user_reset_second_factor(actor=admin, user=statistician)


def test_two_admins_editing_one_agency_cannot_undo_each_other(
    world, admin, second_admin, client_for
):
    """Both read one version; the second edit would silently put back the old name or
    reactivate what the first closed: it is refused with 409 (API) or a form error (page)."""
    agency = world.agency
    read = agency.version
    original = agency.name_en
    first = _json(
        client_for(admin),
        "patch",
        f"/api/v1/agencies/{agency.pk}",
        {"name_en": "Renamed by the first", "version": read},
    )
    assert first.status_code == 200, first.content
    assert first.json()["version"] == read + 1
    second = _json(
        client_for(second_admin),
        "patch",
        f"/api/v1/agencies/{agency.pk}",
        {"name_en": original, "version": read},
    )
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"
    assert "thay đổi cơ quan này" in second.json()["detail"]
    missing = _json(
        client_for(second_admin), "patch", f"/api/v1/agencies/{agency.pk}", {"name_en": original}
    )
    assert missing.status_code == 422
    page = client_for(second_admin).post(
        f"/agencies/{agency.pk}/",
        {
            "type": agency.type,
            "name_vi": agency.name_vi,
            "name_en": original,
            "country": "VN",
            "is_active": "on",
            "version": read,
        },
    )
    assert page.status_code == 400
    assert "thay đổi cơ quan này" in page.content.decode()
    agency.refresh_from_db()
    assert agency.name_en == "Renamed by the first"
    # A page read after the change saves.
    fresh = client_for(second_admin).post(
        f"/agencies/{agency.pk}/",
        {
            "type": agency.type,
            "name_vi": agency.name_vi,
            "name_en": original,
            "country": "VN",
            "is_active": "on",
            "version": agency.version,
        },
    )
    assert fresh.status_code == 302
    agency.refresh_from_db()
    assert (agency.name_en, agency.version) == (original, read + 2)
