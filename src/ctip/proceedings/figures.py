"""The proceedings table of the national report (seed 000 §4) for any period.

What the statistics app reads: counts in frozen dataclasses, never QuerySets, never
identities. Definitions are in docs/apps/proceedings.md (Figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.db.models import Count, Q, Sum

from ctip.cases import figures as cases_figures
from ctip.core.models import AgencyType
from ctip.proceedings.models import CriminalCase, Denunciation


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def previous(self) -> Period:
        """The period of the same length just before: whole months (a quarter, a year)
        give the same number of calendar months, other periods the same number of days."""
        end = self.start - dt.timedelta(days=1)
        if self.start.day == 1 and (self.end + dt.timedelta(days=1)).day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            index = self.start.year * 12 + self.start.month - 1 - months
            return Period(dt.date(index // 12, index % 12 + 1, 1), end)
        return Period(end - (self.end - self.start), end)


@dataclass(frozen=True)
class ProceedingsCounts:
    denunciations_handled: int
    cases_investigated: int
    offenders_investigated: int
    victims_investigated: int
    victims_male: int
    victims_female: int
    victims_sex_unknown: int
    cases_under_16: int
    offenders_under_16: int
    police_cases: int
    police_offenders: int
    police_victims: int
    border_guard_cases: int
    border_guard_offenders: int
    border_guard_victims: int
    prosecutions_initiated: int
    prosecutions_accused: int
    prosecutions_victims: int
    first_instance_accepted_cases: int
    first_instance_accepted_defendants: int
    first_instance_resolved_cases: int
    first_instance_resolved_defendants: int
    suspected_cases_verified: int
    victims_confirmed: int


@dataclass(frozen=True)
class ProceedingsTable:
    period: Period
    current: ProceedingsCounts
    previous: ProceedingsCounts
    change: dict[str, int]


def _between(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _case_sums(period: Period, key: str) -> dict[str, Any]:
    """The conditional sums of one period over the cases, named ``<key>_<what>``."""
    investigated = Q(initiated_on__lte=period.end) & (
        Q(investigation_concluded_on__isnull=True) | Q(investigation_concluded_on__gte=period.start)
    )
    police = investigated & Q(initiating_agency_type=AgencyType.POLICE)
    border = investigated & Q(initiating_agency_type=AgencyType.BORDER_GUARD)
    under_16 = investigated & Q(under_16=True)
    initiated = _between("initiated_on", period)
    accepted = _between("court_accepted_on", period)
    resolved = _between("first_instance_judged_on", period)
    parts = {
        "cases_investigated": Count("pk", filter=investigated),
        "offenders_investigated": Sum("accused_count", filter=investigated),
        "victims_investigated": Sum("victim_count", filter=investigated),
        "victims_male": Sum("victim_male", filter=investigated),
        "victims_female": Sum("victim_female", filter=investigated),
        "cases_under_16": Count("pk", filter=under_16),
        "offenders_under_16": Sum("accused_count", filter=under_16),
        "police_cases": Count("pk", filter=police),
        "police_offenders": Sum("accused_count", filter=police),
        "police_victims": Sum("victim_count", filter=police),
        "border_guard_cases": Count("pk", filter=border),
        "border_guard_offenders": Sum("accused_count", filter=border),
        "border_guard_victims": Sum("victim_count", filter=border),
        "prosecutions_initiated": Count("pk", filter=initiated),
        "prosecutions_accused": Sum("accused_count", filter=initiated),
        "prosecutions_victims": Sum("victim_count", filter=initiated),
        "first_instance_accepted_cases": Count("pk", filter=accepted),
        "first_instance_accepted_defendants": Sum("defendant_count", filter=accepted),
        "first_instance_resolved_cases": Count("pk", filter=resolved),
        "first_instance_resolved_defendants": Sum("defendant_count", filter=resolved),
    }
    return {f"{key}_{name}": value for name, value in parts.items()}


def _counts(period: Period, sums: dict[str, Any], key: str) -> ProceedingsCounts:
    values = {
        name.removeprefix(f"{key}_"): int(value or 0)
        for name, value in sums.items()
        if name.startswith(f"{key}_")
    }
    identified = cases_figures.identifications(period.start, period.end)
    return ProceedingsCounts(
        denunciations_handled=Denunciation.objects.filter(_between("decided_on", period)).count(),
        victims_sex_unknown=values["victims_investigated"]
        - values["victims_male"]
        - values["victims_female"],
        suspected_cases_verified=identified.verified,
        victims_confirmed=identified.confirmed,
        **values,
    )


def counts(period: Period) -> ProceedingsCounts:
    """The table of one period."""
    return _counts(period, CriminalCase.objects.aggregate(**_case_sums(period, "p")), "p")


def proceedings_table(start: dt.date, end: dt.date) -> ProceedingsTable:
    """The table for ``start``..``end`` (inclusive) and the change on the period of the
    same length just before it."""
    if end < start:
        raise ValueError("The period ends before it starts.")
    period = Period(start, end)
    # Both periods in one pass over the cases (the counts each case keeps).
    sums = CriminalCase.objects.aggregate(
        **_case_sums(period, "now"), **_case_sums(period.previous(), "before")
    )
    current = _counts(period, sums, "now")
    previous = _counts(period.previous(), sums, "before")
    now, before = asdict(current), asdict(previous)
    return ProceedingsTable(
        period=period,
        current=current,
        previous=previous,
        change={f.name: now[f.name] - before[f.name] for f in fields(ProceedingsCounts)},
    )
