"""Passing a tracing request to the cross-border channel: when the person sought is held
abroad, the police send the counterpart of that country an outgoing verification and
tracing request through the ``cooperation`` app (which sits below the hotline), keep its
number on the request, and the counterpart is told by cooperation's notice."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cooperation import actions as cooperation_actions
from ctip.core import audit
from ctip.core.models import Agency, AgencyType, User
from ctip.hotline.actions.common import raise_if, require, require_visible
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import RequestStatus, TracingRequest

DIRECTION_TO_ABROAD = "to_abroad"


@dataclass(frozen=True)
class AbroadInput:
    counterpart_id: int | None = None  # else the one counterpart of the request's country
    days: int = 30


def _counterpart(row: TracingRequest, data: AbroadInput, errors: dict[str, list[str]]) -> int:
    if data.counterpart_id:
        return data.counterpart_id
    found = list(
        Agency.objects.filter(
            type=AgencyType.COUNTERPART, country=row.country, is_active=True
        ).values_list("pk", flat=True)[:2]
    )
    if len(found) != 1:
        errors["counterpart_id"] = [
            _("Choose the counterpart abroad: none or several are known for this country.")
        ]
        return 0
    return found[0]


def request_pass_abroad(
    *, actor: User, request: TracingRequest, data: AbroadInput
) -> TracingRequest:
    """Send the person sought to the counterpart as an outgoing verification request."""
    require(actor, "cooperation.verify")
    with transaction.atomic():
        require_visible(actor, request, "hotline.handle_requests")
        current = TracingRequest.objects.select_for_update().get(pk=request.pk)
        errors: dict[str, list[str]] = {}
        if current.verification_id:
            errors["counterpart_id"] = [_("This request was already passed abroad.")]
        elif current.status in (RequestStatus.RETURNED, RequestStatus.CLOSED):
            errors["counterpart_id"] = [_("This request is closed.")]
        elif not current.country or current.country == "VN":
            errors["counterpart_id"] = [_("Say first in which country the person is held.")]
        raise_if(errors)
        counterpart_id = _counterpart(current, data, errors)
        raise_if(errors)
        if current.birth_date:
            birth = current.birth_date.strftime("%d/%m/%Y")
        else:
            birth = str(current.birth_year or "")
        sent = cooperation_actions.verification_create(
            actor=actor,
            data=cooperation_actions.VerificationInput(
                persons=(
                    cooperation_actions.PersonInput(
                        full_name=current.full_name,
                        sex=current.sex,
                        birth=birth,
                        home_place=current.home_province.name if current.home_province else "",
                    ),
                ),
                counterpart_id=counterpart_id,
                direction=DIRECTION_TO_ABROAD,
                days=data.days,
                their_reference=current.follow_code,
                compound_id=current.compound_id if actor.has_ctip_perm("compounds.view") else None,
            ),
        )
        current.verification_id = sent.pk
        current.passed_abroad_at = timezone.now()
        current.save(update_fields=["verification_id", "passed_abroad_at"])
        audit.record(
            HotlineEvent.REQUEST_PASSED_ABROAD,
            actor=actor,
            target=current,
            fields=["full_name"],
            data={"verification": sent.pk, "counterpart": counterpart_id},
        )
    return current
