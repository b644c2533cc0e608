"""API authentication: bearer tokens for machine clients, sessions for the pages' own calls."""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from ctip.core.models import ApiToken


class TokenAuth(HttpBearer):
    openapi_description = "Bearer token `ctip_<prefix>_<secret>` issued with `ctip token create`."

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
        return row.user


class StaffSessionAuth(SessionAuth):
    """A signed-in browser session that has passed its second factor (CSRF checked)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not request.session.get("ctip_second_factor"):
            return None
        return user
