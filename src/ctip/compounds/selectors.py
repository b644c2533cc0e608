"""Reads of the register, one per screen, as frozen dataclasses the pages and API share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ctip.compounds.actions.register import may_edit
from ctip.compounds.models import Compound, CompoundAccess, CompoundStatusChange
from ctip.compounds.ports import LinkGroup, link_providers
from ctip.core.models import User
from ctip.core.scope import get_visible, visible
from ctip.core.text import fold
from ctip.core.values import country_name

MAX_LISTED = 500


@dataclass(frozen=True)
class CompoundRow:
    id: int
    name: str
    aliases: tuple[str, ...]
    country: str
    country_name: str
    area: str
    status: str
    status_label: str


@dataclass(frozen=True)
class StatusChangeView:
    old_status: str
    new_status: str
    new_label: str
    on: dt.date
    note: str
    by: str


@dataclass(frozen=True)
class AccessView:
    agency_id: int
    agency: str
    can_edit: bool


@dataclass(frozen=True)
class CompoundPage:
    id: int
    name: str
    aliases: tuple[str, ...]
    country: str
    country_name: str
    area: str
    latitude: Decimal | None
    longitude: Decimal | None
    operator_aliases: tuple[str, ...]
    sources: tuple[str, ...]
    status: str
    status_label: str
    status_since: dt.date | None
    owner: str
    version: int
    editable: bool
    history: tuple[StatusChangeView, ...]
    accesses: tuple[AccessView, ...]
    links: tuple[LinkGroup, ...]


@dataclass(frozen=True)
class CompoundRef:
    """What another app keeps and shows of a compound it refers to."""

    id: int
    name: str
    country: str


def _row(c: Compound) -> CompoundRow:
    return CompoundRow(
        id=c.pk,
        name=c.name,
        aliases=tuple(c.aliases or ()),
        country=c.country,
        country_name=country_name(c.country),
        area=c.area,
        status=c.status,
        status_label=str(c.get_status_display()),
    )


def compound_list(
    actor: User, *, q: str = "", country: str = "", status: str = ""
) -> list[CompoundRow]:
    """Compounds the actor may read, found by any name or alias (no case, no accents)."""
    rows = visible(Compound.objects.all(), actor, "compounds.view")
    if q.strip():
        for word in fold(q).split():
            rows = rows.filter(search_text__contains=word)
    if country:
        rows = rows.filter(country=country)
    if status:
        rows = rows.filter(status=status)
    return [_row(c) for c in rows.order_by("name", "pk")[:MAX_LISTED]]


def compound_ref(
    actor: User, compound_id: int | None, *, permission: str = "compounds.view"
) -> CompoundRef | None:
    """The compound, if the actor may read it; None otherwise (never says it exists).
    Another app's chooser passes its own permission (see :func:`compound_choices`)."""
    if not compound_id:
        return None
    found = (
        visible(Compound.objects.all(), actor, permission)
        .filter(pk=compound_id)
        .values("pk", "name", "country")
        .first()
    )
    if found is None:
        return None
    return CompoundRef(found["pk"], found["name"], found["country"])


MIN_CHOICE_QUERY = 3
MAX_CHOICES = 10


def compound_choices(actor: User, q: str, *, permission: str) -> list[CompoundRef]:
    """For another app's chooser, under that app's permission and the register's scope:
    the compounds one of whose names or aliases holds every word of ``q`` (three letters
    at least; no listing of the register), as number, name and country only. Aliases,
    operators, sources, status, position and linked records stay behind
    ``compounds.view``."""
    words = fold(q).split()
    if sum(len(w) for w in words) < MIN_CHOICE_QUERY:
        return []
    rows = visible(Compound.objects.all(), actor, permission)
    for word in words:
        rows = rows.filter(search_text__contains=word)
    return [
        CompoundRef(pk, name, country)
        for pk, name, country in rows.order_by("name", "pk").values_list("pk", "name", "country")[
            :MAX_CHOICES
        ]
    ]


def compound_names(ids: list[int]) -> dict[int, str]:
    """Names of compounds other apps already link to (their own scope was checked)."""
    return dict(Compound.objects.filter(pk__in=ids).values_list("pk", "name"))


def compound_page(actor: User, compound_id: int) -> CompoundPage:
    c = get_visible(
        Compound.objects.select_related("owner"), actor, "compounds.view", pk=compound_id
    )
    history = tuple(
        StatusChangeView(
            old_status=h.old_status,
            new_status=h.new_status,
            new_label=str(h.get_new_status_display()),
            on=h.on,
            note=h.note or "",
            by=h.by.username if h.by else "",
        )
        for h in CompoundStatusChange.objects.filter(compound=c).select_related("by")
    )
    accesses = tuple(
        AccessView(a.agency_id, a.agency.name, a.can_edit)
        for a in CompoundAccess.objects.filter(compound=c).select_related("agency")
    )
    links = []
    for provider in link_providers():
        group = provider.linked(actor, c.pk)
        if group is not None:
            links.append(group)
    return CompoundPage(
        id=c.pk,
        name=c.name,
        aliases=tuple(c.aliases or ()),
        country=c.country,
        country_name=country_name(c.country),
        area=c.area,
        latitude=c.latitude,
        longitude=c.longitude,
        operator_aliases=tuple(c.operator_aliases or ()),
        sources=tuple(c.sources or ()),
        status=c.status,
        status_label=str(c.get_status_display()),
        status_since=c.status_since,
        owner=c.owner.name,
        version=c.version,
        editable=may_edit(actor, c),
        history=history,
        accesses=accesses,
        links=tuple(links),
    )


def compound_for_edit(actor: User, compound_id: int) -> Compound:
    """The row itself, for a write by an actor who may read it."""
    return get_visible(Compound.objects.all(), actor, "compounds.view", pk=compound_id)
