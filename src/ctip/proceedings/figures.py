"""The proceedings table of the national report (seed 000 §4) for any period.

What the statistics app reads: counts in frozen dataclasses, never QuerySets, never
identities. Definitions are in docs/apps/proceedings.md (Figures).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from ctip.cases import figures as cases_figures
from ctip.core import figures as core_figures
from ctip.core.engine import periods
from ctip.core.figures import Figures, Indicator, Unit, check_breakdowns, month_of
from ctip.core.models import AgencyType
from ctip.proceedings.models import CriminalCase, Denunciation

# The contract the statistics app reads: counts any table can break down and audit.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "proceedings.cases_initiated",
        _("Criminal cases initiated"),
        Unit.CASES,
        ("agency_type", "under16", "month"),
        description=_(
            "Criminal cases of trafficking in persons by the day prosecution was initiated; "
            "under 16: a victim of the case was under 16."
        ),
    ),
    Indicator(
        "proceedings.victims_in_cases_initiated",
        _("Victims in the criminal cases initiated"),
        Unit.VICTIMS,
        ("agency_type", "sex", "month"),
        description=_("The victims each case counts, by the day prosecution was initiated."),
    ),
    Indicator(
        "proceedings.accused_in_cases_initiated",
        _("Accused in the criminal cases initiated"),
        Unit.OFFENDERS,
        ("agency_type", "under16", "month"),
        description=_(
            "The accused persons each case counts, by the day prosecution was initiated; "
            "under 16: a victim of the case was under 16."
        ),
    ),
    Indicator(
        "proceedings.cases_under_investigation",
        _("Criminal cases under investigation"),
        Unit.CASES,
        ("agency_type", "under16"),
        description=_(
            "Criminal cases of trafficking in persons investigated at any time in the period: "
            "initiated by its end and not concluded before its start; under 16: a victim "
            "of the case was under 16."
        ),
        additive=False,  # a case investigated over two periods counts in each
    ),
    Indicator(
        "proceedings.cases_judged",
        _("Criminal cases judged at first instance"),
        Unit.CASES,
        ("agency_type", "month"),
        description=_("Cases by the day the court of first instance judged them."),
    ),
    Indicator(
        "proceedings.defendants_judged",
        _("Defendants judged at first instance"),
        Unit.OFFENDERS,
        ("agency_type", "month"),
        description=_(
            "The defendants each case counts, by the day the court of first instance judged it."
        ),
    ),
)

# Indicators counted by the day of first-instance judgment (the others: by initiation).
_JUDGED = {"proceedings.cases_judged", "proceedings.defendants_judged"}


# Indicators that count persons of a case (one fact each), by the column that counts them;
# the others count the case itself, except the victims, counted by sex.
_PERSONS_COUNTED = {
    "proceedings.accused_in_cases_initiated": "accused_count",
    "proceedings.defendants_judged": "defendant_count",
}
_VICTIMS = "proceedings.victims_in_cases_initiated"


def _case_facts(indicator: str, period: periods.Period) -> Iterator[dict[str, str]]:
    day = "first_instance_judged_on" if indicator in _JUDGED else "initiated_on"
    persons = _PERSONS_COUNTED.get(indicator)
    rows = (
        CriminalCase.objects.filter(**{f"{day}__range": (period.start, period.end)})
        .values_list(
            "initiating_agency_type",
            "under_16",
            day,
            "victim_count",
            "victim_male",
            "victim_female",
            persons or "victim_count",
        )
        .order_by()
    )
    for agency_type, young, on, victims, male, female, counted in rows.iterator(chunk_size=5000):
        fact = {
            "agency_type": agency_type or core_figures.UNKNOWN,
            "under16": "yes" if young else "no",
            "month": month_of(on),
        }
        if indicator == _VICTIMS:
            for sex, n in (
                ("male", male),
                ("female", female),
                (core_figures.UNKNOWN, victims - male - female),
            ):
                yield from ({**fact, "sex": sex} for _i in range(max(0, n)))
        elif persons is not None:
            yield from (fact for _i in range(max(0, counted)))
        else:
            yield fact


def _investigated_facts(period: periods.Period) -> Iterator[dict[str, str]]:
    """The cases under investigation in the period, as the proceedings table counts them
    (its line of cases investigated: ``_lines``)."""
    rows = (
        CriminalCase.objects.filter(initiated_on__lte=period.end)
        .filter(
            Q(investigation_concluded_on__isnull=True)
            | Q(investigation_concluded_on__gte=period.start)
        )
        .values_list("initiating_agency_type", "under_16")
        .order_by()
    )
    for agency_type, young in rows.iterator(chunk_size=5000):
        yield {
            "agency_type": agency_type or core_figures.UNKNOWN,
            "under16": "yes" if young else "no",
        }


def figures(indicator: str, period: periods.Period, breakdowns: tuple[str, ...]) -> Figures:
    found = {i.code: i for i in INDICATORS}
    check_breakdowns(found[indicator], breakdowns)
    if indicator == "proceedings.cases_under_investigation":
        return core_figures.count(indicator, period, breakdowns, _investigated_facts(period))
    return core_figures.count(indicator, period, breakdowns, _case_facts(indicator, period))


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
    victims_under_16: int
    victims_under_18: int
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


# What a period's table adds up over the cases, by the counts each case keeps: for each
# line, the cases it takes and the columns it sums ("cases" counts them).
_INVESTIGATED = {
    "cases": None,
    "offenders": "accused_count",
    "victims": "victim_count",
    "male": "victim_male",
    "female": "victim_female",
    "under_16": "victim_under_16",
    "under_18": "victim_under_18",
}


def _lines(period: Period) -> dict[str, tuple[Q, dict[str, str | None]]]:
    investigated = Q(initiated_on__lte=period.end) & (
        Q(investigation_concluded_on__isnull=True) | Q(investigation_concluded_on__gte=period.start)
    )
    few = {k: _INVESTIGATED[k] for k in ("cases", "offenders", "victims")}
    return {
        "total": (investigated, _INVESTIGATED),
        "police": (investigated & Q(initiating_agency_type=AgencyType.POLICE), few),
        "border": (investigated & Q(initiating_agency_type=AgencyType.BORDER_GUARD), few),
        "young": (investigated & Q(under_16=True), {"cases": None, "offenders": "accused_count"}),
        "initiated": (
            _between("initiated_on", period),
            {"cases": None, "accused": "accused_count", "victims": "victim_count"},
        ),
        "accepted": (
            _between("court_accepted_on", period),
            {"cases": None, "defendants": "defendant_count"},
        ),
        "resolved": (
            _between("first_instance_judged_on", period),
            {"cases": None, "defendants": "defendant_count"},
        ),
    }


def _case_sums(periods: list[Period]) -> list[dict[str, dict[str, int]]]:
    """Every line of every period's table in one pass over the cases (each a count or a
    sum with its own filter), instead of a scan for each line and period."""
    aggregates = {}
    for n, period in enumerate(periods):
        for line, (where, columns) in _lines(period).items():
            for name, column in columns.items():
                aggregates[f"p{n}__{line}__{name}"] = (
                    Count("pk", filter=where) if column is None else Sum(column, filter=where)
                )
    found = CriminalCase.objects.order_by().aggregate(**aggregates)
    out: list[dict[str, dict[str, int]]] = [{} for _ in periods]
    for key, value in found.items():
        which, line, name = key.split("__")
        out[int(which[1:])].setdefault(line, {})[name] = int(value or 0)
    return out


def counts(period: Period, sums: dict[str, dict[str, int]] | None = None) -> ProceedingsCounts:
    """The table of one period, from the counts each case keeps (no join over persons);
    ``sums`` when :func:`_case_sums` already read them with other periods."""
    lines = sums if sums is not None else _case_sums([period])[0]
    total, police, border, young = (lines[k] for k in ("total", "police", "border", "young"))
    initiated, accepted, resolved = (lines[k] for k in ("initiated", "accepted", "resolved"))
    identified = cases_figures.identifications(period.start, period.end)
    return ProceedingsCounts(
        denunciations_handled=Denunciation.objects.filter(_between("decided_on", period)).count(),
        cases_investigated=total["cases"],
        offenders_investigated=total["offenders"],
        victims_investigated=total["victims"],
        victims_male=total["male"],
        victims_female=total["female"],
        victims_sex_unknown=total["victims"] - total["male"] - total["female"],
        victims_under_16=total["under_16"],
        victims_under_18=total["under_18"],
        cases_under_16=young["cases"],
        offenders_under_16=young["offenders"],
        police_cases=police["cases"],
        police_offenders=police["offenders"],
        police_victims=police["victims"],
        border_guard_cases=border["cases"],
        border_guard_offenders=border["offenders"],
        border_guard_victims=border["victims"],
        prosecutions_initiated=initiated["cases"],
        prosecutions_accused=initiated["accused"],
        prosecutions_victims=initiated["victims"],
        first_instance_accepted_cases=accepted["cases"],
        first_instance_accepted_defendants=accepted["defendants"],
        first_instance_resolved_cases=resolved["cases"],
        first_instance_resolved_defendants=resolved["defendants"],
        suspected_cases_verified=identified.verified,
        victims_confirmed=identified.confirmed,
    )


def proceedings_table(start: dt.date, end: dt.date) -> ProceedingsTable:
    """The table for ``start``..``end`` (inclusive) and the change on the period of the
    same length just before it."""
    if end < start:
        raise ValueError("The period ends before it starts.")
    period = Period(start, end)
    # Both periods in one pass over the cases (the counts each case keeps).
    this, last = _case_sums([period, period.previous()])
    current = counts(period, this)
    previous = counts(period.previous(), last)
    now, before = asdict(current), asdict(previous)
    return ProceedingsTable(
        period=period,
        current=current,
        previous=previous,
        change={f.name: now[f.name] - before[f.name] for f in fields(ProceedingsCounts)},
    )
