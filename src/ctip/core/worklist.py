"""Each role's dashboard is its worklist: what waits on the user, and a year in a chart.

Apps register providers at start-up (their ``AppConfig.ready``); the core knows no app::

    worklist.register_items(items)   # items(actor) -> iterable of Item
    worklist.register_chart(chart)   # chart(actor) -> Series or None

An item is a count and a link (cases to screen, reports to triage, freeze requests to
answer); the dashboard shows those the user's permissions give. A chart is twelve monthly
counts, drawn on the server as a small SVG bar chart with the same figures in a table
beside it for screen readers and printing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ctip.core.models import User


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    url: str
    urgent: bool = False


@dataclass(frozen=True)
class Series:
    title: str
    months: Sequence[tuple[dt.date, int]]  # first day of each month, oldest first


ITEMS: list[Callable[[User], Iterable[Item]]] = []
CHARTS: list[Callable[[User], Series | None]] = []


def register_items(provider: Callable[[User], Iterable[Item]]) -> None:
    if provider not in ITEMS:
        ITEMS.append(provider)


def register_chart(provider: Callable[[User], Series | None]) -> None:
    if provider not in CHARTS:
        CHARTS.append(provider)


def items(actor: User) -> list[Item]:
    return [item for provider in ITEMS for item in provider(actor)]


def charts(actor: User) -> list[Series]:
    return [s for s in (provider(actor) for provider in CHARTS) if s is not None]


def last_twelve_months(today: dt.date | None = None) -> list[dt.date]:
    """The first days of the last twelve months, this one included, oldest first."""
    today = today or timezone.localdate()
    year, month = today.year, today.month
    firsts = []
    for _ in range(12):
        firsts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def monthly(counts: dict[dt.date, int], today: dt.date | None = None) -> list[tuple[dt.date, int]]:
    """Twelve (month, count) pairs from counts keyed by any date in the month."""
    by_month: dict[dt.date, int] = {}
    for day, n in counts.items():
        first = dt.date(day.year, day.month, 1)
        by_month[first] = by_month.get(first, 0) + n
    return [(m, by_month.get(m, 0)) for m in last_twelve_months(today)]


WIDTH, HEIGHT, BAR, GAP, BASE = 360, 140, 24, 6, 20


def svg(series: Series, chart_id: str) -> SafeString:
    """A bar chart of the twelve months; its numbers are also in the table beside it."""
    top = max((n for _m, n in series.months), default=0) or 1
    bars = []
    for i, (month, n) in enumerate(series.months):
        height = round((HEIGHT - BASE - 16) * n / top)
        x = i * (BAR + GAP) + GAP
        y = HEIGHT - BASE - height
        label = date_format(month, "M")
        bars.append((x, y, height, n, label, x + BAR / 2))
    body = format_html_join(
        "",
        '<g><rect x="{}" y="{}" width="' + str(BAR) + '" height="{}" class="bar">'
        "<title>{}</title></rect>"
        '<text x="{}" y="' + str(HEIGHT - 6) + '" text-anchor="middle" class="axis">{}</text>'
        "</g>",
        ((x, y, h, f"{label}: {n}", cx, label) for x, y, h, n, label, cx in bars),
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-labelledby="{}" '
        'class="chart" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        chart_id,
        body,
    )
