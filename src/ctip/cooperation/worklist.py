"""What waits on a cooperation user, for the dashboard (``ctip.core.worklist``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from ctip.cooperation.actions import common
from ctip.cooperation.models import (
    Direction,
    HandoverOperation,
    HandoverStatus,
    RequestStatus,
    VerificationRequest,
)
from ctip.core import worklist
from ctip.core.models import User
from ctip.core.scope import visible


def items(actor: User) -> Iterable[worklist.Item]:
    found: list[worklist.Item] = []
    if actor.has_ctip_perm("cooperation.verify"):
        # The requests this agency must answer: from abroad to it, or sent abroad to it.
        waiting = (
            visible(VerificationRequest.objects.all(), actor, "cooperation.verify")
            .filter(status=RequestStatus.OPEN)
            .filter(
                Q(direction=Direction.FROM_ABROAD, verifying_agency_id=actor.agency_id)
                | Q(direction=Direction.TO_ABROAD, counterpart_id=actor.agency_id)
            )
        )
        found.append(
            worklist.Item(
                _("verification requests to answer"),
                waiting.count(),
                reverse("cooperation:verifications"),
                urgent=waiting.filter(deadline__lt=common.today()).exists(),
            )
        )
    if actor.has_ctip_perm("cooperation.handover") and not common.is_abroad(actor.agency):
        found.append(
            worklist.Item(
                _("handovers planned"),
                visible(HandoverOperation.objects.all(), actor, "cooperation.handover")
                .filter(status=HandoverStatus.PLANNED)
                .count(),
                reverse("cooperation:handovers"),
            )
        )
    return found


def register() -> None:
    worklist.register_items(items)
