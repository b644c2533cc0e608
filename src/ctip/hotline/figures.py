"""Counts the statistics app reads: calls per month by channel, caller type, topic and
province with the change on the same month a year earlier; requests by status and the
time to locate and to return. Frozen dataclasses of counts, never rows or identities."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core.engine import periods
from ctip.core.figures import Figures, Indicator, Unit, check_breakdowns, count, month_of
from ctip.hotline.models import Call, RequestStatus, TracingRequest

# The contract the statistics app (and outreach's campaign outcomes) read.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "hotline.calls",
        _("Calls to 111"),
        Unit.CALLS,
        ("province", "month"),
        description=_("Calls, messages and chats taken by the hotline, by the day taken."),
    ),
    Indicator(
        "hotline.tracing_requests",
        _("Relatives families asked the hotline to trace"),
        Unit.PERSONS,
        ("tracing_outcome", "month"),
        description=_(
            "The persons sought by the tracing requests, by the day the request was recorded "
            "and what has become of it: came home, located, or not located yet."
        ),
        # Additive, but a request's outcome changes long after its month: never
        # precomputed, always counted as the records stand.
        additive=False,
    ),
)

# What has become of a tracing request, as the statistics break it down.
OUTCOMES = (
    ("returned", _("Came home")),
    ("located", _("Located, not home yet")),
    ("not_located", _("Not located yet")),
)
CATEGORIES = {"tracing_outcome": OUTCOMES}


def _tracing(period: periods.Period, breakdowns: tuple[str, ...]) -> Figures:
    tz = timezone.get_current_timezone()
    rows = (
        TracingRequest.objects.filter(
            recorded_at__gte=dt.datetime.combine(period.start, dt.time(), tz),
            recorded_at__lt=dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tz),
        )
        .values_list("recorded_at", "located_at", "returned_at")
        .order_by()
    )
    facts = (
        {
            "tracing_outcome": "returned" if returned else "located" if located else "not_located",
            "month": month_of(timezone.localdate(at)),
        }
        for at, located, returned in rows.iterator(chunk_size=5000)
    )
    return count("hotline.tracing_requests", period, breakdowns, facts)


def figures(indicator: str, period: periods.Period, breakdowns: tuple[str, ...]) -> Figures:
    found = {i.code: i for i in INDICATORS}
    check_breakdowns(found[indicator], breakdowns)
    if indicator == "hotline.tracing_requests":
        return _tracing(period, breakdowns)
    rows = (
        Call.objects.filter(taken_at__date__range=(period.start, period.end))
        .values_list("province__code", "taken_at")
        .order_by()
    )
    facts = (
        {"province": province or "unknown", "month": month_of(timezone.localdate(at))}
        for province, at in rows.iterator(chunk_size=5000)
    )
    return count(indicator, period, breakdowns, facts)


BREAKDOWNS = ("channel", "caller_type", "topic", "province")


@dataclass(frozen=True)
class Cell:
    value: str  # the code of the channel, caller type, topic, or the province's code
    count: int
    year_before: int

    @property
    def change(self) -> int:
        return self.count - self.year_before


@dataclass(frozen=True)
class MonthCalls:
    month: dt.date  # the first day of the month
    total: int
    total_year_before: int
    by: dict[str, tuple[Cell, ...]]  # breakdown -> cells, largest first


def _first(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def _shift_year(month: dt.date) -> dt.date:
    return dt.date(month.year - 1, month.month, 1)


def _counts(start: dt.date, end: dt.date, field: str) -> dict[tuple[dt.date, str], int]:
    column = "province__code" if field == "province" else field
    tz = timezone.get_current_timezone()
    rows = (
        Call.objects.filter(
            taken_at__gte=dt.datetime.combine(start, dt.time(), tz),
            taken_at__lt=dt.datetime.combine(end, dt.time(), tz),
        )
        .annotate(month=TruncMonth("taken_at"))
        .values("month", column)
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[tuple[dt.date, str], int] = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        key = (_first(month), row[column] or "")
        found[key] = found.get(key, 0) + row["n"]
    return found


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def calls_by_month(start: dt.date, end: dt.date) -> tuple[MonthCalls, ...]:
    """Every month from ``start``'s to ``end``'s (both included)."""
    first, last = _first(start), _first(end)
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = _next_month(month)
    window = (_shift_year(first), _next_month(last))
    by_field = {f: _counts(*window, f) for f in BREAKDOWNS}
    out = []
    for month in months:
        before = _shift_year(month)
        by: dict[str, tuple[Cell, ...]] = {}
        for field, counts in by_field.items():
            values = {v for (m, v) in counts if m in (month, before)}
            cells = [Cell(v, counts.get((month, v), 0), counts.get((before, v), 0)) for v in values]
            cells.sort(key=lambda c: (-c.count, c.value))
            by[field] = tuple(cells)
        channel = by_field["channel"]
        out.append(
            MonthCalls(
                month=month,
                total=sum(n for (m, _v), n in channel.items() if m == month),
                total_year_before=sum(n for (m, _v), n in channel.items() if m == before),
                by=by,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class RequestFigures:
    by_status: dict[str, int]
    located: int
    median_days_to_locate: float | None
    returned: int
    median_days_to_return: float | None


def requests_summary(start: dt.date, end: dt.date) -> RequestFigures:
    """Requests recorded in the period (``end`` included), by status, with the median
    days from recording to located and to returned home."""
    tz = timezone.get_current_timezone()
    rows = TracingRequest.objects.filter(
        recorded_at__gte=dt.datetime.combine(start, dt.time(), tz),
        recorded_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tz),
    )
    by_status = {s.value: 0 for s in RequestStatus}
    for row in rows.order_by().values("status").annotate(n=Count("pk")):
        by_status[row["status"]] = row["n"]
    locate, back = [], []
    for recorded, located, returned in rows.values_list("recorded_at", "located_at", "returned_at"):
        if located:
            locate.append((located - recorded).total_seconds() / 86400)
        if returned:
            back.append((returned - recorded).total_seconds() / 86400)
    return RequestFigures(
        by_status=by_status,
        located=len(locate),
        median_days_to_locate=round(statistics.median(locate), 1) if locate else None,
        returned=len(back),
        median_days_to_return=round(statistics.median(back), 1) if back else None,
    )
