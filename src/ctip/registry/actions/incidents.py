"""Incidents abroad: reported by a worker, a family or staff; routed to the Labour
Management Board and the enterprise with deadlines; answered; and, when the report shows
signs of trafficking, a protection case opened through ``ctip.cases.actions``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import actions as cases_actions
from ctip.compounds import selectors as compound_selectors
from ctip.core import actions as core_actions
from ctip.core import audit, follow
from ctip.core.models import Agency, User
from ctip.core.scope import get_visible
from ctip.core.values import read_country
from ctip.registry import notices
from ctip.registry.actions.abroad import WORKERS, board_for
from ctip.registry.engine.incidents import SIGNS, deadlines, shows_trafficking
from ctip.registry.events import RegistryEvent
from ctip.registry.models import (
    Enterprise,
    Incident,
    IncidentKind,
    IncidentOutcome,
    IncidentStatus,
    LabourBoard,
    Reporter,
    Worker,
)

INCIDENTS = "registry.incidents"


@dataclass(frozen=True)
class IncidentInput:
    kind: str
    reporter: str
    country: str
    narrative: str = ""
    signs: tuple[str, ...] = ()
    worker_id: int | None = None
    worker_name: str = ""
    contact: str = ""
    employer: str = ""
    # The enterprise that sent the worker: a licence number or a name from the register.
    enterprise: str = ""
    # Staff only: a name or alias naming exactly one scam compound of the register.
    compound_name: str = ""


@dataclass(frozen=True)
class ReportedIncident:
    incident: Incident
    # Shown once to a public reporter with ``incident.reference``; only its hash is kept.
    follow_secret: str = ""


def _check(data: IncidentInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in IncidentKind.values:
        errors["kind"] = [_("Choose what happened.")]
    if data.reporter not in Reporter.values:
        errors["reporter"] = [_("Say who is reporting.")]
    unknown = [s for s in data.signs if s not in SIGNS]
    if unknown:
        errors["signs"] = [_("Choose the signs from the list.")]
    if not data.narrative.strip() and data.kind == IncidentKind.OTHER:
        errors["narrative"] = [_("Say what happened.")]
    if len(data.narrative) > 5000:
        errors["narrative"] = [_("Write at most 5,000 characters.")]
    return errors


def _compound(actor: User | None, name: str, errors: dict[str, list[str]]) -> int | None:
    """The single compound of the register, within the actor's scope, a name or alias
    names (``compounds.selectors.compound_choices``); an error when it names none or
    several."""
    name = " ".join(name.split())
    if not name:
        return None
    if actor is None:
        raise PermissionDenied(INCIDENTS)
    rows = compound_selectors.compound_choices(actor, name[:200], permission=INCIDENTS)
    if len(rows) != 1:
        errors["compound_name"] = [_("No single compound of the register has this name.")]
        return None
    return rows[0].id


def _enterprise(text: str) -> Enterprise | None:
    from ctip.registry.selectors import find

    found = find(text) if text.strip() else []
    return found[0] if len(found) == 1 else None


def _keeper(
    actor: User | None,
    worker: Worker | None,
    board: LabourBoard | None,
    enterprise: Enterprise | None,
) -> Agency:
    """Who keeps the incident: the worker's agency, the staff member's own, the Board's,
    the enterprise's, or the national agency for a public report nobody else covers."""
    if worker is not None:
        return worker.agency
    if actor is not None:
        return actor.agency
    if board is not None:
        return board.agency
    if enterprise is not None:
        return enterprise.agency
    root = Agency.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        raise ValidationError(_("No agency can receive this report yet."))
    return root


