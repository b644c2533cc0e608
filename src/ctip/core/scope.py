"""The one mechanism that limits every read to what the actor may see.

A model that holds agency data declares ``scope_q(actor) -> Q`` (which rows the
actor's agency may see). ``visible`` checks the permission and applies that filter;
selectors of every app read through it. A test asserts that every CTIP model either
declares ``scope_q`` or is listed in ``UNSCOPED`` as shared reference data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

if TYPE_CHECKING:
    from ctip.core.models import User

M = TypeVar("M", bound=Model)

# Reference data every signed-in user may read, and rows only reachable through a
# scoped parent.
UNSCOPED = {"core.province", "core.recoverycode", "core.attemptcounter"}


def visible(queryset: QuerySet[M], actor: User, permission: str) -> QuerySet[M]:
    if not actor.is_authenticated or not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)
    scope_q = getattr(queryset.model, "scope_q", None)
    if scope_q is None:
        raise TypeError(f"{queryset.model._meta.label} declares no scope_q.")
    return queryset.filter(scope_q(actor))


def get_visible(queryset: QuerySet[M], actor: User, permission: str, **lookup: object) -> M:
    """One row the actor may see, or 404 (never 403: do not confirm the row exists)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(visible(queryset, actor, permission), **lookup)
