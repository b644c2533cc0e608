"""Checks every hotline action shares."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

from ctip.core.models import User


def require(actor: User, permission: str) -> None:
    if not actor.is_authenticated or not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)


def require_visible(actor: User, row: Model, permission: str) -> None:
    require(actor, permission)
    model = type(row)
    if not model._default_manager.filter(model.scope_q(actor), pk=row.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(permission)


def raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def too_long(value: str, limit: int) -> bool:
    return len(value) > limit
