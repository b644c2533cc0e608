"""The national tables, after disclosure control: what pages, the API and exports show.

A table is never shown raw: every view of it (this period, the previous one, the same
period a year earlier) goes through the suppression engine, audited against every release
of the dataset already published and every draft of it shown to anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

from django.conf import settings
from django.db.models import Max, Min, Subquery
from django.utils.translation import gettext as _

from ctip.core import scope
from ctip.core.engine.periods import Period
from ctip.core.engine.suppression import (
    DEFAULT_THRESHOLD,
    Category,
    Key,
    OutCell,
    Protected,
    PublishedTable,
    Status,
    TableIn,
    protect,
)
from ctip.core.figures import CHILD_DIMENSIONS, Figures, Indicator, check_breakdowns
from ctip.core.models import User
from ctip.stats import aggregates, labels, registry
from ctip.stats.engine import survey as survey_engine
from ctip.stats.models import (
    BudgetSpend,
    Method,
    PrivacyBudget,
    Release,
    Survey,
    SurveyResponse,
    TableView,
)

DEFAULT_BUDGET = 1.0
ROUNDING_BASE = 5


def threshold() -> int:
    return int(getattr(settings, "CTIP_STATS_THRESHOLD", DEFAULT_THRESHOLD))


def child_threshold() -> int:
    return max(threshold(), int(getattr(settings, "CTIP_STATS_CHILD_THRESHOLD", 20)))


def threshold_for(indicator: Indicator, breakdowns: tuple[str, ...]) -> int:
    if indicator.about_children or CHILD_DIMENSIONS & set(breakdowns):
        return child_threshold()
    return threshold()


@dataclass(frozen=True)
class ShownCell:
    categories: tuple[str | None, ...]
    value: int | None  # None: suppressed
    status: str
    accuracy: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Line:
    """One row of the table: a category of the first breakdown (or the total)."""

    key: str | None
    label: str
    cells: tuple[ShownCell, ...]  # one per column category, then the row total
    previous: int | None
    year_earlier: int | None
    change_previous: str
    change_year: str
    compared: bool = True  # False: a month has no earlier period of its own here

    @property
    def total(self) -> ShownCell:
        return self.cells[-1]


@dataclass(frozen=True)
class NationalTable:
    indicator: str
    indicator_label: str
    unit_label: str
    period: Period
    previous_period: Period
    year_earlier_period: Period
    breakdowns: tuple[str, ...]
    breakdown_labels: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]  # labels of the column categories, then "Total"
    lines: tuple[Line, ...]  # rows, then the total row
    cells: tuple[ShownCell, ...]
    threshold: int
    suppressed: int
    # What its reader was shown to build it (the table and its comparisons): the drafts
    # the page or answer remembers through ``actions.drafts.drafts_shown``.
    drafts: tuple[Draft, ...] = ()

    @property
    def total(self) -> ShownCell:
        return self.lines[-1].total


def _category(stored: str | list[str] | None) -> Category | None:
    """A stored category: a group (the provinces a campaign targeted) is a list."""
    return tuple(stored) if isinstance(stored, list) else stored


def stored_cells(shown: Protected) -> list[dict[str, Any]]:
    """What a reader was shown, as ``TableView.cells``: no hidden value; groups as lists."""
    return [
        {
            "categories": [list(k) if isinstance(k, tuple) else k for k in c.categories],
            "value": None if c.suppressed else c.value,
            "status": c.status.value,
        }
        for c in shown.cells
    ]


def _as_published(
    start: date,
    end: date,
    breakdowns: list[str],
    stored: list[dict[str, Any]],
    tolerance: int = 0,
) -> PublishedTable:
    cells = tuple(
        OutCell(
            tuple(_category(k) for k in c["categories"]),
            0 if c["value"] is None else int(c["value"]),
            Status(c["status"]),
        )
        for c in stored
    )
    return PublishedTable(start, end, tuple(breakdowns), cells, tolerance)


def _linked_span(
    dataset: str, start: date, end: date, also: Sequence[PublishedTable] = ()
) -> tuple[date, date]:
    """The days covered by the releases and drafts of the dataset linked in time to a
    table of ``start`` to ``end``: as the suppression engine links them (periods that
    overlap, directly or through others; ``also``: tables not stored yet). Periods
    linked so cover every day between their first and last, so a period overlapping
    that span is linked, and one outside shares no day with any that is."""
    releases = Release.objects.filter(
        dataset=dataset, method__in=[Method.SUPPRESSION, Method.ROUNDED]
    )
    drafts = TableView.objects.filter(dataset=dataset)
    while True:
        first, last = start, end
        for old in also:
            if old.start <= last and first <= old.end:
                first, last = min(first, old.start), max(last, old.end)
        for stored in (releases, drafts):
            found = stored.filter(period_start__lte=last, period_end__gte=first).aggregate(
                first=Min("period_start"), last=Max("period_end")
            )
            if found["first"] is not None:
                first, last = min(first, found["first"]), max(last, found["last"])
        if (first, last) == (start, end):
            return start, end
        start, end = first, last


def earlier_drafts(dataset: str, start: date, end: date) -> list[PublishedTable]:
    """Every distinct draft of the dataset shown to anyone whose period overlaps ``start``
    to ``end``, each once: readers may pool what they were shown, and whoever publishes
    may have read drafts before."""
    overlapping = TableView.objects.filter(
        dataset=dataset, period_start__lte=end, period_end__gte=start
    )
    first_of_each = overlapping.values("digest").annotate(first=Min("pk")).values("first")
    shown = (
        TableView.objects.filter(pk__in=Subquery(first_of_each))
        .values_list("period_start", "period_end", "breakdowns", "cells")
        .order_by("period_start", "period_end", "pk")
    )
    return [
        _as_published(start_, end_, breakdowns, cells)
        for start_, end_, breakdowns, cells in shown.iterator()
    ]


def earlier_releases(dataset: str, start: date, end: date) -> list[PublishedTable]:
    """What anyone may have seen of the dataset in ``start`` to ``end``: its exact and
    rounded releases whose period overlaps it."""
    releases = Release.objects.filter(
        dataset=dataset,
        method__in=[Method.SUPPRESSION, Method.ROUNDED],
        period_start__lte=end,
        period_end__gte=start,
    ).order_by("pk")
    return [
        _as_published(
            r.period_start,
            r.period_end,
            r.breakdowns,
            r.cells,
            ROUNDING_BASE // 2 if r.method == Method.ROUNDED else 0,
        )
        for r in releases
    ]


def earlier_tables(
    dataset: str, period: Period, also: Sequence[PublishedTable] = ()
) -> list[PublishedTable]:
    """What a table of the dataset for ``period`` is audited against: its releases, and
    every draft of it shown to anyone (in the statistics or a campaign's outcomes), that
    the engine links to the period (overlapping, directly or through others, ``also``
    included); those it would leave out are not read."""
    start, end = _linked_span(dataset, period.start, period.end, also)
    return earlier_releases(dataset, start, end) + earlier_drafts(dataset, start, end)


def _universe(fig: Figures, period: Period) -> tuple[tuple[str, ...], ...]:
    out = []
    for i, dim in enumerate(fig.breakdowns):
        observed = {cell.categories[i] for cell in fig.cells}
        if dim == "month":
            months = [f"{y}-{m:02d}" for y, m in period.months()]
            out.append(tuple(months + sorted(observed - set(months))))
        else:
            out.append(labels.universe(dim, observed))
    return tuple(out)


@dataclass(frozen=True)
class Draft:
    """One table a reader is shown (after disclosure control), to be remembered by
    ``actions.drafts.drafts_shown`` once the page or answer is built."""

    dataset: str
    period: Period
    breakdowns: tuple[str, ...]
    protected: Protected

    def published(self) -> PublishedTable:
        return PublishedTable(
            self.period.start, self.period.end, self.breakdowns, self.protected.cells
        )


@dataclass
class Reading:
    """What one reader is shown in one page or answer: each table is audited against the
    releases and remembered drafts, and against the tables shown before it here, which
    are not remembered yet (selectors never write)."""

    viewer: User
    drafts: list[Draft] = field(default_factory=list)

    def pending(self, dataset: str) -> list[PublishedTable]:
        return [d.published() for d in self.drafts if d.dataset == dataset]


def _protected(
    fig: Figures,
    period: Period,
    breakdowns: tuple[str, ...],
    limit: int,
    reading: Reading | None = None,
) -> tuple[Protected, tuple[tuple[str, ...], ...]]:
    universe = _universe(fig, period)
    table = TableIn(period.start, period.end, breakdowns, universe, fig.as_dict())
    pending = reading.pending(fig.indicator) if reading is not None else []
    earlier = earlier_tables(fig.indicator, period, pending) + pending
    protected = protect(table, threshold=limit, earlier=earlier)
    if reading is not None:
        reading.drafts.append(Draft(fig.indicator, period, breakdowns, protected))
    return protected, universe


def _change(now: int | None, before: int | None) -> str:
    if now is None or before is None:
        return "—"
    if before == 0:
        return "—" if now == 0 else f"+{now}"
    return f"{(now - before) / before * 100:+.1f}%"


def build(
    indicator_code: str,
    period: Period,
    breakdowns: tuple[str, ...],
    reading: Reading | None = None,
) -> tuple[NationalTable, Protected]:
    """The table after disclosure control, audited against every release and every draft
    of the dataset shown to anyone linked to it in time. With a ``reading``, what its
    reader is shown now is added to its drafts (to be remembered by the action
    ``drafts_shown``); without one (a release), it is not a draft."""
    indicator = registry.indicator(indicator_code)
    check_breakdowns(indicator, breakdowns)
    if len(breakdowns) > 2:
        raise ValueError("At most two breakdowns.")
    limit = threshold_for(indicator, breakdowns)
    now_fig = aggregates.figures(indicator_code, period, breakdowns)
    protected, universe = _protected(now_fig, period, breakdowns, limit, reading)
    # Comparisons: the first breakdown's totals of earlier periods, protected alike.
    # By month, only the total is compared: the months of another period are other months.
    first = () if breakdowns[:1] == ("month",) else breakdowns[:1]
    compare = {}
    for other in (period.previous(), period.year_earlier()):
        fig = aggregates.figures(indicator_code, other, first)
        compare[other] = _protected(fig, other, first, limit, reading)[0].shown()
    # A statistics table's categories are codes, never groups (only outcomes have those).
    shown = [
        ShownCell(
            cast("tuple[str | None, ...]", c.categories),
            None if c.suppressed else c.value,
            c.status.value,
        )
        for c in protected.cells
    ]
    return _layout(indicator, period, breakdowns, universe, shown, compare, limit), protected


def _layout(
    indicator: Indicator,
    period: Period,
    breakdowns: tuple[str, ...],
    universe: tuple[tuple[str, ...], ...],
    shown: list[ShownCell],
    compare: dict[Period, dict[Key, int | None]],
    limit: int,
) -> NationalTable:
    by_key = {c.categories: c for c in shown}
    row_dim = breakdowns[0] if breakdowns else None
    col_dim = breakdowns[1] if len(breakdowns) > 1 else None
    row_keys: list[str | None] = [*universe[0], None] if row_dim else [None]
    col_keys: list[str | None] = [*universe[1], None] if col_dim else [None]
    prev_shown = compare[period.previous()]
    year_shown = compare[period.year_earlier()]
    lines = []
    for r in row_keys:
        cells = []
        for c in col_keys:
            key: tuple[str | None, ...] = tuple(
                k for k, d in ((r, row_dim), (c, col_dim)) if d is not None
            )
            cells.append(by_key[key])
        by_month = row_dim == "month"
        first_key: tuple[str | None, ...] = (r,) if row_dim and not by_month else ()
        compared = not by_month or r is None
        prev = prev_shown.get(first_key) if compared else None
        year = year_shown.get(first_key) if compared else None
        total = cells[-1].value
        lines.append(
            Line(
                r,
                labels.category(row_dim, r) if row_dim else _("Total"),
                tuple(cells),
                prev,
                year,
                _change(total, prev) if compared else "—",
                _change(total, year) if compared else "—",
                compared,
            )
        )
    return NationalTable(
        indicator=indicator.code,
        indicator_label=str(indicator.label),
        unit_label=str(indicator.unit.label),
        period=period,
        previous_period=period.previous(),
        year_earlier_period=period.year_earlier(),
        breakdowns=breakdowns,
        breakdown_labels=tuple(labels.dimension(b) for b in breakdowns),
        categories=universe,
        columns=tuple(labels.category(col_dim, c) for c in col_keys) if col_dim else (_("Total"),),
        lines=tuple(lines),
        cells=tuple(shown),
        threshold=limit,
        suppressed=sum(1 for c in shown if c.suppressed),
    )


def national_table(
    actor: User,
    indicator_code: str,
    period: Period,
    breakdowns: tuple[str, ...],
    reading: Reading | None = None,
) -> NationalTable:
    """The table as ``actor`` may see it; ``drafts`` holds what it showed them, which the
    caller remembers (``actions.drafts.drafts_shown``). Tables shown together (a report)
    share one ``reading``: each is audited against those before it."""
    if not actor.has_ctip_perm("stats.view"):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("stats.view")
    reading = reading if reading is not None else Reading(actor)
    before = len(reading.drafts)
    table = build(indicator_code, period, breakdowns, reading)[0]
    return replace(table, drafts=tuple(reading.drafts[before:]))


def release_table(release: Release) -> NationalTable:
    """A published release laid out like a table (comparisons are not part of it)."""
    indicator = registry.indicator(release.dataset)
    period = Period(release.period_start, release.period_end)
    shown = [
        ShownCell(tuple(c["categories"]), c["value"], c["status"], c.get("accuracy"))
        for c in release.cells
    ]
    breakdowns = tuple(release.breakdowns)
    universe = _release_universe(shown, breakdowns)
    empty: dict[Key, int | None] = {}
    table = _layout(
        indicator,
        period,
        breakdowns,
        universe,
        shown,
        {period.previous(): empty, period.year_earlier(): empty},
        int(release.parameters.get("threshold", threshold())),
    )
    return table


def _release_universe(
    shown: list[ShownCell], breakdowns: tuple[str, ...]
) -> tuple[tuple[str, ...], ...]:
    out = []
    for i in range(len(breakdowns)):
        seen: list[str] = []
        for c in shown:
            k = c.categories[i]
            if k is not None and k not in seen:
                seen.append(k)
        out.append(tuple(seen))
    return tuple(out)


def releases(actor: User) -> list[Release]:
    return list(scope.visible(Release.objects.all(), actor, "stats.view")[:200])


def release(actor: User, release_id: int) -> Release:
    return scope.get_visible(Release.objects.all(), actor, "stats.view", pk=release_id)


@dataclass(frozen=True)
class BudgetLine:
    dataset: str
    label: str
    epsilon: float
    spent: float

    @property
    def left(self) -> float:
        return max(0.0, self.epsilon - self.spent)


def budgets(actor: User) -> list[BudgetLine]:
    scope.visible(PrivacyBudget.objects.none(), actor, "stats.view")
    set_ = {b.dataset: b for b in PrivacyBudget.objects.all()}
    out = []
    for ind in registry.indicators():
        b = set_.get(ind.code)
        spent = (
            sum(s.epsilon for s in BudgetSpend.objects.filter(budget=b)) if b is not None else 0.0
        )
        out.append(BudgetLine(ind.code, str(ind.label), b.epsilon if b else DEFAULT_BUDGET, spent))
    return out


def surveys(actor: User) -> list[Survey]:
    return list(scope.visible(Survey.objects.all(), actor, "stats.view")[:100])


@dataclass(frozen=True)
class SurveyEstimates:
    survey: Survey
    prevalence: tuple[survey_engine.Prevalence, ...]
    difference: survey_engine.Difference | None


def survey_estimates(
    actor: User, survey_id: int, compare: tuple[int, int] | None = None
) -> SurveyEstimates:
    found = scope.get_visible(Survey.objects.all(), actor, "stats.view", pk=survey_id)
    responses = [
        survey_engine.Response(year, stratum, psu, weight, int(victim))
        for year, stratum, psu, weight, victim in SurveyResponse.objects.filter(
            survey=found
        ).values_list("year", "stratum", "psu", "weight", "victim")
    ]
    estimates = tuple(survey_engine.prevalence(responses))
    years = [p.year for p in estimates]
    if compare is None and len(years) >= 2:
        compare = (years[-2], years[-1])
    diff = (
        survey_engine.difference(responses, *compare)
        if compare and compare[0] in years and compare[1] in years and compare[0] != compare[1]
        else None
    )
    return SurveyEstimates(found, estimates, diff)
