"""What the intel app announces in agencies' notification inboxes (``ctip.core``).

A freeze request is announced to the institution's liaisons when it is issued, and again
when its deadline is near (``ctip intel remind``, run periodically); answering it
resolves both. Subjects carry the request number only.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core import actions as core_actions
from ctip.core import notifications
from ctip.core.models import Notification, User
from ctip.intel.models import FreezeRequest, FreezeStatus

FREEZE_REQUESTED = "intel.freeze_requested"
FREEZE_DUE = "intel.freeze_due"

SUBJECTS = {
    FREEZE_REQUESTED: _("Freeze request %(request)s awaits your answer."),
    FREEZE_DUE: _("Freeze request %(request)s is due soon: answer it before the deadline."),
}

for _code, _text in SUBJECTS.items():
    notifications.register(_code, _text)


def freeze_key(request_id: int) -> str:
    return f"intel.freeze:{request_id}"


def _notify(actor: User | None, request: FreezeRequest, message: str) -> None:
    core_actions.notify(
        actor=actor,
        agency=request.institution,
        kind="freeze",
        message=message,
        params={"request": request.reference},
        link=reverse("intel:inbox_detail", args=[request.pk]),
        permission="intel.answer_freeze",
        key=freeze_key(request.pk),
    )


def freeze_issued(actor: User, request: FreezeRequest) -> None:
    """Inside the transaction that issues the request."""
    _notify(actor, request, FREEZE_REQUESTED)


def freeze_answered(actor: User, request: FreezeRequest) -> None:
    """Inside the transaction that answers the request."""
    core_actions.notifications_resolve(actor=actor, key=freeze_key(request.pk))


def remind_due(*, within: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Remind the institutions of unanswered requests due within ``within`` (once each);
    returns how many were reminded."""
    now = now or timezone.now()
    due = FreezeRequest.objects.filter(
        status=FreezeStatus.SENT, deadline__gt=now, deadline__lte=now + within
    ).select_related("institution")
    reminded = 0
    for request in due.order_by("deadline", "pk"):
        with transaction.atomic():
            if Notification.objects.filter(key=freeze_key(request.pk), message=FREEZE_DUE).exists():
                continue
            _notify(None, request, FREEZE_DUE)
            reminded += 1
    return reminded
