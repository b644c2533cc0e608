"""The contract through which each app hands its figures to the statistics app.

An app that counts something writes ``<app>/figures.py`` with::

    INDICATORS: tuple[Indicator, ...]
    def figures(indicator: str, period: Period, breakdowns: tuple[str, ...]) -> Figures

``Figures`` holds counts only: never a QuerySet, never an identity. Breakdowns and their
categories are the codes below; the statistics app turns them into words. Lives in core
because every app (below statistics in the layers) must be able to import it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ctip.core.engine.periods import Period

__all__ = [
    "AGE_GROUPS",
    "DIMENSIONS",
    "Cell",
    "Figures",
    "Indicator",
    "Unit",
    "UnknownBreakdown",
    "age_group",
    "count",
]


class Unit(StrEnum):
    CASES = "cases", _("cases")
    VICTIMS = "victims", _("victims")
    OFFENDERS = "offenders", _("offenders")
    REPORTS = "reports", _("reports")
    CHECKS = "checks", _("checks")
    CALLS = "calls", _("calls")
    PERSONS = "persons", _("persons")
    MESSAGES = "messages", _("messages")
    OFFICERS = "officers", _("officers")

    label: Promise

    def __new__(cls, code: str, label: Promise) -> Unit:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member


DIMENSIONS: dict[str, Promise] = {
    "province": _("Province"),
    "sex": _("Sex"),
    "age_group": _("Age group"),
    "under16": _("Under 16"),
    "agency_type": _("Agency type"),
    "country": _("Country of exploitation"),
    "destination": _("Country of destination"),
    "exploitation": _("Form of exploitation"),
    "report_type": _("Kind of report"),
    "category": _("Kind of job offer"),
    "level": _("Risk level"),
    "incident_kind": _("Kind of incident"),
    "training_topic": _("Training topic"),
    "tracing_outcome": _("Outcome of the tracing"),
    "month": _("Month"),
}

# Breakdowns that describe children: a table using one of them follows the stricter rule.
CHILD_DIMENSIONS = frozenset({"under16", "age_group"})

AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("0-11", 0, 11),
    ("12-15", 12, 15),
    ("16-17", 16, 17),
    ("18-25", 18, 25),
    ("26-35", 26, 35),
    ("36-59", 36, 59),
    ("60+", 60, 200),
)
UNKNOWN = "unknown"


def age_group(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    for code, low, high in AGE_GROUPS:
        if low <= age <= high:
            return code
    return UNKNOWN


def under16(age: int | None) -> str:
    return UNKNOWN if age is None else ("yes" if age < 16 else "no")


def month_of(d: date) -> str:
    return f"{d.year}-{d.month:02d}"


class UnknownBreakdown(ValueError):
    """A breakdown the indicator does not have."""


@dataclass(frozen=True)
class Indicator:
    code: str  # "cases.victims_identified"
    label: Promise
    unit: Unit
    dimensions: tuple[str, ...]
    about_children: bool = False
    description: Promise | str = ""
    # Counts of two periods add up to the count of both (False when a person is counted
    # once per period, e.g. distinct victims): only additive figures are precomputed.
    additive: bool = True


@dataclass(frozen=True)
class Cell:
    categories: tuple[str, ...]  # one code per breakdown, in the order asked
    count: int


@dataclass(frozen=True)
class Figures:
    indicator: str
    period: Period
    breakdowns: tuple[str, ...]
    cells: tuple[Cell, ...]
    total: int
    extra: dict[str, int] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[tuple[str, ...], int]:
        return {c.categories: c.count for c in self.cells}


def check_breakdowns(indicator: Indicator, breakdowns: tuple[str, ...]) -> None:
    unknown = [b for b in breakdowns if b not in indicator.dimensions]
    if unknown or len(set(breakdowns)) != len(breakdowns):
        raise UnknownBreakdown(f"{indicator.code} cannot be broken down by {unknown}")


def count(
    indicator: str,
    period: Period,
    breakdowns: tuple[str, ...],
    facts: Iterable[dict[str, str]],
) -> Figures:
    """Count ``facts`` (one dict of category codes per counted unit) by ``breakdowns``."""
    counter: Counter[tuple[str, ...]] = Counter()
    total = 0
    for fact in facts:
        total += 1
        counter[tuple(fact.get(b, UNKNOWN) or UNKNOWN for b in breakdowns)] += 1
    cells = tuple(Cell(k, n) for k, n in sorted(counter.items()))
    return Figures(indicator, period, breakdowns, cells, total)
