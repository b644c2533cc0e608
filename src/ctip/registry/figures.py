"""What the statistics app reads of the registry: counts, never identities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core.engine import periods
from ctip.core.figures import Figures, Indicator, Unit, check_breakdowns, count, month_of
from ctip.registry.models import (
    Enterprise,
    EnterpriseChange,
    Incident,
    IncidentKind,
    IncidentOutcome,
    IncidentStatus,
    Status,
    Worker,
)

# The contract the statistics app reads: counts any table can break down and audit.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "registry.incidents",
        _("Incidents reported by recruitment enterprises"),
        Unit.REPORTS,
        ("incident_kind", "country", "month"),
        description=_("Incidents of workers abroad, by the day they were reported."),
    ),
)
CATEGORIES = {"incident_kind": tuple(IncidentKind.choices)}


def figures(indicator: str, period: periods.Period, breakdowns: tuple[str, ...]) -> Figures:
    check_breakdowns(INDICATORS[0], breakdowns)
    rows = (
        Incident.objects.filter(reported_at__date__range=(period.start, period.end))
        .values_list("kind", "country", "reported_at")
        .order_by()
    )
    facts = (
        {
            "incident_kind": kind,
            "country": country or "unknown",
            "month": month_of(timezone.localdate(at)),
        }
        for kind, country, at in rows.iterator(chunk_size=5000)
    )
    return count(indicator, period, breakdowns, facts)


@dataclass(frozen=True)
class EnterpriseFigures:
    """Enterprises by status today, and the status changes within the period."""

    total: int
    by_status: dict[str, int]
    suspended_in_period: int
    revoked_in_period: int
    by_market: dict[str, int]


def enterprises(start: dt.date | None = None, end: dt.date | None = None) -> EnterpriseFigures:
    """Counts of the register; a status change counts in the period it was recorded."""
    by_status = dict.fromkeys(Status.values, 0)
    for row in Enterprise.objects.values("status").annotate(n=Count("pk")):
        by_status[row["status"]] = row["n"]
    by_market: dict[str, int] = {}
    for markets in Enterprise.objects.filter(status=Status.ACTIVE).values_list(
        "markets", flat=True
    ):
        for code in markets or ():
            by_market[code] = by_market.get(code, 0) + 1
    changes = EnterpriseChange.objects.filter(kind="status")
    if start is not None:
        changes = changes.filter(at__date__gte=start)
    if end is not None:
        changes = changes.filter(at__date__lte=end)
    moved = {Status.SUSPENDED: 0, Status.REVOKED: 0}
    for fields in changes.values_list("fields", flat=True):
        after = (fields.get("status") or [None, None])[1]
        if after in moved:
            moved[after] += 1
    return EnterpriseFigures(
        total=sum(by_status.values()),
        by_status=by_status,
        suspended_in_period=moved[Status.SUSPENDED],
        revoked_in_period=moved[Status.REVOKED],
        by_market=dict(sorted(by_market.items())),
    )


@dataclass(frozen=True)
class WorkerFigures:
    """Workers abroad on a day (departed, not yet returned), by destination."""

    total: int
    by_destination: dict[str, int]


def workers_abroad(on: dt.date | None = None) -> WorkerFigures:
    rows = Worker.objects.all()
    if on is not None:
        rows = rows.filter(Q(departed_on__isnull=True) | Q(departed_on__lte=on)).filter(
            Q(returned_on__isnull=True) | Q(returned_on__gt=on)
        )
    else:
        rows = rows.filter(returned_on__isnull=True)
    by_destination = {
        r["destination"]: r["n"]
        for r in rows.values("destination").annotate(n=Count("pk")).order_by("destination")
    }
    return WorkerFigures(sum(by_destination.values()), by_destination)


@dataclass(frozen=True)
class IncidentFigures:
    """Incidents reported in the period, by kind, by outcome, and how they were handled."""

    total: int
    by_kind: dict[str, int]
    by_outcome: dict[str, int]
    open: int
    with_trafficking_signs: int
    cases_opened: int
    answered_late: int


def incidents(start: dt.date | None = None, end: dt.date | None = None) -> IncidentFigures:
    rows = Incident.objects.all()
    if start is not None:
        rows = rows.filter(reported_at__date__gte=start)
    if end is not None:
        rows = rows.filter(reported_at__date__lte=end)
    by_kind = dict.fromkeys(IncidentKind.values, 0)
    for r in rows.values("kind").annotate(n=Count("pk")):
        by_kind[r["kind"]] = r["n"]
    by_outcome = dict.fromkeys(IncidentOutcome.values, 0)
    for r in rows.exclude(outcome="").values("outcome").annotate(n=Count("pk")):
        by_outcome[r["outcome"]] = r["n"]
    now = timezone.now()
    late = rows.filter(board_due_at__isnull=False).filter(
        Q(closed_at__gt=F("board_due_at")) | Q(closed_at__isnull=True, board_due_at__lt=now)
    )
    return IncidentFigures(
        total=sum(by_kind.values()),
        by_kind=by_kind,
        by_outcome=by_outcome,
        open=rows.exclude(status=IncidentStatus.CLOSED).count(),
        with_trafficking_signs=rows.filter(trafficking_signs=True).count(),
        cases_opened=rows.filter(case_id__isnull=False).count(),
        answered_late=late.count(),
    )
