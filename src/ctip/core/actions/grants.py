"""Grants that need a second administrator: requested, approved or refused by another."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.actions.checks import _in_scope, _require
from ctip.core.actions.notifications import notify
from ctip.core.actions.signin import _reset_second_factor
from ctip.core.events import CoreEvent
from ctip.core.models import (
    Agency,
    ApiToken,
    GrantKind,
    GrantRequest,
    GrantStatus,
    User,
)
from ctip.core.roles import ROLES, guarded, permissions_for


def _ungated(asked: list[str], current: list[str]) -> list[str]:
    """The roles of ``asked`` that may apply at once: those already held, and those that
    add no guarded permission beyond what ``current`` gives."""
    held = guarded(permissions_for(current))
    return sorted(r for r in asked if r in current or guarded(ROLES[r].permissions) <= held)


def _grant_request(
    *,
    actor: User,
    user: User,
    kind: str,
    roles: list[str] | None = None,
    token: ApiToken | None = None,
) -> GrantRequest:
    grant = GrantRequest.objects.create(
        kind=kind,
        user=user,
        roles=roles or [],
        base_roles=sorted(user.roles),
        token=token,
        requested_by=actor,
    )
    audit.record(
        CoreEvent.GRANT_REQUESTED,
        actor=actor,
        target=grant,
        data={"kind": kind, "user": user.pk, "roles": grant.roles, "token": token and token.pk},
        agency=user.agency,
    )
    # Every administrator of the account's agency and of the agencies above it is told,
    # so that a second one decides and the others see that something was asked.
    permission = "core.manage_tokens" if kind == GrantKind.TOKEN else "core.manage_users"
    for agency in Agency.objects.filter(pk__in=_lineage_ids(user.agency)):
        notify(
            actor=actor,
            agency=agency,
            kind="grant",
            message="core.grant_requested",
            params={"grant": grant.reference},
            link=reverse("core:grant_list"),
            permission=permission,
        )
    return grant


def _lineage_ids(agency: Agency) -> list[int]:
    return [int(part) for part in agency.path.strip("/").split("/") if part]


def grant_decide(*, actor: User, grant: GrantRequest, approve: bool) -> GrantRequest:
    """A second administrator approves or refuses a pending grant."""
    permission = "core.manage_tokens" if grant.kind == GrantKind.TOKEN else "core.manage_users"
    _require(actor, permission)
    if not _in_scope(actor, grant.user.agency):
        raise PermissionDenied
    if actor.pk in (grant.requested_by_id, grant.user_id):
        raise PermissionDenied(
            _("Another administrator must decide: not the one who asked, not the account's owner.")
        )
    with transaction.atomic():
        grant = GrantRequest.objects.select_for_update().get(pk=grant.pk)
        if grant.status != GrantStatus.PENDING:
            raise ValidationError({"status": _("This request was already decided.")})
        user = User.objects.select_for_update().get(pk=grant.user_id)
        if approve and grant.kind == GrantKind.ROLES:
            if sorted(user.roles) != grant.base_roles:
                raise ValidationError(
                    {
                        "roles": _(
                            "The account's roles changed since this was asked: refuse it "
                            "and ask again."
                        )
                    }
                )
            user.roles = grant.roles
            user.session_epoch += 1
            user.version += 1
            user.save(update_fields=["roles", "session_epoch", "version"])
            audit.record(
                CoreEvent.USER_UPDATED,
                actor=actor,
                target=user,
                fields=["roles"],
                data={"roles": user.roles},
            )
        if approve and grant.kind == GrantKind.SECOND_FACTOR:
            _reset_second_factor(actor, user)
        if grant.token_id is not None:
            if approve:
                ApiToken.objects.filter(pk=grant.token_id).update(awaiting_approval=False)
            else:
                ApiToken.objects.filter(pk=grant.token_id, revoked_at__isnull=True).update(
                    revoked_at=timezone.now()
                )
        grant.status = GrantStatus.APPROVED if approve else GrantStatus.REFUSED
        grant.decided_by = actor
        grant.decided_at = timezone.now()
        grant.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(
            CoreEvent.GRANT_APPROVED if approve else CoreEvent.GRANT_REFUSED,
            actor=actor,
            target=grant,
            data={"kind": grant.kind, "user": user.pk, "requested_by": grant.requested_by_id},
            agency=user.agency,
        )
        requester = grant.requested_by
        message = "core.grant_approved" if approve else "core.grant_refused"
        params: dict[str, str | int] = {"grant": grant.reference}
        notify(
            actor=actor,
            agency=requester.agency,
            user=requester,
            kind="grant",
            message=message,
            params=params,
            link=reverse("core:grant_list"),
        )
        if user.pk != requester.pk:
            notify(
                actor=actor,
                agency=user.agency,
                user=user,
                kind="grant",
                message=message,
                params=params,
            )
    return grant
