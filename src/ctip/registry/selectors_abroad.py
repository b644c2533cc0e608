"""Reads of workers abroad, Boards and incidents: frozen dataclasses for pages and API.
Opening a worker or an incident (persons) is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ctip.compounds import selectors as compound_selectors
from ctip.compounds.ports import LinkedItem, LinkGroup, register_links
from ctip.core import audit, follow
from ctip.core.models import User
from ctip.core.scope import get_visible, visible
from ctip.registry.labels import SIGN_LABELS
from ctip.registry.models import Incident, LabourBoard, Worker

WORKERS = "registry.workers"
INCIDENTS = "registry.incidents"


@dataclass(frozen=True)
class BoardRow:
    id: int
    name: str
    country: str
    covers: tuple[str, ...]
    agency: str
    email: str
    phone: str


def boards(actor: User) -> list[BoardRow]:
    return [
        BoardRow(b.pk, b.name, b.country, tuple(b.covers), str(b.agency), b.email, b.phone)
        for b in visible(LabourBoard.objects.select_related("agency"), actor, "registry.view")
    ]


@dataclass(frozen=True)
class OrientationRow:
    course: str
    provider: str
    completed_on: dt.date
    certificate: str


@dataclass(frozen=True)
class WorkerRow:
    id: int
    destination: str
    departed_on: dt.date | None
    returned_on: dt.date | None
    contract: str
    enterprise: str
    board: str


@dataclass(frozen=True)
class WorkerDetail:
    worker: WorkerRow
    full_name: str
    birth_date: dt.date | None
    identity_number: str
    passport_number: str
    phone: str
    family_contact: str
    orientations: tuple[OrientationRow, ...]
    incidents: tuple[str, ...]


def _worker_row(w: Worker) -> WorkerRow:
    return WorkerRow(
        w.pk,
        w.destination,
        w.departed_on,
        w.returned_on,
        w.contract.number if w.contract_id and w.contract else "",
        w.enterprise.name if w.enterprise_id and w.enterprise else "",
        w.board.name if w.board_id and w.board else "",
    )


def workers(actor: User, *, abroad_only: bool = True) -> list[WorkerRow]:
    """Workers kept by the actor's agency or covered by its Board; no names in lists."""
    rows = visible(Worker.objects.select_related("contract", "enterprise", "board"), actor, WORKERS)
    if abroad_only:
        rows = rows.filter(returned_on__isnull=True)
    return [_worker_row(w) for w in rows[:500]]


def worker(actor: User, worker_id: int) -> WorkerDetail:
    found = get_visible(
        Worker.objects.select_related("contract", "enterprise", "board"),
        actor,
        WORKERS,
        pk=worker_id,
    )
    audit.record_read(
        actor, found, fields=["full_name", "birth_date", "identity_number", "passport_number"]
    )
    return WorkerDetail(
        _worker_row(found),
        found.full_name,
        found.birth_date,
        found.identity_number,
        found.passport_number,
        found.phone,
        found.family_contact,
        tuple(
            OrientationRow(o.course, o.provider, o.completed_on, o.certificate)
            for o in found.orientations.all()
        ),
        tuple(i.reference for i in found.incidents.all()),
    )


@dataclass(frozen=True)
class IncidentRow:
    id: int
    reference: str
    kind: str
    kind_label: str
    reporter_label: str
    country: str
    status: str
    status_label: str
    trafficking_signs: bool
    board: str
    enterprise: str
    board_due_at: dt.datetime | None
    enterprise_due_at: dt.datetime | None
    overdue: bool
    reported_at: dt.datetime
    case_id: int | None


@dataclass(frozen=True)
class IncidentDetail:
    incident: IncidentRow
    signs: tuple[str, ...]
    worker_id: int | None
    worker_name: str
    contact: str
    narrative: str
    employer: str
    outcome: str
    outcome_label: str
    outcome_note: str
    compound: str  # the name of the compound of the register it names, or ""


def _incident_row(i: Incident, now: dt.datetime) -> IncidentRow:
    due = [d for d in (i.board_due_at, i.enterprise_due_at) if d is not None]
    return IncidentRow(
        i.pk,
        i.reference,
        i.kind,
        i.get_kind_display(),
        i.get_reporter_display(),
        i.country,
        i.status,
        i.get_status_display(),
        i.trafficking_signs,
        i.board.name if i.board_id and i.board else "",
        i.enterprise.name if i.enterprise_id and i.enterprise else "",
        i.board_due_at,
        i.enterprise_due_at,
        i.status == "open" and any(d < now for d in due),
        i.reported_at,
        i.case_id,
    )


def incidents(actor: User, *, open_only: bool = False) -> list[IncidentRow]:
    """The incidents routed to the actor's agency or its Board, the most urgent first."""
    rows = visible(Incident.objects.select_related("board", "enterprise"), actor, INCIDENTS)
    if open_only:
        rows = rows.exclude(status="closed")
    now = timezone.now()
    found = [_incident_row(i, now) for i in rows[:500]]
    return sorted(found, key=lambda r: (r.status == "closed", r.board_due_at or r.reported_at))


def incident(actor: User, incident_id: int) -> IncidentDetail:
    found = get_visible(
        Incident.objects.select_related("board", "enterprise"), actor, INCIDENTS, pk=incident_id
    )
    audit.record_read(actor, found, fields=["worker_name", "contact", "narrative", "employer"])
    return IncidentDetail(
        _incident_row(found, timezone.now()),
        tuple(str(SIGN_LABELS.get(s, s)) for s in found.signs),
        found.worker_id,
        found.worker_name,
        found.contact,
        found.narrative,
        found.employer,
        found.outcome,
        found.get_outcome_display() if found.outcome else "",
        found.outcome_note,
        compound_selectors.compound_names([found.compound_id]).get(found.compound_id, "")
        if found.compound_id
        else "",
    )


@dataclass(frozen=True)
class IncidentFollow:
    """What a public reporter sees of an incident: its status in words and its dates,
    never the enterprise's or the Board's answer, the outcome or staff notes."""

    reference: str
    status: str
    reported_on: dt.date
    changed_on: dt.date


def incident_follow(reference: str, secret: str) -> IncidentFollow:
    """Through the one follow mechanism (``ctip.core.follow``); FollowRefused otherwise."""
    found = follow.check(
        Incident.objects.exclude(follow_secret_hash="").only(
            "reference", "follow_secret_hash", "status", "status_changed_at", "reported_at"
        ),
        reference,
        secret,
        code_field="reference",
    )
    return IncidentFollow(
        reference=found.reference,
        status=found.get_status_display(),
        reported_on=timezone.localdate(found.reported_at),
        changed_on=timezone.localdate(found.status_changed_at or found.reported_at),
    )


class _CompoundLinks:
    """Incidents naming a compound of the register: their references to readers of
    incidents, only how many to everyone else (``compounds.ports``)."""

    def linked(self, actor: User, compound_id: int) -> LinkGroup | None:
        from django.urls import reverse
        from django.utils.translation import gettext as _

        total = Incident.objects.filter(compound_id=compound_id).count()
        if not total:
            return None
        items: tuple[LinkedItem, ...] = ()
        if actor.has_ctip_perm(INCIDENTS):
            items = tuple(
                LinkedItem(reference, reverse("registry:incident", args=[pk]))
                for pk, reference in visible(Incident.objects.all(), actor, INCIDENTS)
                .filter(compound_id=compound_id)
                .order_by("-pk")
                .values_list("pk", "reference")[:50]
            )
        return LinkGroup(_("Incidents abroad"), total, items)


def register_compound_links() -> None:
    register_links("registry", _CompoundLinks())
