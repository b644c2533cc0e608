"""Notices: put in an inbox (and sent by e-mail), resolved when the item is handled, read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ctip.core import audit
from ctip.core.actions.checks import _require
from ctip.core.events import CoreEvent
from ctip.core.models import (
    Agency,
    Notification,
    User,
)
from ctip.core.notifications import MAX_PARAM_LENGTH, MESSAGES
from ctip.core.roles import PERMISSIONS
from ctip.core.tasks import email_notice


def notify(
    *,
    actor: User | None,
    agency: Agency,
    kind: str,
    message: str,
    params: dict[str, str | int] | None = None,
    link: str = "",
    user: User | None = None,
    permission: str = "",
    key: str = "",
) -> Notification:
    """Put a notice in ``agency``'s inbox (only ``user``'s, if given; only staff holding
    ``permission``, if given). Call it inside the transaction of the change it announces.

    ``message`` is a code registered with ``ctip.core.notifications.register``; ``params``
    fill its placeholders when it is shown and must be short references (a case
    reference), never personal data. ``link`` is a path on this site. ``key`` names the
    item the notice is about ("cases.decision:12"): ``notifications_resolve(key=...)``
    resolves it when the item is handled. Once committed, the notice is also sent by
    e-mail (a sentence and a link, ``ctip.core.mail``).
    """
    params = dict(params or {})
    if message not in MESSAGES:
        raise ValueError(f"Unregistered notification message {message!r}")
    if permission and permission not in PERMISSIONS:
        raise ValueError(f"Unknown permission {permission!r}")
    for name, value in params.items():
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ValueError(f"Notification parameter {name!r} must be text or a number")
        if isinstance(value, str) and len(value) > MAX_PARAM_LENGTH:
            raise ValueError(f"Notification parameter {name!r} is too long for a reference")
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValueError("A notification links to a path on this site")
    if user is not None and user.agency_id != agency.pk:
        raise ValueError("A notification for a user goes to the user's own agency")
    with transaction.atomic():
        notice = Notification.objects.create(
            agency=agency,
            user=user,
            permission=permission,
            kind=kind[:40],
            message=message,
            params=params,
            link=link,
            key=key[:80],
        )
        transaction.on_commit(lambda: email_notice.enqueue(notice.pk))
        audit.record(
            CoreEvent.NOTIFICATION_SENT,
            actor=actor,
            target=notice,
            data={"agency": agency.pk, "message": message, "user": user.pk if user else None},
            agency=None if actor is not None else agency,
        )
    return notice


def notifications_resolve(*, actor: User | None, key: str) -> int:
    """The item ``key`` names was handled: its open notices are resolved (and so read).
    Call it inside the transaction that handles the item; returns how many."""
    if not key:
        return 0
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(key=key, resolved_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        if not ids:
            return 0
        Notification.objects.filter(pk__in=ids, read_at__isnull=True).update(read_at=now)
        Notification.objects.filter(pk__in=ids).update(resolved_at=now)
        audit.record(
            CoreEvent.NOTIFICATIONS_RESOLVED,
            actor=actor,
            fields=["resolved_at"],
            data={"notifications": ids},
        )
    return len(ids)


def notification_mark_read(*, actor: User, notification: Notification) -> bool:
    """Mark one notice read; False if it already was. The actor must be able to see it."""
    _require(actor, "core.view_dashboard")
    if not Notification.objects.filter(Notification.scope_q(actor), pk=notification.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=actor
        )
        if updated:
            audit.record(
                CoreEvent.NOTIFICATION_READ, actor=actor, target=notification, fields=["read_at"]
            )
    return bool(updated)


def notifications_mark_all_read(*, actor: User) -> int:
    """Mark every unread notice the actor sees as read; returns how many."""
    _require(actor, "core.view_dashboard")
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(
                Notification.scope_q(actor), read_at__isnull=True
            ).values_list("pk", flat=True)[:1000]
        )
        if not ids:
            return 0
        updated = Notification.objects.filter(pk__in=ids, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=actor
        )
        audit.record(
            CoreEvent.NOTIFICATIONS_READ,
            actor=actor,
            fields=["read_at"],
            data={"notifications": ids},
        )
    return updated
