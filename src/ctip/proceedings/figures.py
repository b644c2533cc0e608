"""The proceedings table of the national report (seed 000 §4) for any period.

What the statistics app reads: counts in frozen dataclasses, never QuerySets, never
identities. Definitions are in docs/apps/proceedings.md (Figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields

from django.db.models import Count, Q, QuerySet

from ctip.cases import figures as cases_figures
from ctip.core.models import AgencyType
from ctip.proceedings import law
from ctip.proceedings.models import (
    Accused,
    Charge,
    CriminalCase,
    Denunciation,
    ProceduralRole,
    Sex,
    Victim,
)


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


def _under_16_articles() -> list[str]:
    return [a.code for a in law.law().articles.values() if a.under_16]


def _people(cases: QuerySet[CriminalCase]) -> tuple[int, int]:
    ids = cases.values("pk")
    return (
        Accused.objects.filter(case__in=ids).count(),
        Victim.objects.filter(case__in=ids).count(),
    )


def counts(period: Period) -> ProceedingsCounts:
    start, end = period.start, period.end
    investigated = CriminalCase.objects.filter(initiated_on__lte=end).filter(
        Q(investigation_concluded_on__isnull=True) | Q(investigation_concluded_on__gte=start)
    )
    case_ids = investigated.values("pk")
    victims = Victim.objects.filter(case__in=case_ids).aggregate(
        total=Count("pk"),
        male=Count("pk", filter=Q(sex=Sex.MALE)),
        female=Count("pk", filter=Q(sex=Sex.FEMALE)),
    )
    under_16 = investigated.filter(
        pk__in=Charge.objects.filter(article__in=_under_16_articles()).values("case_id")
    )
    police = investigated.filter(initiating_agency_type=AgencyType.POLICE)
    border = investigated.filter(initiating_agency_type=AgencyType.BORDER_GUARD)
    initiated = CriminalCase.objects.filter(initiated_on__gte=start, initiated_on__lte=end)
    accepted = CriminalCase.objects.filter(court_accepted_on__gte=start, court_accepted_on__lte=end)
    resolved = CriminalCase.objects.filter(
        first_instance_judged_on__gte=start, first_instance_judged_on__lte=end
    )
    defendants = Accused.objects.filter(role=ProceduralRole.DEFENDANT)
    police_people = _people(police)
    border_people = _people(border)
    initiated_people = _people(initiated)
    identified = cases_figures.identifications(start, end)
    return ProceedingsCounts(
        denunciations_handled=Denunciation.objects.filter(
            decided_on__gte=start, decided_on__lte=end
        ).count(),
        cases_investigated=investigated.count(),
        offenders_investigated=Accused.objects.filter(case__in=case_ids).count(),
        victims_investigated=victims["total"],
        victims_male=victims["male"],
        victims_female=victims["female"],
        victims_sex_unknown=victims["total"] - victims["male"] - victims["female"],
        cases_under_16=under_16.count(),
        offenders_under_16=Accused.objects.filter(case__in=under_16.values("pk")).count(),
        police_cases=police.count(),
        police_offenders=police_people[0],
        police_victims=police_people[1],
        border_guard_cases=border.count(),
        border_guard_offenders=border_people[0],
        border_guard_victims=border_people[1],
        prosecutions_initiated=initiated.count(),
        prosecutions_accused=initiated_people[0],
        prosecutions_victims=initiated_people[1],
        first_instance_accepted_cases=accepted.count(),
        first_instance_accepted_defendants=defendants.filter(
            case__in=accepted.values("pk")
        ).count(),
        first_instance_resolved_cases=resolved.count(),
        first_instance_resolved_defendants=defendants.filter(
            case__in=resolved.values("pk")
        ).count(),
        suspected_cases_verified=identified.verified,
        victims_confirmed=identified.confirmed,
    )


def proceedings_table(start: dt.date, end: dt.date) -> ProceedingsTable:
    """The table for ``start``..``end`` (inclusive) and the change on the period of the
    same length just before it."""
    if end < start:
        raise ValueError("The period ends before it starts.")
    period = Period(start, end)
    current = counts(period)
    previous = counts(period.previous())
    now, before = asdict(current), asdict(previous)
    return ProceedingsTable(
        period=period,
        current=current,
        previous=previous,
        change={f.name: now[f.name] - before[f.name] for f in fields(ProceedingsCounts)},
    )
