"""API authentication and authorisation, decided before the request body is read.

Each operation declares what it needs with ``auth=needs("core.manage_users")`` (or
``auth=signed_in()``): a bearer token for machine clients, or a signed-in browser
session that has passed its second factor (CSRF checked). A caller who is known but
lacks the permission, or whose token's scopes leave it out, gets 403; an unknown
caller gets 401. The permission matrix test reads the declaration from here. A known
caller is answered in their language from the moment they are known (``_speak``).
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone, translation
from ninja.security import HttpBearer, SessionAuth

from ctip.core.language import api_language
from ctip.core.models import ApiToken, User
from ctip.core.roles import PERMISSIONS


def _speak(request: HttpRequest, user: User) -> None:
    """From here on, the request is answered in its reader's language: the operation's
    body and every problem+json refusal (a 403 included), for token and session alike
    (docs/decisions/0019-who-reads-english.md). The page middleware ends it with the
    request."""
    language = api_language(request, user)
    translation.activate(language)
    request.LANGUAGE_CODE = language


def _authorise(request: HttpRequest, user: User, permission: str | None) -> User:
    _speak(request, user)
    if permission is None:
        return user
    token = getattr(request, "api_token", None)
    if not user.has_ctip_perm(permission) or (token is not None and permission not in token.scopes):
        raise PermissionDenied(permission)
    return user


class TokenAuth(HttpBearer):
    openapi_description = "Bearer token `ctip_<prefix>_<secret>` issued with `ctip token create`."

    def __init__(self, permission: str | None = None) -> None:
        self.permission = permission
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != "ctip":
            return None
        _, prefix, secret = parts
        row = ApiToken.objects.select_related("user", "user__agency").filter(prefix=prefix).first()
        if row is None or not hmac.compare_digest(row.secret_hash, ApiToken.hash_secret(secret)):
            return None
        if not row.is_usable or not row.user.is_active:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.api_token = row  # type: ignore[attr-defined]
        return _authorise(request, row.user, self.permission)


class StaffSessionAuth(SessionAuth):
    """A signed-in browser session that has passed its second factor (CSRF checked)."""

    def __init__(self, permission: str | None = None) -> None:
        self.permission = permission
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # Only a real staff session is CSRF-checked; anyone else gets a plain 401.
        if not request.user.is_authenticated or not request.session.get("ctip_second_factor"):
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not request.session.get("ctip_second_factor"):
            return None
        return _authorise(request, user, self.permission)


def actor_of(request: HttpRequest) -> User:
    """The authenticated staff member behind a request that passed its access check."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def needs(permission: str) -> list[Any]:
    if permission not in PERMISSIONS:
        raise ValueError(f"Unknown permission {permission!r}")
    return [TokenAuth(permission), StaffSessionAuth(permission)]


def signed_in() -> list[Any]:
    return [TokenAuth(), StaffSessionAuth()]


def permission_of(auth_callbacks: list[Any]) -> str | None:
    perms = {getattr(cb, "permission", None) for cb in auth_callbacks}
    return perms.pop() if len(perms) == 1 else None
