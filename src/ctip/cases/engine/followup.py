"""Follow-up after return: due dates and the outcome scales recorded at each visit."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ctip.cases.engine.labels import Label

DEFAULT_OFFSETS_MONTHS: tuple[int, ...] = (1, 3, 6, 12)


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar month addition; a day past the target month's end clamps to its last day."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValueError(f"{start} + {months} months is outside the calendar")
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


@dataclass(frozen=True, slots=True)
class FollowUpDue:
    sequence: int
    months: int
    due: dt.date


def schedule(
    start: dt.date, offsets_months: Sequence[int] = DEFAULT_OFFSETS_MONTHS
) -> tuple[FollowUpDue, ...]:
    """Due dates counted from ``start`` (usually the date support began or the return)."""
    if not offsets_months:
        raise ValueError("at least one follow-up offset is required")
    if any(m <= 0 for m in offsets_months):
        raise ValueError("follow-up offsets must be positive numbers of months")
    if list(offsets_months) != sorted(set(offsets_months)):
        raise ValueError("follow-up offsets must be strictly increasing")
    return tuple(
        FollowUpDue(sequence, months, add_months(start, months))
        for sequence, months in enumerate(offsets_months, start=1)
    )


def at_least_as_frequent(
    offsets_months: Sequence[int], reference: Sequence[int] = DEFAULT_OFFSETS_MONTHS
) -> bool:
    """Whether a schedule visits at least as often as ``reference`` and for as long: by each
    of the reference's visits it has made as many visits, and its last is no earlier."""
    if not offsets_months:
        return False
    return max(offsets_months) >= max(reference) and all(
        sum(1 for m in offsets_months if m <= month) >= count
        for count, month in enumerate(sorted(reference), start=1)
    )


def overdue(items: Sequence[FollowUpDue], today: dt.date) -> tuple[FollowUpDue, ...]:
    return tuple(item for item in items if item.due < today)


class OutcomeDomain(StrEnum):
    SAFETY = "safety"
    HEALTH = "health"
    HOUSING = "housing"
    WORK_AND_INCOME = "work_and_income"
    RETRAFFICKING_RISK = "retrafficking_risk"


@dataclass(frozen=True, slots=True)
class OutcomeScale:
    domain: OutcomeDomain
    label: Label
    # Index 0 is level 1, the worst; the last is level 4, the best. One direction for every
    # domain, risk included, so a chart of a person's follow-ups reads the same way.
    levels: tuple[Label, Label, Label, Label]

    def level_label(self, level: int) -> Label:
        if not 1 <= level <= len(self.levels):
            raise ValueError(f"{self.domain}: level must be 1 to {len(self.levels)}, not {level}")
        return self.levels[level - 1]


OUTCOME_DOMAINS: Mapping[OutcomeDomain, OutcomeScale] = {
    scale.domain: scale
    for scale in (
        OutcomeScale(
            OutcomeDomain.SAFETY,
            Label("Safety"),
            (
                Label("Under threat"),
                Label("At risk"),
                Label("Mostly safe"),
                Label("Safe"),
            ),
        ),
        OutcomeScale(
            OutcomeDomain.HEALTH,
            Label("Physical and mental health"),
            (
                Label("Needs urgent care"),
                Label("Untreated problems"),
                Label("Treated and stable"),
                Label("Well"),
            ),
        ),
        OutcomeScale(
            OutcomeDomain.HOUSING,
            Label("Housing"),
            (
                Label("No place to live"),
                Label("Temporary"),
                Label("Stable but insecure"),
                Label("Stable"),
            ),
        ),
        OutcomeScale(
            OutcomeDomain.WORK_AND_INCOME,
            Label("Work and income"),
            (
                Label("No income"),
                Label("Irregular income"),
                Label("Training or temporary work"),
                Label("Steady work and income"),
            ),
        ),
        OutcomeScale(
            OutcomeDomain.RETRAFFICKING_RISK,
            Label("Risk of re-trafficking"),
            (
                Label("Very high (new offers, debt)"),
                Label("High"),
                Label("Low"),
                Label("Negligible"),
            ),
        ),
    )
}

CONCERN_THRESHOLD = 2


@dataclass(frozen=True, slots=True)
class OutcomeSummary:
    levels: Mapping[OutcomeDomain, int]
    concerns: tuple[OutcomeDomain, ...]
    missing: tuple[OutcomeDomain, ...]


def summarise_outcomes(levels: Mapping[OutcomeDomain | str, int]) -> OutcomeSummary:
    """Check recorded levels; domains at level 1–2 are concerns for the case worker."""
    checked: dict[OutcomeDomain, int] = {}
    for key, level in levels.items():
        domain = OutcomeDomain(key)
        if isinstance(level, bool) or not isinstance(level, int):
            raise ValueError(f"{domain}: level must be an integer")
        OUTCOME_DOMAINS[domain].level_label(level)
        checked[domain] = level
    return OutcomeSummary(
        levels=checked,
        concerns=tuple(d for d in OutcomeDomain if checked.get(d, 99) <= CONCERN_THRESHOLD),
        missing=tuple(d for d in OutcomeDomain if d not in checked),
    )
