"""Agencies involved in a case are notified in the platform: identification, referrals,
sharing. Notices name the case by its reference, never the person."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from ctip.cases import actions
from ctip.cases.models import Referral
from ctip.core import actions as core_actions
from ctip.core import selectors as core_selectors
from ctip.core.models import Notification
from tests.cases.factories import make_case, make_decision, make_provider, make_share
from tests.conftest import PASSWORD


def _subjects(user):
    with override("en"):
        return [n.subject for n in core_selectors.inbox(user)]


def test_referral_sent_and_answered_notify_both_sides(world, worker):
    case = make_case(worker, consent_processing=True, consent_share_agencies=[world.other])
    provider = make_provider(world.other, "Nghe An shelter")
    referral = actions.referral_send(
        actor=worker, case=case, data=actions.ReferralInput(provider=provider, services=["shelter"])
    )
    receiver = world.other_users["case_worker"]
    assert _subjects(receiver) == [
        f"Case {case.reference} was referred to your agency; answer the referral."
    ]
    notice = core_selectors.inbox(receiver).get()
    assert notice.link == f"/cases/referrals/{referral.pk}/"
    # Only staff who answer referrals see it.
    assert not core_selectors.inbox(world.other_users["investigator"]).exists()
    actions.referral_answer(actor=receiver, referral=referral, answer="accept")
    assert _subjects(worker)[0] == f"The referral of case {case.reference} was accepted."
    assert core_selectors.inbox(worker).get().link == f"/cases/{case.pk}/"


def test_identification_notifies_lead_and_involved_agencies(world, worker):
    share = make_share(world)
    decision = make_decision(world, share.case)
    reference = share.case.reference
    awaiting = f"An identification decision on case {reference} awaits approval."
    assert awaiting in _subjects(world.users["supervisor"])
    # Awaiting approval concerns the approvers of the lead agency only.
    assert awaiting not in _subjects(world.users["case_worker"])
    assert awaiting not in _subjects(world.other_users["investigator"])
    second = core_actions.user_create(
        actor=None,
        agency=world.agency,
        username="supervisor-2",
        password=PASSWORD,
        roles=["supervisor"],
    )
    actions.identification_approve(actor=second, decision=decision)
    approved = f"The identification decision on case {reference} was approved."
    assert approved in _subjects(world.users["case_worker"])
    assert approved in _subjects(world.other_users["case_worker"])
    # A revoked share or an unrelated agency hears nothing more.
    assert not Notification.objects.exclude(agency__in=[world.agency, world.other]).exists()


def test_share_notifies_the_agency_without_personal_data(world):
    share = make_share(world)
    rows = list(Notification.objects.filter(agency=world.other))
    assert len(rows) == 1
    assert rows[0].params == {"case": share.case.reference}
    assert "Nguyễn" not in str(rows[0].params)
    assert "Nguyễn" not in rows[0].subject


def test_failed_action_leaves_no_notification(world, worker):
    case = make_case(worker)
    provider = make_provider(world.other, "Nghe An shelter")
    with pytest.raises(ValidationError):
        actions.referral_send(
            actor=worker,
            case=case,
            data=actions.ReferralInput(provider=provider, services=["shelter"]),
        )
    assert not Notification.objects.exists()
    assert not Referral.objects.exists()
