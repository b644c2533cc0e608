"""What the statistics app reads of the registry: counts, never identities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from ctip.registry.models import Enterprise, EnterpriseChange, Status


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
