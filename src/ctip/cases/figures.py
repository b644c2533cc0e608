"""Counts the statistics and proceedings apps read: frozen dataclasses, never identities."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ctip.cases.engine.children import AgeFacts, age_band
from ctip.cases.export import FORCED_CRIMINALITY_QUESTIONS
from ctip.cases.models import (
    Case,
    IdentificationDecision,
    IdentificationOutcome,
    ScreeningInterview,
)


@dataclass(frozen=True)
class Identifications:
    verified: int  # protection cases with an identification decision in the period
    confirmed: int  # of which identified as victims


def identifications(start: dt.date, end: dt.date) -> Identifications:
    """Suspected cases verified and victims confirmed, decided from ``start`` to ``end``."""
    rows = IdentificationDecision.objects.filter(decided_on__gte=start, decided_on__lte=end)
    verified = rows.values("case_id").distinct().count()
    confirmed = (
        rows.filter(outcome=IdentificationOutcome.VICTIM.value).values("case_id").distinct().count()
    )
    return Identifications(verified=verified, confirmed=confirmed)


# Cells about children smaller than this are not given: a child in a commune is found by far
# fewer facts than an adult (the CTDC export uses k = 11 for adults).
CHILD_MIN_CELL = 20


@dataclass(frozen=True)
class Cell:
    group: str
    count: int | None  # None: fewer than ``CHILD_MIN_CELL``, not given


@dataclass(frozen=True)
class ChildrenFigures:
    total: int | None
    by_sex: tuple[Cell, ...]
    by_age_group: tuple[Cell, ...]  # under_16, 16_17, presumed (age not determined)
    by_exploitation: tuple[Cell, ...]  # forced_criminality, other, not_screened
    by_country: tuple[Cell, ...]  # ISO alpha-2 of exploitation, "" when not known
    by_outcome: tuple[Cell, ...]  # victim, not_victim, pending
    min_cell: int


def _cells(counter: Counter[str], k: int) -> tuple[Cell, ...]:
    return tuple(
        Cell(group, count if count >= k else None) for group, count in sorted(counter.items())
    )


def children(start: dt.date, end: dt.date, *, min_cell: int = CHILD_MIN_CELL) -> ChildrenFigures:
    """Children's cases opened from ``start`` to ``end``, each breakdown with small cells hidden."""
    k = max(min_cell, CHILD_MIN_CELL)
    rows = list(
        Case.objects.filter(child=True, intake_date__gte=start, intake_date__lte=end)
        .select_related("person")
        .order_by("pk")
    )
    ids = [c.pk for c in rows]
    forced: set[int] = set()
    screened: set[int] = set()
    for interview in ScreeningInterview.objects.filter(case_id__in=ids):
        screened.add(interview.case_id)
        found = {i["question"] for i in (interview.result or {}).get("indicators", [])}
        if found & FORCED_CRIMINALITY_QUESTIONS:
            forced.add(interview.case_id)
    outcomes = dict(
        IdentificationDecision.objects.filter(case_id__in=ids, approved_at__isnull=False)
        .order_by("decided_on", "pk")
        .values_list("case_id", "outcome")
    )
    sex: Counter[str] = Counter()
    age: Counter[str] = Counter()
    exploitation: Counter[str] = Counter()
    country: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    for case in rows:
        person = case.person
        sex[person.sex] += 1
        band = age_band(
            AgeFacts(
                birth_date=person.birth_date,
                age_min=person.age_min,
                age_max=person.age_max,
                estimated_in=person.age_estimated_in,
            ),
            case.intake_date,
        )
        age[{"under_16": "under_16", "under_18": "16_17"}.get(band.value, "presumed")] += 1
        exploitation[
            "forced_criminality"
            if case.pk in forced
            else "other"
            if case.pk in screened
            else "not_screened"
        ] += 1
        country[case.exploitation_country] += 1
        outcome[outcomes.get(case.pk, "pending")] += 1
    return ChildrenFigures(
        total=len(rows) if len(rows) >= k else None,
        by_sex=_cells(sex, k),
        by_age_group=_cells(age, k),
        by_exploitation=_cells(exploitation, k),
        by_country=_cells(country, k),
        by_outcome=_cells(outcome, k),
        min_cell=k,
    )