def incident_report(*, actor: User | None, data: IncidentInput) -> ReportedIncident:
    """Record a report from abroad and route it; ``actor`` is None for a public report,
    whose reporter is given a secret to follow it with its reference (``ctip.core.follow``).

    Staff who may open cases open the protection case at once when the report shows
    signs of trafficking; otherwise the agency is notified to open it."""
    with transaction.atomic():
        errors = _check(data)
        try:
            country = read_country(data.country)
        except ValueError as error:
            errors.setdefault("country", []).append(str(error))
            country = ""
        if not country and "country" not in errors:
            errors["country"] = [_("Say which country the worker is in.")]
        worker = None
        if data.worker_id is not None:
            if actor is None:
                raise PermissionDenied(WORKERS)
            worker = get_visible(Worker.objects.all(), actor, WORKERS, pk=data.worker_id)
        compound_id = _compound(actor, data.compound_name, errors)
        if errors:
            raise ValidationError(errors)
        board = (worker.board if worker is not None else None) or board_for(country)
        enterprise = worker.enterprise if worker is not None else _enterprise(data.enterprise)
        keeper = _keeper(actor, worker, board, enterprise)
        now = timezone.now()
        board_due, enterprise_due = deadlines(data.kind, data.signs, now)
        # A compound of the register is the strong sign "scam compound".
        signs = sorted(set(data.signs) | ({"scam_compound"} if compound_id else set()))
        reference, secret, secret_hash = follow.credentials("NN")
        if actor is not None:
            secret, secret_hash = "", ""
        incident = Incident.objects.create(
            reference=reference,
            follow_secret_hash=secret_hash,
            agency=keeper,
            worker=worker,
            board=board,
            enterprise=enterprise,
            compound_id=compound_id,
            kind=data.kind,
            reporter=data.reporter,
            country=country,
            signs=signs,
            trafficking_signs=shows_trafficking(data.kind, signs),
            worker_name=" ".join(data.worker_name.split())[:200],
            contact=data.contact.strip()[:300],
            narrative=data.narrative.strip()[:5000],
            employer=" ".join(data.employer.split())[:300],
            board_due_at=board_due if board is not None else None,
            enterprise_due_at=enterprise_due if enterprise is not None else None,
            reported_at=now,
            status_changed_at=now,
        )
        audit.record(
            RegistryEvent.INCIDENT_REPORTED,
            actor=actor,
            target=incident,
            agency=None if actor is not None else keeper,
        )
        _route(actor, incident)
        if incident.trafficking_signs and actor is not None and actor.has_ctip_perm("cases.intake"):
            name = incident.worker_name or (worker.full_name if worker is not None else "")
            if name:
                _open_case(actor, incident, name)
        return ReportedIncident(incident, follow_secret=secret)


def _link(incident: Incident) -> str:
    return reverse("registry:incident", args=[incident.pk])


