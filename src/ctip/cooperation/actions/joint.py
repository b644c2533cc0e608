"""Joint investigations: a criminal case shared with a counterpart abroad (the proceedings
app calls these), requests for legal assistance between the two sides, persons transferred."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.cooperation import notices
from ctip.cooperation.actions import common
from ctip.cooperation.events import CooperationEvent
from ctip.cooperation.models import (
    AssistanceRequest,
    Direction,
    JointInvestigation,
    PersonTransfer,
    TransferDirection,
    TransferKind,
)
from ctip.core import actions as core_actions
from ctip.core import audit
from ctip.core.scope import get_visible

if TYPE_CHECKING:
    from ctip.core.models import User

MAX_TEXT = 4000
DEFAULT_DAYS = 60
MAX_DAYS = 365


@dataclass(frozen=True)
class JointInput:
    case_id: int
    case_reference: str
    counterpart_id: int
    summary: str


@dataclass(frozen=True)
class AssistanceInput:
    joint_id: int
    subject: str
    days: int = DEFAULT_DAYS


@dataclass(frozen=True)
class AssistanceAnswerInput:
    request_id: int
    answer: str


@dataclass(frozen=True)
class TransferInput:
    joint_id: int
    accused_id: int
    full_name: str
    nationality: str
    kind: str
    direction: str
    transferred_on: dt.date


def _text(value: str, field: str, empty: str) -> str:
    text = value.strip()
    if not text:
        raise ValidationError({field: empty})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("Keep this under %d characters.") % MAX_TEXT})
    return text


def _vietnamese_side(actor: User, joint: JointInvestigation) -> None:
    if common.is_abroad(actor.agency) or not joint.agency.path.startswith(actor.agency.path):
        raise PermissionDenied("cooperation.joint")


@transaction.atomic
def joint_open(*, actor: User, data: JointInput) -> JointInvestigation:
    """Share a criminal case with a counterpart abroad; the caller (proceedings) has checked
    that the actor's agency is in charge of the case."""
    common.require(actor, "cooperation.joint")
    if common.is_abroad(actor.agency):
        raise PermissionDenied("cooperation.joint")
    partner = common.counterpart(data.counterpart_id)
    summary = _text(
        data.summary, "summary", _("Write, in English, what the counterpart is told of the case.")
    )
    if JointInvestigation.objects.filter(case_id=data.case_id, counterpart=partner).exists():
        raise ValidationError(
            {"counterpart": _("This case is already shared with this counterpart.")}
        )
    today = common.today()
    joint = JointInvestigation.objects.create(
        number=common.provisional_number(),
        case_id=data.case_id,
        case_reference=data.case_reference,
        counterpart=partner,
        agency=actor.agency,
        summary=summary,
        opened_on=today,
        opened_by=actor,
    )
    common.numbered(joint, "JI", today)
    audit.record(
        CooperationEvent.JOINT_OPENED,
        actor=actor,
        target=joint,
        fields=["counterpart", "summary"],
        data={"case": data.case_reference},
    )
    core_actions.notify(
        actor=actor,
        agency=partner,
        kind="joint",
        message=notices.JOINT_SHARED,
        params={"case": data.case_reference, "joint": joint.number},
        link=notices.joint_link(joint.pk),
        permission="cooperation.joint",
    )
    return joint


def joint(actor: User, joint_id: int) -> JointInvestigation:
    return get_visible(
        JointInvestigation.objects.select_related("agency", "counterpart"),
        actor,
        "cooperation.joint",
        pk=joint_id,
    )


def assistance_send(*, actor: User, data: AssistanceInput) -> AssistanceRequest:
    """A request for legal assistance, from either side to the other, with a deadline."""
    with transaction.atomic():
        return _assistance_send(actor, data)


