"""Freeze requests: issued to an institution, answered once by its liaison, overdue listed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ctip.core.models import AuditEvent
from ctip.intel import actions, selectors
from ctip.intel.models import FreezeRequest, Indicator
from tests.intel.factories import make_bank, make_freeze, make_report


def test_issue_and_answer(world):
    request = make_freeze(world)
    liaison = world.users["liaison"]
    assert list(selectors.inbox(liaison)) == [request]
    answered = actions.freeze_request_answer(
        actor=liaison,
        request=request,
        data=actions.FreezeAnswerInput(
            status="partial",
            amount_held_vnd=12_500_000,
            note="Tài khoản chủ: NGUYEN VAN B; đã phong toả một phần",
        ),
    )
    assert answered.status == "partial"
    assert answered.amount_held_vnd == 12_500_000
    assert answered.answered_by == liaison
    types = list(
        AuditEvent.objects.filter(target_type="intel.freezerequest").values_list(
            "event_type", flat=True
        )
    )
    assert set(types) == {"FREEZE_REQUEST_ISSUED", "FREEZE_REQUEST_ANSWERED"}
    assert "NGUYEN" not in str(AuditEvent.objects.values_list("data", flat=True))


def test_a_second_answer_is_refused(world):
    request = make_freeze(world)
    liaison = world.users["liaison"]
    actions.freeze_request_answer(
        actor=liaison,
        request=request,
        data=actions.FreezeAnswerInput(status="done", amount_held_vnd=0),
    )
    with pytest.raises(actions.AlreadyAnswered):
        actions.freeze_request_answer(
            actor=liaison,
            request=request,
            data=actions.FreezeAnswerInput(status="rejected", note="Không có cơ sở"),
        )
    assert FreezeRequest.objects.get().status == "done"


def test_liaison_of_another_institution_cannot_answer(world):
    request = make_freeze(world)
    with pytest.raises(PermissionDenied):
        actions.freeze_request_answer(
            actor=world.other_users["liaison"],
            request=request,
            data=actions.FreezeAnswerInput(status="done", amount_held_vnd=0),
        )
    assert not selectors.inbox(world.other_users["liaison"]).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"status": "maybe"}, "status"),
        ({"status": "done"}, "amount_held_vnd"),
        ({"status": "done", "amount_held_vnd": -5}, "amount_held_vnd"),
        ({"status": "rejected"}, "note"),
    ],
)
def test_bad_answers_are_refused(world, values, field):
    request = make_freeze(world)
    with pytest.raises(ValidationError) as caught:
        actions.freeze_request_answer(
            actor=world.users["liaison"], request=request, data=actions.FreezeAnswerInput(**values)
        )
    assert field in caught.value.message_dict


def test_overdue_requests_are_listed(world):
    late = make_freeze(world)
    FreezeRequest.objects.filter(pk=late.pk).update(deadline=timezone.now() - dt.timedelta(hours=1))
    make_freeze(world)
    investigator = world.users["investigator"]
    assert list(selectors.issued_requests(investigator, overdue=True)) == [late]
    assert FreezeRequest.objects.get(pk=late.pk).is_overdue
    assert selectors.issued_requests(investigator).count() == 2
    assert not selectors.issued_requests(world.other_users["investigator"]).exists()


def test_issue_checks_its_input(world):
    investigator = world.users["investigator"]
    report = make_report(investigator)
    account = Indicator.objects.get(kind="bank_account")
    with pytest.raises(ValidationError) as caught:
        actions.freeze_request_issue(
            actor=investigator,
            data=actions.FreezeRequestInput(
                institution=world.other,
                indicators=[],
                reports=[report],
                legal_basis=" ",
                deadline=timezone.now() - dt.timedelta(days=1),
            ),
        )
    assert set(caught.value.message_dict) == {
        "institution",
        "indicators",
        "legal_basis",
        "deadline",
    }
    other_report = make_report(world.other_users["investigator"])
    with pytest.raises(PermissionDenied):
        actions.freeze_request_issue(
            actor=investigator,
            data=actions.FreezeRequestInput(
                institution=make_bank(world.agency),
                indicators=[account],
                reports=[other_report],
                legal_basis="Điều 174",
                deadline=timezone.now() + dt.timedelta(days=1),
            ),
        )
