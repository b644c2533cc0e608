"""What the statistics app reads from victim protection: counts, never persons.

National counts over every agency (statistics are not scoped like files: no identity leaves
this module, and the statistics app applies disclosure control before anyone sees a number).
Age and form of exploitation are derived here from encrypted fields and only the derived
category leaves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from ctip.cases.engine.children import AgeFacts, age_band
from ctip.cases.engine.validation import age_on
from ctip.cases.export import FORCED_CRIMINALITY_QUESTIONS
from ctip.cases.models import (
    Case,
    IdentificationDecision,
    IdentificationOutcome,
    ScreeningInterview,
)
from ctip.core.engine.periods import Period
from ctip.core.figures import (
    Figures,
    Indicator,
    Unit,
    age_group,
    check_breakdowns,
    count,
    month_of,
    under16,
)
from ctip.core.models import User

_DIMS = (
    "province",
    "sex",
    "age_group",
    "under16",
    "agency_type",
    "country",
    "exploitation",
    "month",
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "cases.received",
        _("Suspected victims received (cases opened)"),
        Unit.CASES,
        _DIMS,
        description=_("Cases opened in the period, by intake date."),
    ),
    Indicator(
        "cases.victims_identified",
        _("Victims identified"),
        Unit.VICTIMS,
        _DIMS,
        description=_("Persons with an approved decision identifying them as a victim."),
        additive=False,
    ),
)
_BY_CODE = {i.code: i for i in INDICATORS}

FORCED_CRIMINALITY = {"e_forced_to_defraud", "e_forced_to_recruit"}
# The questionnaire asks no question that establishes sexual exploitation as the form.
FORCED_LABOUR = {"e_low_or_no_pay", "e_excessive_hours"}


# What a count reads of each case: plain columns only. The date of birth is encrypted and
# decrypted only when an age breakdown asks for it.
_COLUMNS = (
    "pk",
    "person_id",
    "person__home_province__code",
    "person__sex",
    "lead_agency__type",
    "exploitation_country",
    "intake_date",
    "person__age_min",
    "person__age_max",
)


def _age(row: dict[str, Any]) -> int | None:
    born = row.get("person__birth_date")
    if born:
        return age_on(born, row["intake_date"])
    low, high = row["person__age_min"], row["person__age_max"]
    if low is not None and high is not None:
        return (low + high) // 2
    return None


def _exploitation(interview: ScreeningInterview | None) -> str:
    if interview is None:
        return "unknown"
    found = {i.get("question") for i in (interview.result or {}).get("indicators", [])}
    if found & FORCED_CRIMINALITY:
        return "forced_criminality"
    if found & FORCED_LABOUR:
        return "forced_labour"
    return "unknown"


def _facts(rows: list[dict[str, Any]], breakdowns: tuple[str, ...]) -> Iterator[dict[str, str]]:
    latest: dict[int, ScreeningInterview] = {}
    if "exploitation" in breakdowns:
        for interview in ScreeningInterview.objects.filter(
            case_id__in=[r["pk"] for r in rows]
        ).order_by("interviewed_on", "pk"):
            latest[interview.case_id] = interview
    needs_age = bool({"age_group", "under16"} & set(breakdowns))
    for row in rows:
        age = _age(row) if needs_age else None
        yield {
            "province": row["person__home_province__code"] or "unknown",
            "sex": row["person__sex"] or "unknown",
            "age_group": age_group(age),
            "under16": under16(age),
            "agency_type": row["lead_agency__type"],
            "country": row["exploitation_country"] or "unknown",
            "exploitation": _exploitation(latest.get(row["pk"])),
            "month": month_of(row["intake_date"]),
        }


def figures(indicator: str, period: Period, breakdowns: tuple[str, ...]) -> Figures:
    ind = _BY_CODE[indicator]
    check_breakdowns(ind, breakdowns)
    columns: tuple[str, ...] = _COLUMNS
    if {"age_group", "under16"} & set(breakdowns):
        columns = (*columns, "person__birth_date")
    cases = Case.objects.order_by("pk")
    if indicator == "cases.received":
        # One fetch, not a server-side cursor: PostgreSQL plans a cursor for its first
        # rows (walking every case by primary key) rather than for the month's rows.
        chosen = list(cases.filter(intake_date__range=(period.start, period.end)).values(*columns))
    else:
        decided = IdentificationDecision.objects.filter(
            outcome="victim",
            approved_at__isnull=False,
            decided_on__range=(period.start, period.end),
        ).values("case_id")
        # One count per person: their latest case identified in the period.
        by_person: dict[int, dict[str, Any]] = {}
        for row in cases.filter(pk__in=decided).values(*columns):
            by_person[row["person_id"]] = row
        chosen = list(by_person.values())
    return count(indicator, period, breakdowns, _facts(chosen, breakdowns))


def ctdc_microdata(actor: User, *, k: int = 11) -> tuple[list[dict[str, str]], Any]:
    """The CTDC-compatible microdata of identified victims (k-anonymous, generalised
    fields only, no name, number or place), with the report of what was generalised and
    suppressed. Records an audit event (``CTDC_EXPORTED``)."""
    from ctip.cases.export import ctdc_export

    return ctdc_export(actor, k=k)


# Proceedings' table (seed 000 §4) -----------------------------------------------------


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