def _due(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _route(actor: User | None, incident: Incident) -> None:
    key = f"registry.incident:{incident.pk}"
    if incident.board is not None:
        core_actions.notify(
            actor=actor,
            agency=incident.board.agency,
            kind="incident",
            message=notices.INCIDENT_ROUTED,
            params={"reference": incident.reference, "due": _due(incident.board_due_at)},
            link=_link(incident),
            permission=INCIDENTS,
            key=key,
        )
    if incident.enterprise is not None:
        core_actions.notify(
            actor=actor,
            agency=incident.enterprise.agency,
            kind="incident",
            message=notices.INCIDENT_FOR_ENTERPRISE,
            params={
                "reference": incident.reference,
                "licence": incident.enterprise.licence_number,
                "due": _due(incident.enterprise_due_at),
            },
            link=_link(incident),
            permission=INCIDENTS,
            key=key,
        )
    if incident.trafficking_signs:
        core_actions.notify(
            actor=actor,
            agency=incident.agency,
            kind="incident",
            message=notices.INCIDENT_TRAFFICKING,
            params={"reference": incident.reference},
            link=_link(incident),
            permission=INCIDENTS,
            key=f"{key}:case",
        )


def _open_case(actor: User, incident: Incident, name: str) -> None:
    channel = (
        "family_report" if incident.reporter == Reporter.FAMILY else "notification_from_abroad"
    )
    result = cases_actions.case_open(
        actor=actor,
        data=cases_actions.CaseOpenInput(
            full_name=name,
            intake_channel=channel,
            intake_date=timezone.localdate(),
            idempotency_key=f"registry-incident-{incident.pk}",
            exploitation_country=incident.country,
        ),
    )
    incident.case_id = result.case.pk
    incident.save(update_fields=["case_id"])
    audit.record(RegistryEvent.INCIDENT_CASE_OPENED, actor=actor, target=incident)


def incident_open_case(*, actor: User, incident_id: int, full_name: str = "") -> Incident:
    """Open the protection case of an incident that shows signs of trafficking."""
    with transaction.atomic():
        # Whoever takes intakes in the agency that keeps the incident (or its Board's).
        incident = get_visible(
            Incident.objects.select_for_update(of=("self",)), actor, "cases.intake", pk=incident_id
        )
        if incident.case_id is not None:
            raise ValidationError(_("A protection case is already open for this incident."))
        name = " ".join(full_name.split()) or incident.worker_name
        if not name and incident.worker is not None:
            name = incident.worker.full_name
        if not name:
            raise ValidationError({"full_name": _("Give the worker's name to open a case.")})
        _open_case(actor, incident, name)
        return incident


def incident_set_compound(*, actor: User, incident_id: int, compound_name: str) -> Incident:
    """Name the scam compound of the register an incident already recorded speaks of,
    change it, or clear it (an empty name), by one of its names or aliases within the
    actor's scope (``compounds.selectors.compound_choices``). Naming one adds the strong
    sign "scam compound", as for a new incident; clearing it keeps the signs recorded."""
    with transaction.atomic():
        incident = get_visible(
            Incident.objects.select_for_update(of=("self",)), actor, INCIDENTS, pk=incident_id
        )
        errors: dict[str, list[str]] = {}
        compound_id = _compound(actor, compound_name, errors)
        if errors:
            raise ValidationError(errors)
        if compound_id == incident.compound_id:
            return incident
        had_signs = incident.trafficking_signs
        incident.compound_id = compound_id
        changed = ["compound"]
        if compound_id is not None and "scam_compound" not in incident.signs:
            incident.signs = sorted({*incident.signs, "scam_compound"})
            incident.trafficking_signs = shows_trafficking(incident.kind, incident.signs)
            changed += ["signs", "trafficking_signs"]
        incident.save(update_fields=changed)
        audit.record(
            RegistryEvent.INCIDENT_COMPOUND_SET,
            actor=actor,
            target=incident,
            fields=changed,
            data={"compound": compound_id},
        )
        if incident.trafficking_signs and not had_signs:
            core_actions.notify(
                actor=actor,
                agency=incident.agency,
                kind="incident",
                message=notices.INCIDENT_TRAFFICKING,
                params={"reference": incident.reference},
                link=_link(incident),
                permission=INCIDENTS,
                key=f"registry.incident:{incident.pk}:case",
            )
        return incident


def incident_acknowledge(*, actor: User, incident_id: int) -> Incident:
    with transaction.atomic():
        incident = get_visible(
            Incident.objects.select_for_update(of=("self",)), actor, INCIDENTS, pk=incident_id
        )
        if incident.status != IncidentStatus.OPEN:
            raise ValidationError(_("This incident is already being handled."))
        incident.status = IncidentStatus.ACKNOWLEDGED
        incident.status_changed_at = timezone.now()
        incident.save(update_fields=["status", "status_changed_at"])
        audit.record(
            RegistryEvent.INCIDENT_ACKNOWLEDGED, actor=actor, target=incident, fields=["status"]
        )
        return incident


def incident_close(*, actor: User, incident_id: int, outcome: str, note: str = "") -> Incident:
    with transaction.atomic():
        incident = get_visible(
            Incident.objects.select_for_update(of=("self",)), actor, INCIDENTS, pk=incident_id
        )
        if incident.status == IncidentStatus.CLOSED:
            raise ValidationError(_("This incident is already closed."))
        if outcome not in IncidentOutcome.values:
            raise ValidationError({"outcome": _("Choose the outcome.")})
        incident.status = IncidentStatus.CLOSED
        incident.outcome = outcome
        incident.outcome_note = note.strip()[:2000]
        incident.closed_at = incident.status_changed_at = timezone.now()
        incident.save(
            update_fields=["status", "outcome", "outcome_note", "closed_at", "status_changed_at"]
        )
        audit.record(
            RegistryEvent.INCIDENT_CLOSED,
            actor=actor,
            target=incident,
            fields=["status", "outcome", "outcome_note"],
        )
        core_actions.notifications_resolve(actor=actor, key=f"registry.incident:{incident.pk}")
        return incident
