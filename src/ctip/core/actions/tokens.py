"""API tokens: issued with scopes (those that read personal data wait for a second
administrator) and revoked."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.actions.checks import _in_scope, _require
from ctip.core.actions.grants import _grant_request
from ctip.core.events import CoreEvent
from ctip.core.models import (
    ApiToken,
    GrantKind,
    User,
)
from ctip.core.roles import PERMISSIONS, guarded


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the full bearer value; never stored, shown once


def token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    scopes: list[str],
    days: int = 90,
) -> IssuedToken:
    if actor is not None:
        _require(actor, "core.manage_tokens")
        if not _in_scope(actor, user.agency):
            raise PermissionDenied
        if user.pk != actor.pk and user.has_usable_password():
            # A token for a person's account would let its issuer act as that person
            # without their password or second factor.
            raise PermissionDenied(
                _(
                    "Tokens are issued only to machine-client accounts or to your own "
                    "account: staff create their own."
                )
            )
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name.")})
    if not 1 <= days <= 366:
        raise ValidationError({"days": _("A token lives between 1 and 366 days.")})
    unknown = [s for s in scopes if s not in PERMISSIONS]
    if unknown:
        raise ValidationError({"scopes": _("Unknown scope: %s") % ", ".join(unknown)})
    beyond = [s for s in scopes if not user.has_ctip_perm(s)]
    if beyond:
        raise ValidationError(
            {"scopes": _("The user's roles do not allow: %s") % ", ".join(beyond)}
        )
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    bearer = f"ctip_{prefix}_{secret}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip(),
            prefix=prefix,
            secret_hash=ApiToken.hash_secret(secret),
            scopes=sorted(set(scopes)),
            expires_at=timezone.now() + timedelta(days=days),
            awaiting_approval=actor is not None and bool(guarded(scopes)),
        )
        audit.record(
            CoreEvent.TOKEN_CREATED,
            actor=actor,
            target=token,
            data={"scopes": token.scopes, "user": user.pk},
            agency=user.agency,
        )
        if actor is not None and token.awaiting_approval:
            _grant_request(actor=actor, user=user, kind=GrantKind.TOKEN, token=token)
    return IssuedToken(token, bearer)


def token_revoke(*, actor: User | None, token: ApiToken) -> None:
    """Revoke a token; ``actor`` is None for an operator at the command line."""
    if actor is not None and token.user_id != actor.pk:
        _require(actor, "core.manage_tokens")
        if not _in_scope(actor, token.user.agency):
            raise PermissionDenied
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit.record(CoreEvent.TOKEN_REVOKED, actor=actor, target=token, agency=token.user.agency)
