"""The agency's list (own cases through the index, referred and shared ones merged in)
holds exactly the rows of ``Case.scope_q`` in the same order, page after page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

from ctip.cases import actions, selectors
from ctip.cases.models import Case
from tests.cases.factories import days_ago, make_case, make_provider


def _close(case, user):
    for target in ("screening", "closed"):
        case = actions.case_transition(
            actor=user, case=case, target=target, version=case.version, reason="done"
        )
    return case


@pytest.fixture
def mixed(world):
    ours, theirs = world.users["case_worker"], world.other_users["case_worker"]
    boss = world.other_users["supervisor"]
    provider = make_provider(world.agency, "Ha Noi shelter")
    cases = [make_case(ours, f"Người {i}", intake_date=days_ago(i % 4)) for i in range(7)]
    _close(cases[1], world.users["supervisor"])
    elsewhere = [
        make_case(
            theirs,
            f"Người khác {i}",
            intake_date=days_ago(i % 3),
            consent_processing=True,
            consent_share_agencies=[world.agency],
        )
        for i in range(8)
    ]
    referrals = [
        actions.referral_send(
            actor=theirs,
            case=c,
            data=actions.ReferralInput(provider=provider, services=["shelter"]),
        )
        for c in elsewhere[:4]
    ]
    receiver = world.users["case_worker"]
    actions.referral_answer(actor=receiver, referral=referrals[1], answer="accept")
    actions.referral_answer(actor=receiver, referral=referrals[2], answer="decline", reason="full")
    actions.referral_answer(actor=receiver, referral=referrals[3], answer="accept")
    actions.referral_answer(actor=receiver, referral=referrals[3], answer="complete")
    for case in elsewhere[4:7]:
        actions.case_share(
            actor=boss,
            case=case,
            data=actions.ShareInput(agency=world.agency, reason="investigation"),
        )
    share = elsewhere[6].shares.get()
    actions.share_revoke(actor=boss, share=share)
    _close(elsewhere[5], boss)
    return cases, elsewhere


@pytest.mark.parametrize("open_only", [True, False])
@pytest.mark.parametrize("role", ["case_worker", "investigator"])
def test_same_rows_same_order_as_the_scope(world, mixed, open_only, role):
    actor = world.users[role]
    expected = list(selectors.cases(actor, open_only=open_only))
    merged = selectors.agency_cases(actor, open_only=open_only)
    assert merged.count() == len(expected)
    assert list(merged[0 : len(expected)]) == expected
    for per_page in (1, 2, 3, 5):
        pages = Paginator(merged, per_page)
        rows = [c for n in pages.page_range for c in pages.page(n).object_list]
        assert rows == expected
    # Referred (open) and shared (not revoked) cases of the other agency are in; others out.
    assert {c.lead_agency_id for c in expected} == {world.agency.pk, world.other.pk}


def test_status_filter_and_overdue_flag(world, mixed):
    actor = world.users["case_worker"]
    closed = selectors.agency_cases(actor, status="closed")
    assert [c.status for c in closed[0:10]] == ["closed", "closed"]
    assert all(hasattr(c, "has_overdue") for c in closed[0:10])
    assert selectors.agency_cases(world.other_users["case_worker"]).count() == 8


def test_nobody_else_and_no_permission(world, mixed):
    with pytest.raises(PermissionDenied):
        selectors.agency_cases(world.users["analyst"])
    assert Case.objects.count() == 15


def test_api_list_uses_it(world, client_for, mixed):
    client = client_for(world.users["case_worker"])
    body = client.get("/api/v1/cases?page_size=4").json()
    expected = list(selectors.cases(world.users["case_worker"]))
    assert body["count"] == len(expected)
    assert [c["id"] for c in body["items"]] == [c.pk for c in expected[:4]]
    page = client.get("/cases/?show=open")
    assert page.status_code == 200
