"""Reads of joint investigations: the counterpart sees what was shared with it, in English."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ctip.cooperation.actions import common
from ctip.cooperation.actions.joint import joint, may_answer
from ctip.cooperation.models import (
    AssistanceRequest,
    Direction,
    JointInvestigation,
    TransferDirection,
    TransferKind,
)
from ctip.core import audit
from ctip.core.models import User
from ctip.core.scope import get_visible, visible
from ctip.core.values import country_name


@dataclass(frozen=True)
class JointRow:
    id: int
    number: str
    case_reference: str
    counterpart: str
    agency: str
    opened_on: dt.date
    requests_open: int


@dataclass(frozen=True)
class AssistanceView:
    id: int
    direction: str
    direction_label: str
    subject: str
    sent_on: dt.date
    deadline: dt.date
    answer: str
    answered_on: dt.date | None
    overdue: bool
    may_answer: bool


@dataclass(frozen=True)
class TransferView:
    id: int
    accused_id: int
    full_name: str
    nationality: str
    kind: str
    kind_label: str
    direction: str
    direction_label: str
    transferred_on: dt.date


@dataclass(frozen=True)
class JointPage:
    id: int
    number: str
    case_id: int
    case_reference: str
    counterpart: str
    agency: str
    summary: str
    opened_on: dt.date
    requests: tuple[AssistanceView, ...]
    transfers: tuple[TransferView, ...]
    partner: bool


def _row(j: JointInvestigation, open_requests: int) -> JointRow:
    return JointRow(
        id=j.pk,
        number=j.number,
        case_reference=j.case_reference,
        counterpart=j.counterpart.name,
        agency=j.agency.name,
        opened_on=j.opened_on,
        requests_open=open_requests,
    )


def _rows(actor: User, case_id: int | None = None) -> list[JointRow]:
    found = visible(
        JointInvestigation.objects.select_related("agency", "counterpart"),
        actor,
        "cooperation.joint",
    )
    if case_id is not None:
        found = found.filter(case_id=case_id)
    found_list = list(found[:200])
    waiting: dict[int, int] = {}
    for joint_id in AssistanceRequest.objects.filter(
        joint__in=[j.pk for j in found_list], answered_on__isnull=True
    ).values_list("joint_id", flat=True):
        waiting[joint_id] = waiting.get(joint_id, 0) + 1
    return [_row(j, waiting.get(j.pk, 0)) for j in found_list]


def joint_list(actor: User) -> list[JointRow]:
    return _rows(actor)


def joints_of_case(actor: User, case_id: int) -> tuple[JointRow, ...]:
    """The exchanges of one criminal case the actor may read (none without the permission)."""
    if not actor.has_ctip_perm("cooperation.joint"):
        return ()
    return tuple(_rows(actor, case_id))


def joint_page(actor: User, joint_id: int) -> JointPage:
    found = joint(actor, joint_id)
    today = common.today()
    requests = tuple(
        AssistanceView(
            id=r.pk,
            direction=r.direction,
            direction_label=(
                _("Sent by the counterpart abroad")
                if r.direction == Direction.FROM_ABROAD
                else _("Sent by the Vietnamese agency")
            ),
            subject=r.subject,
            sent_on=r.sent_on,
            deadline=r.deadline,
            answer=r.answer,
            answered_on=r.answered_on,
            overdue=r.answered_on is None and today > r.deadline,
            may_answer=may_answer(actor, r),
        )
        for r in found.requests.select_related("joint__agency")
    )
    transfers = tuple(
        TransferView(
            id=t.pk,
            accused_id=t.accused_id,
            full_name=t.full_name,
            nationality=country_name(t.nationality),
            kind=t.kind,
            kind_label=str(TransferKind(t.kind).label),
            direction=t.direction,
            direction_label=str(TransferDirection(t.direction).label),
            transferred_on=t.transferred_on,
        )
        for t in found.transfers.all()
    )
    audit.record_read(actor, found, fields=["summary", "requests", "transfers"])
    return JointPage(
        id=found.pk,
        number=found.number,
        case_id=found.case_id,
        case_reference=found.case_reference,
        counterpart=found.counterpart.name,
        agency=found.agency.name,
        summary=found.summary,
        opened_on=found.opened_on,
        requests=requests,
        transfers=transfers,
        partner=common.is_abroad(actor.agency),
    )


def assistance_request(actor: User, request_id: int) -> AssistanceRequest:
    return get_visible(
        AssistanceRequest.objects.select_related("joint"),
        actor,
        "cooperation.joint",
        pk=request_id,
    )
