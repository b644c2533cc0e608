"""Reads of the platform core that need the actor's scope."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from ctip.core.models import Agency, ApiToken, AuditEvent, GrantRequest, Notification, User
from ctip.core.scope import get_visible, visible


def agencies_managed_by(actor: User) -> QuerySet[Agency]:
    return visible(
        Agency.objects.select_related("province", "parent"), actor, "core.manage_agencies"
    )


def staff_managed_by(actor: User) -> QuerySet[User]:
    return visible(User.objects.select_related("agency"), actor, "core.manage_users")


def tokens_managed_by(actor: User) -> QuerySet[ApiToken]:
    return visible(ApiToken.objects.select_related("user"), actor, "core.manage_tokens")


def grants_managed_by(actor: User) -> QuerySet[GrantRequest]:
    """Requests for guarded roles or tokens of accounts of the actor's agency and below,
    pending first."""
    return visible(
        GrantRequest.objects.select_related("user", "requested_by", "decided_by", "token"),
        actor,
        "core.manage_users",
    ).order_by("-requested_at", "-pk")


def audit_events(
    actor: User,
    *,
    event_type: str = "",
    actor_label: str = "",
    target_type: str = "",
    target_id: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEvent]:
    events = visible(AuditEvent.objects.select_related("actor"), actor, "core.view_audit")
    if event_type:
        events = events.filter(event_type=event_type)
    if actor_label:
        events = events.filter(actor_label=actor_label)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    if since:
        events = events.filter(occurred_at__gte=since)
    if until:
        events = events.filter(occurred_at__lt=until)
    return events.order_by("-seq")


def inbox(actor: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    """Notices addressed to the actor's agency (and to the actor), newest first; those
    restricted to a permission only if the actor holds it."""
    rows = visible(Notification.objects.all(), actor, "core.view_dashboard")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-created_at", "-pk")


def unread_count(actor: User) -> int:
    if not actor.has_ctip_perm("core.view_dashboard"):
        return 0
    return inbox(actor, unread_only=True).count()


def notification(actor: User, notification_id: int) -> Notification:
    return get_visible(Notification.objects.all(), actor, "core.view_dashboard", pk=notification_id)
