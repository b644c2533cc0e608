"""The checks every intel action makes, each written once."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model

from ctip.core.models import Agency, User

# The largest amount of money an action takes, in dong (a thousand trillion).
MAX_AMOUNT_VND = 10**15


def require(actor: User, permission: str) -> None:
    """Refuse an actor without ``permission``."""
    if not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)


def sees(actor: User, row: Model) -> bool:
    """Whether ``row`` is among the rows of its model the actor may see (its scope)."""
    model = type(row)
    return bool(model._default_manager.filter(model.scope_q(actor), pk=row.pk).exists())  # type: ignore[attr-defined]


def require_seen(actor: User, row: Model, permission: str = "") -> None:
    """Refuse a row outside the actor's scope, as if it did not exist."""
    if not sees(actor, row):
        raise PermissionDenied(permission)


def sees_all(actor: User, rows: Sequence[Model], model: type[Model]) -> bool:
    """Whether every one of ``rows`` (of ``model``) is in the actor's scope."""
    wanted = {row.pk for row in rows}
    found = model._default_manager.filter(model.scope_q(actor), pk__in=wanted).count()  # type: ignore[attr-defined]
    return bool(found == len(wanted))


def within(actor: User, agency: Agency) -> bool:
    """Whether ``agency`` is the actor's agency or one below it."""
    return agency.path.startswith(actor.agency.path)


def require_within(actor: User, agency: Agency, permission: str) -> None:
    """Refuse an actor without ``permission`` or acting for an agency not theirs or below."""
    require(actor, permission)
    if not within(actor, agency):
        raise PermissionDenied(permission)


def amount_ok(value: int | None) -> bool:
    """Whether ``value`` is a whole number of dong the platform takes (0 or more)."""
    return value is not None and 0 <= value <= MAX_AMOUNT_VND


def refuse(errors: dict[str, list[str]] | dict[str, str]) -> None:
    """Raise the errors found by an action's checks, if any, all at once."""
    if errors:
        raise ValidationError(errors)
