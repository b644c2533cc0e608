"""Precomputed monthly counts: a table over closed months sums them instead of counting
every record again. A month is closed once it has ended; the current month is always
counted live. ``refresh`` (a background task) recounts recent months for late records."""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from ctip.core.engine.periods import Period, PeriodKind
from ctip.core.figures import Cell, Figures
from ctip.stats import registry
from ctip.stats.models import Aggregate


def _month(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), PeriodKind.MONTH)


def whole_months(period: Period) -> bool:
    last = calendar.monthrange(period.end.year, period.end.month)[1]
    return period.start.day == 1 and period.end.day == last


def _store(code: str, month: Period, breakdowns: tuple[str, ...]) -> Aggregate:
    fig = registry.figures(code, month, breakdowns)
    cells = [[*c.categories, c.count] for c in fig.cells]
    key = ",".join(breakdowns)
    try:
        with transaction.atomic():
            row, _created = Aggregate.objects.update_or_create(
                dataset=code,
                month=month.start,
                breakdowns=key,
                defaults={"cells": cells, "total": fig.total, "computed_at": timezone.now()},
            )
    except IntegrityError:  # computed at the same moment by another request
        row = Aggregate.objects.get(dataset=code, month=month.start, breakdowns=key)
    return row


def figures(code: str, period: Period, breakdowns: tuple[str, ...]) -> Figures:
    """The figure's counts, from the monthly aggregates where they can serve."""
    indicator = registry.indicator(code)
    this_month = timezone.localdate().replace(day=1)
    if not indicator.additive or not whole_months(period) or period.end >= this_month:
        return registry.figures(code, period, breakdowns)
    key = ",".join(breakdowns)
    months = period.months()
    have = {
        a.month: a
        for a in Aggregate.objects.filter(
            dataset=code, breakdowns=key, month__range=(period.start, period.end)
        )
    }
    counter: Counter[tuple[str, ...]] = Counter()
    total = 0
    for y, m in months:
        row = have.get(date(y, m, 1)) or _store(code, _month(y, m), breakdowns)
        total += row.total
        for *cats, n in row.cells:
            counter[tuple(cats)] += int(n)
    cells = tuple(Cell(k, n) for k, n in sorted(counter.items()))
    return Figures(code, period, breakdowns, cells, total)


def refresh(months_back: int = 3) -> int:
    """Recount the aggregates of the last closed months (late or corrected records)."""
    today = timezone.localdate()
    y, m = today.year, today.month
    recent = []
    for _i in range(months_back):
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        recent.append(date(y, m, 1))
    count = 0
    for row in Aggregate.objects.filter(month__in=recent).only("dataset", "month", "breakdowns"):
        breakdowns = tuple(b for b in row.breakdowns.split(",") if b)
        _store(row.dataset, _month(row.month.year, row.month.month), breakdowns)
        count += 1
    return count
