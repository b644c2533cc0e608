"""Passing a tracing request to the cross-border channel: when the person sought is held
abroad, the police send an outgoing verification and tracing request through the
``cooperation`` app (which sits below the hotline) to the counterpart police of that
country or to a Vietnamese embassy or consulate there, keep its number on the request,
and the recipient is told by cooperation's notice. The recipient's answer comes back
through cooperation's port (``cooperation.ports.AnswerListener``): it moves the request's
status, tells the family and the operator who recorded the request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctip.cooperation import actions as cooperation_actions
from ctip.cooperation import selectors as cooperation_selectors
from ctip.core import actions as core_actions
from ctip.core import audit, notifications
from ctip.core.models import User
from ctip.hotline.actions.common import raise_if, require, require_visible
from ctip.hotline.actions.family import queue_notice
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import RequestStatus, TracingRequest

DIRECTION_TO_ABROAD = "to_abroad"


@dataclass(frozen=True)
class AbroadInput:
    # A counterpart, embassy or consulate of the request's country; else the one there is.
    counterpart_id: int | None = None
    days: int = 30


def _recipient(row: TracingRequest, data: AbroadInput, errors: dict[str, list[str]]) -> int:
    known = [r.id for r in cooperation_selectors.recipients_abroad(row.country)]
    if data.counterpart_id:
        if data.counterpart_id in known:
            return data.counterpart_id
        errors["counterpart_id"] = [
            _(
                "Choose the counterpart, or the Vietnamese embassy or consulate, of the country "
                "where the person is held."
            )
        ]
        return 0
    if len(known) != 1:
        errors["counterpart_id"] = [
            _(
                "Choose who receives it abroad: none or several counterparts, embassies or "
                "consulates are known for this country."
            )
        ]
        return 0
    return known[0]


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
        counterpart_id = _recipient(current, data, errors)
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


# What the recipient answered, as the status it gives the request and the operator's notice.
ANSWERED: dict[str, tuple[RequestStatus, str]] = {
    "confirmed": (RequestStatus.LOCATED, "hotline.abroad_confirmed"),
    "not_found": (RequestStatus.NOT_FOUND, "hotline.abroad_not_found"),
    "more_info": (RequestStatus.MORE_INFO, "hotline.abroad_more_info"),
}
notifications.register(
    "hotline.abroad_confirmed",
    gettext_lazy(
        "Abroad, the person sought by tracing request %(request)s was found "
        "(%(verification)s): the request is now located."
    ),
)
notifications.register(
    "hotline.abroad_not_found",
    gettext_lazy(
        "Abroad, the person sought by tracing request %(request)s was not found (%(verification)s)."
    ),
)
notifications.register(
    "hotline.abroad_more_info",
    gettext_lazy(
        "Abroad, they need more information to find the person sought by tracing request "
        "%(request)s: read what they ask on %(verification)s."
    ),
)
# A request already located, rescued, returned or closed keeps its status.
MOVED_BY_ANSWER = (
    RequestStatus.RECEIVED,
    RequestStatus.VERIFYING,
    RequestStatus.NOT_FOUND,
    RequestStatus.MORE_INFO,
)


def request_answered_abroad(
    *, actor: User, verification_id: int, number: str, answer: str
) -> TracingRequest | None:
    """Inside the answer's transaction: the request passed abroad as ``verification_id``
    moves to the status the answer gives (unless it is past it), the family is told, and
    the operator who recorded it and the police that hold it get a notice. ``actor`` is
    the recipient's officer who answered: the request is theirs to move only this way."""
    if answer not in ANSWERED:
        return None
    current = (
        TracingRequest.objects.select_for_update()
        .select_related("agency", "police", "recorded_by")
        .filter(verification_id=verification_id)
        .first()
    )
    if current is None:
        return None
    status, message = ANSWERED[answer]
    previous = current.status
    if previous in MOVED_BY_ANSWER and previous != status:
        now = timezone.now()
        current.status = status
        current.status_changed_at = now
        if status == RequestStatus.LOCATED and current.located_at is None:
            current.located_at = now
        current.save(update_fields=["status", "status_changed_at", "located_at"])
        queue_notice(current, status)
    audit.record(
        HotlineEvent.REQUEST_ANSWERED_ABROAD,
        actor=actor,
        target=current,
        data={
            "verification": verification_id,
            "answer": answer,
            "from": previous,
            "to": current.status,
        },
    )
    params: dict[str, str | int] = {"request": current.follow_code, "verification": number}
    link = reverse("hotline:request", args=[current.pk])
    operator = current.recorded_by
    core_actions.notify(
        actor=actor,
        agency=current.agency,
        user=operator if operator.agency_id == current.agency_id and operator.is_active else None,
        kind="tracing",
        message=message,
        params=params,
        link=link,
        permission="hotline.trace",
    )
    if current.police_id and current.police_id != current.agency_id:
        core_actions.notify(
            actor=actor,
            agency=current.police,
            kind="tracing",
            message=message,
            params=params,
            link=link,
            permission="hotline.handle_requests",
        )
    return current


class AnswersFromAbroad:
    """Cooperation's port (``cooperation.ports.AnswerListener``)."""

    def answered(self, *, actor: User, answer: Any) -> None:
        request_answered_abroad(
            actor=actor,
            verification_id=answer.verification_id,
            number=answer.number,
            answer=answer.answer,
        )
