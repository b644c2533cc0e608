"""What the statistics app reads of the registry: counts, never identities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core.engine import periods
from ctip.core.figures import Figures, Indicator, Unit, check_breakdowns, count, month_of
from ctip.registry.models import (
    Enterprise,
    EnterpriseChange,
    Incident,
    IncidentKind,
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
    Indicator(
        "registry.incidents_with_signs",
        _("Incidents with signs of trafficking"),
        Unit.REPORTS,
        ("incident_kind", "country", "month"),
        description=_(
            "Incidents of workers abroad that showed signs of trafficking, by the day they "
            "were reported."
        ),
    ),
    Indicator(
        "registry.workers_abroad",
        _("Registered workers abroad"),
        Unit.PERSONS,
        ("destination",),
        description=_(
            "Registered workers who had departed and not yet returned on the last day of the "
            "period, by country of destination."
        ),
        additive=False,  # a count on one day, not over the period
    ),
)
CATEGORIES = {"incident_kind": tuple(IncidentKind.choices)}


def _workers_abroad(period: periods.Period, breakdowns: tuple[str, ...]) -> Figures:
    on = period.end
    rows = (
        Worker.objects.filter(Q(departed_on__isnull=True) | Q(departed_on__lte=on))
        .filter(Q(returned_on__isnull=True) | Q(returned_on__gt=on))
        .values_list("destination", flat=True)
        .order_by()
    )
    facts = ({"destination": code or "unknown"} for code in rows.iterator(chunk_size=5000))
    return count("registry.workers_abroad", period, breakdowns, facts)


def figures(indicator: str, period: periods.Period, breakdowns: tuple[str, ...]) -> Figures:
    found = {i.code: i for i in INDICATORS}
    check_breakdowns(found[indicator], breakdowns)
    if indicator == "registry.workers_abroad":
        return _workers_abroad(period, breakdowns)
    incidents = Incident.objects.filter(reported_at__date__range=(period.start, period.end))
    if indicator == "registry.incidents_with_signs":
        incidents = incidents.filter(trafficking_signs=True)
    rows = incidents.values_list("kind", "country", "reported_at").order_by()
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
