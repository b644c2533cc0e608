"""Checks shared by the outreach actions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from ctip.core.models import User


def require(actor: User, permission: str) -> None:
    if not actor.is_authenticated or not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)
