"""Agencies: created and changed by their administrators, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.actions.checks import AGENCY_FIELDS, StaleEdit, _in_scope, _require, _set_path
from ctip.core.events import CoreEvent
from ctip.core.models import (
    Agency,
    User,
)


def agency_create(*, actor: User | None, **values: Any) -> Agency:
    """Create an agency. Staff may only create under their own agency's subtree."""
    agency = Agency(**values)
    if actor is not None:
        _require(actor, "core.manage_agencies")
        if agency.parent is None or not _in_scope(actor, agency.parent):
            raise PermissionDenied(_("A new agency must sit under your own agency."))
    agency.full_clean(exclude=["path"])
    with transaction.atomic():
        agency.save()
        _set_path(agency)
        Agency.objects.filter(pk=agency.pk).update(path=agency.path)
        audit.record(
            CoreEvent.AGENCY_CREATED,
            actor=actor,
            target=agency,
            fields=AGENCY_FIELDS,
            agency=actor.agency if actor else agency,
        )
    return agency


def agency_update(
    *, actor: User, agency: Agency, version: int | None = None, **values: Any
) -> Agency:
    """Change an agency; with ``version`` (the pages and the API always give it), only if
    nobody changed it since it was read."""
    _require(actor, "core.manage_agencies")
    if not _in_scope(actor, agency):
        raise PermissionDenied
    if "parent" in values and agency.pk == actor.agency_id and values["parent"] != agency.parent:
        raise ValidationError({"parent": _("You cannot move your own agency.")})
    if values.get("parent") is not None and not _in_scope(actor, values["parent"]):
        raise PermissionDenied(_("The new parent must be within your agency."))
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        if version is not None and version != agency.version:
            raise StaleEdit(
                _(
                    "Someone else changed this agency in the meantime. Reload the page: "
                    "your change was not saved."
                )
            )
        changed = [k for k, v in values.items() if getattr(agency, k) != v]
        for key, value in values.items():
            setattr(agency, key, value)
        if changed:
            agency.version += 1
        agency.full_clean(exclude=["path"])
        old_path = agency.path
        _set_path(agency)
        agency.save()
        if agency.path != old_path:
            for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=agency.pk):
                child.path = agency.path + child.path[len(old_path) :]
                child.save(update_fields=["path"])
        if changed:
            audit.record(CoreEvent.AGENCY_UPDATED, actor=actor, target=agency, fields=changed)
    return agency
