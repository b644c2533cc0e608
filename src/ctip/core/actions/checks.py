"""Checks and constants the core writes share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ctip.core.models import (
    Agency,
    User,
)

RECOVERY_CODE_COUNT = 10

AGENCY_FIELDS = ("code", "type", "name_vi", "name_en", "province", "country", "parent", "is_active")
USER_FIELDS = ("username", "display_name", "email", "roles", "preferred_language", "is_active")


def _require(actor: User, permission: str) -> None:
    if not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)


def _in_scope(actor: User, agency: Agency) -> bool:
    return agency.path.startswith(actor.agency.path)


def _set_path(agency: Agency) -> None:
    parent_path = agency.parent.path if agency.parent_id and agency.parent else "/"
    agency.path = f"{parent_path}{agency.pk}/"


class StaleEdit(Exception):
    """The account or agency changed since the administrator read it; nothing was saved."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or _(
                "Someone else changed this account in the meantime. Reload the page: "
                "your change was not saved."
            )
        )