def _assistance_send(actor: User, data: AssistanceInput) -> AssistanceRequest:
    found = joint(actor, data.joint_id)
    abroad = common.is_abroad(actor.agency)
    if not abroad:
        _vietnamese_side(actor, found)
    subject = _text(data.subject, "subject", _("Say what is asked."))
    if not 1 <= data.days <= MAX_DAYS:
        raise ValidationError({"days": _("Give between 1 and %d days to answer.") % MAX_DAYS})
    today = common.today()
    request = AssistanceRequest.objects.create(
        joint=found,
        direction=Direction.FROM_ABROAD if abroad else Direction.TO_ABROAD,
        subject=subject,
        sent_on=today,
        deadline=today + dt.timedelta(days=data.days),
        sent_by=actor,
    )
    audit.record(
        CooperationEvent.ASSISTANCE_SENT,
        actor=actor,
        target=found,
        fields=["subject", "deadline"],
        data={"request": request.pk},
    )
    core_actions.notify(
        actor=actor,
        agency=found.agency if abroad else found.counterpart,
        kind="joint",
        message=notices.ASSISTANCE_RECEIVED,
        params={"joint": found.number, "deadline": request.deadline.isoformat()},
        link=notices.joint_link(found.pk),
        permission="cooperation.joint",
        key=notices.assistance_key(request.pk),
    )
    return request


def may_answer(actor: User, request: AssistanceRequest) -> bool:
    """The other side answers: the counterpart a request sent abroad, the Vietnamese agency
    (or one above it) a request from abroad; once."""
    if request.answered_on is not None or not actor.has_ctip_perm("cooperation.joint"):
        return False
    if request.direction == Direction.TO_ABROAD:
        return actor.agency_id == request.joint.counterpart_id
    return not common.is_abroad(actor.agency) and request.joint.agency.path.startswith(
        actor.agency.path
    )


def assistance_answer(*, actor: User, data: AssistanceAnswerInput) -> AssistanceRequest:
    """The other side's answer, once."""
    with transaction.atomic():
        return _assistance_answer(actor, data)


def _assistance_answer(actor: User, data: AssistanceAnswerInput) -> AssistanceRequest:
    request = get_visible(
        AssistanceRequest.objects.select_for_update().select_related(
            "joint__agency", "joint__counterpart"
        ),
        actor,
        "cooperation.joint",
        pk=data.request_id,
    )
    if request.answered_on is not None:
        raise ValidationError(_("This request has already been answered."))
    if not may_answer(actor, request):
        raise ValidationError(_("This request is answered by the other side of the exchange."))
    request.answer = _text(data.answer, "answer", _("Write the answer."))
    request.answered_on = common.today()
    request.answered_by = actor
    request.save(update_fields=["answer", "answered_on", "answered_by"])
    audit.record(
        CooperationEvent.ASSISTANCE_ANSWERED,
        actor=actor,
        target=request.joint,
        fields=["answer"],
        data={"request": request.pk},
    )
    core_actions.notifications_resolve(actor=actor, key=notices.assistance_key(request.pk))
    core_actions.notify(
        actor=actor,
        agency=(
            request.joint.agency
            if request.direction == Direction.TO_ABROAD
            else request.joint.counterpart
        ),
        kind="joint",
        message=notices.ASSISTANCE_ANSWERED,
        params={"joint": request.joint.number},
        link=notices.joint_link(request.joint_id),
        permission="cooperation.joint",
    )
    return request


@transaction.atomic
def transfer_record(*, actor: User, data: TransferInput) -> PersonTransfer:
    """A person of the case extradited, transferred or handed over; recorded by the
    Vietnamese side (the proceedings app, for one of its accused)."""
    found = joint(actor, data.joint_id)
    _vietnamese_side(actor, found)
    if data.kind not in TransferKind.values:
        raise ValidationError({"kind": _("Choose the kind of transfer.")})
    if data.direction not in TransferDirection.values:
        raise ValidationError({"direction": _("Choose the direction of the transfer.")})
    if data.transferred_on > common.today():
        raise ValidationError({"transferred_on": _("This date is in the future.")})
    if PersonTransfer.objects.filter(
        joint=found, accused_id=data.accused_id, kind=data.kind
    ).exists():
        raise ValidationError({"kind": _("This transfer of this person is already recorded.")})
    transfer = PersonTransfer.objects.create(
        joint=found,
        accused_id=data.accused_id,
        full_name=data.full_name,
        nationality=data.nationality[:2],
        kind=data.kind,
        direction=data.direction,
        transferred_on=data.transferred_on,
        recorded_by=actor,
    )
    audit.record(
        CooperationEvent.PERSON_TRANSFERRED,
        actor=actor,
        target=found,
        fields=["kind", "direction", "transferred_on"],
        data={"transfer": transfer.pk, "kind": data.kind},
    )
    return transfer
