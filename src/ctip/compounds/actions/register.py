"""Recording compounds, changing them and their status, opening them to an agency."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.compounds.events import CompoundEvent
from ctip.compounds.models import Compound, CompoundAccess, CompoundStatus, CompoundStatusChange
from ctip.core import audit
from ctip.core.models import Agency, User
from ctip.core.values import read_country

MAX_LINES = 50
MAX_LINE = 300


@dataclass(frozen=True)
class CompoundInput:
    name: str
    country: str
    area: str = ""
    aliases: tuple[str, ...] = ()
    operator_aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass(frozen=True)
class StatusInput:
    status: str
    on: dt.date
    note: str = ""


@dataclass(frozen=True)
class AccessInput:
    agency_id: int
    can_edit: bool = False


@dataclass
class _Clean:
    values: dict[str, object] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)


def _require(actor: User, permission: str) -> None:
    if not actor.is_authenticated or not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)


def may_edit(actor: User, compound: Compound) -> bool:
    """The recording agency (or one above it), or an agency opened to edit it."""
    if not actor.has_ctip_perm("compounds.change"):
        return False
    owner_path = Agency.objects.filter(pk=compound.owner_id).values_list("path", flat=True).first()
    if owner_path and owner_path.startswith(actor.agency.path):
        return True
    return CompoundAccess.objects.filter(
        compound=compound, agency_id=actor.agency_id, can_edit=True
    ).exists()


def _require_edit(actor: User, compound: Compound) -> None:
    _require(actor, "compounds.change")
    if not may_edit(actor, compound):
        raise PermissionDenied("compounds.change")


def _lines(values: tuple[str, ...] | list[str], name: str, clean: _Clean) -> list[str]:
    out = list(dict.fromkeys(" ".join(str(v).split()) for v in values if str(v).strip()))
    if len(out) > MAX_LINES:
        clean.errors.setdefault(name, []).append(_("At most %d lines.") % MAX_LINES)
    if any(len(v) > MAX_LINE for v in out):
        clean.errors.setdefault(name, []).append(
            _("Keep each line under %d characters.") % MAX_LINE
        )
    return out


def _clean(data: CompoundInput) -> _Clean:
    clean = _Clean()
    name = " ".join(data.name.split())
    if not name:
        clean.errors["name"] = [_("A name is required.")]
    elif len(name) > 200:
        clean.errors["name"] = [_("Keep the name under 200 characters.")]
    try:
        country = read_country(data.country)
    except ValueError as error:
        clean.errors["country"] = [str(error)]
        country = ""
    if not country and "country" not in clean.errors:
        clean.errors["country"] = [_("Say in which country the compound is.")]
    area = " ".join(data.area.split())
    if len(area) > 120:
        clean.errors["area"] = [_("Keep the area under 120 characters.")]
    for key, value, limit in (("latitude", data.latitude, 90), ("longitude", data.longitude, 180)):
        if value is not None and not (-limit <= value <= limit):
            clean.errors[key] = [_("Not a position on Earth.")]
    if (data.latitude is None) != (data.longitude is None):
        clean.errors["longitude"] = [_("Give both coordinates, or neither.")]
    aliases = [a for a in _lines(data.aliases, "aliases", clean) if a != name]
    clean.values = {
        "name": name,
        "country": country,
        "area": area,
        "aliases": aliases,
        "operator_aliases": _lines(data.operator_aliases, "operator_aliases", clean),
        "sources": _lines(data.sources, "sources", clean),
        "latitude": data.latitude,
        "longitude": data.longitude,
    }
    return clean


def compound_record(*, actor: User, data: CompoundInput) -> Compound:
    _require(actor, "compounds.change")
    clean = _clean(data)
    if clean.errors:
        raise ValidationError(clean.errors)
    with transaction.atomic():
        compound = Compound.objects.create(
            owner=actor.agency,
            created_by=actor,
            status=CompoundStatus.ACTIVE,
            **clean.values,
        )
        audit.record(
            CompoundEvent.RECORDED,
            actor=actor,
            target=compound,
            fields=sorted(k for k, v in clean.values.items() if v not in (None, "", [])),
        )
    return compound


def compound_change(
    *, actor: User, compound: Compound, data: CompoundInput, version: int
) -> Compound:
    _require_edit(actor, compound)
    clean = _clean(data)
    if clean.errors:
        raise ValidationError(clean.errors)
    with transaction.atomic():
        locked = Compound.objects.select_for_update().get(pk=compound.pk)
        if locked.version != version:
            raise ValidationError(
                {"version": _("Someone else changed this compound in the meantime. Reload it.")}
            )
        changed = sorted(k for k, v in clean.values.items() if getattr(locked, k) != v)
        for key, value in clean.values.items():
            setattr(locked, key, value)
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        audit.record(CompoundEvent.CHANGED, actor=actor, target=locked, fields=changed)
    return locked


def compound_set_status(*, actor: User, compound: Compound, data: StatusInput) -> Compound:
    _require_edit(actor, compound)
    if data.status not in CompoundStatus.values:
        raise ValidationError({"status": _("Choose active, raided or closed.")})
    if data.on > timezone.localdate():
        raise ValidationError({"on": _("This date is in the future.")})
    note = data.note.strip()
    if len(note) > 2000:
        raise ValidationError({"note": _("Keep the note under 2000 characters.")})
    with transaction.atomic():
        locked = Compound.objects.select_for_update().get(pk=compound.pk)
        if locked.status == data.status:
            raise ValidationError({"status": _("The compound already has this status.")})
        CompoundStatusChange.objects.create(
            compound=locked,
            old_status=locked.status,
            new_status=data.status,
            on=data.on,
            note=note,
            by=actor,
        )
        old = locked.status
        locked.status = data.status
        locked.status_since = data.on
        locked.version += 1
        locked.save(update_fields=["status", "status_since", "version"])
        audit.record(
            CompoundEvent.STATUS_CHANGED,
            actor=actor,
            target=locked,
            fields=["status", "status_since"],
            data={"from": old, "to": data.status},
        )
    return locked


def compound_open_to(*, actor: User, compound: Compound, data: AccessInput) -> CompoundAccess:
    """Let exactly one more agency read (or edit) the compound."""
    _require_edit(actor, compound)
    agency = Agency.objects.filter(pk=data.agency_id, is_active=True).first()
    if agency is None:
        raise ValidationError({"agency": _("There is no such agency. Choose one from the list.")})
    if agency.pk == compound.owner_id:
        raise ValidationError({"agency": _("This agency recorded the compound.")})
    with transaction.atomic():
        access, _created = CompoundAccess.objects.update_or_create(
            compound=compound,
            agency=agency,
            defaults={"can_edit": data.can_edit, "granted_by": actor},
        )
        audit.record(
            CompoundEvent.OPENED_TO_AGENCY,
            actor=actor,
            target=compound,
            data={"agency": agency.pk, "can_edit": data.can_edit},
        )
    return access
