"""Joint investigations with counterparts abroad, through cooperation's exchange: the case
shared (only the summary written for the counterpart, in English), persons transferred."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.cooperation import actions as cooperation_actions
from ctip.cooperation import selectors as cooperation_selectors
from ctip.core import audit
from ctip.core.scope import get_visible
from ctip.proceedings.actions.common import in_charge, locked_case, on_or_after_start
from ctip.proceedings.events import ProceedingsEvent
from ctip.proceedings.models import Accused

if TYPE_CHECKING:
    from ctip.cooperation.actions.joint import JointInvestigation, PersonTransfer
    from ctip.core.models import User


@dataclass(frozen=True)
class JointShareInput:
    case_id: int
    counterpart_id: int
    summary: str  # in English: all the counterpart reads of the case


@dataclass(frozen=True)
class TransferInput:
    accused_id: int
    joint_id: int
    kind: str
    direction: str
    transferred_on: dt.date


def joint_share(*, actor: User, data: JointShareInput) -> JointInvestigation:
    """Share the case with a counterpart abroad; the investigation file itself stays here.

    An act of the agency in charge of the case at its stage (police or border guard while
    it is investigated, the procuracy once it holds the case): ``proceedings.share`` on the
    case and ``cooperation.joint`` for the exchange, both held by investigators and
    procurators."""
    with transaction.atomic():
        found = locked_case(actor, data.case_id, "proceedings.share")
        in_charge(actor, found)
        joint = cooperation_actions.joint_open(
            actor=actor,
            data=cooperation_actions.JointInput(
                case_id=found.pk,
                case_reference=found.reference,
                counterpart_id=data.counterpart_id,
                summary=data.summary,
            ),
        )
        audit.record(
            ProceedingsEvent.JOINT_SHARED,
            actor=actor,
            target=found,
            data={"counterpart": data.counterpart_id, "joint": joint.pk},
        )
        return joint


def accused_transfer(*, actor: User, data: TransferInput) -> PersonTransfer:
    """An accused person extradited, transferred or handed over under a joint investigation
    of their case."""
    with transaction.atomic():
        person = get_visible(Accused.objects.all(), actor, "proceedings.record", pk=data.accused_id)
        found = locked_case(actor, person.case_id, "proceedings.record")
        in_charge(actor, found)
        joints = {j.id for j in cooperation_selectors.joints_of_case(actor, found.pk)}
        if data.joint_id not in joints:
            raise ValidationError({"joint_id": _("Choose a joint investigation of this case.")})
        on_or_after_start(found, data.transferred_on, "transferred_on")
        transfer = cooperation_actions.transfer_record(
            actor=actor,
            data=cooperation_actions.TransferInput(
                joint_id=data.joint_id,
                accused_id=person.pk,
                full_name=person.full_name,
                nationality=person.nationality,
                kind=data.kind,
                direction=data.direction,
                transferred_on=data.transferred_on,
            ),
        )
        audit.record(
            ProceedingsEvent.ACCUSED_TRANSFERRED,
            actor=actor,
            target=found,
            fields=["kind", "direction", "transferred_on"],
            data={"accused": person.pk, "kind": data.kind},
        )
        return transfer
