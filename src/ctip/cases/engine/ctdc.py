"""De-identified export in Counter Trafficking Data Collaborative (CTDC) fields.

Field names and value formats follow the CTDC global data set (as in its published synthetic
and k-anonymised releases), so that Viet Nam's figures can be pooled with other countries'.
Quasi-identifiers are then generalised and rare records suppressed until every combination
appears at least k = 11 times, the threshold CTDC publishes with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

CTDC_K = 11
MAX_SUPPRESSION = 0.05

Row = dict[str, str]


class Exploitation(StrEnum):
    FORCED_CRIMINALITY = "forced_criminality"
    FORCED_LABOUR = "forced_labour"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    OTHER = "other"


class MeansOfControl(StrEnum):
    DEBT_BONDAGE_EARNINGS = "debt_bondage_earnings"
    THREATS = "threats"
    ABUSE = "abuse"
    FALSE_PROMISES = "false_promises"
    DRUGS_ALCOHOL = "drugs_alcohol"
    DENY_BASIC_NEEDS = "deny_basic_needs"
    EXCESSIVE_WORK_HOURS = "excessive_work_hours"
    WITHHOLD_DOCUMENTS = "withhold_documents"


class RecruiterRelation(StrEnum):
    INTIMATE_PARTNER = "intimate_partner"
    FRIEND = "friend"
    FAMILY = "family"
    OTHER = "other"
    UNKNOWN = "unknown"


MEANS_COLUMNS: Mapping[MeansOfControl, str] = {
    MeansOfControl.DEBT_BONDAGE_EARNINGS: "meansDebtBondageEarnings",
    MeansOfControl.THREATS: "meansThreats",
    MeansOfControl.ABUSE: "meansAbusePsyPhySex",
    MeansOfControl.FALSE_PROMISES: "meansFalsePromises",
    MeansOfControl.DRUGS_ALCOHOL: "meansDrugsAlcohol",
    MeansOfControl.DENY_BASIC_NEEDS: "meansDenyBasicNeeds",
    MeansOfControl.EXCESSIVE_WORK_HOURS: "meansExcessiveWorkHours",
    MeansOfControl.WITHHOLD_DOCUMENTS: "meansWithholdDocs",
}

RECRUITER_COLUMNS: Mapping[RecruiterRelation, str] = {
    RecruiterRelation.INTIMATE_PARTNER: "recruiterRelationIntimatePartner",
    RecruiterRelation.FRIEND: "recruiterRelationFriend",
    RecruiterRelation.FAMILY: "recruiterRelationFamily",
    RecruiterRelation.OTHER: "recruiterRelationOther",
    RecruiterRelation.UNKNOWN: "recruiterRelationUnknown",
}

# Screening questions whose "yes" shows a CTDC means of control, so the export is filled
# from the interview rather than typed twice.
MEANS_FROM_SCREENING: Mapping[str, MeansOfControl] = {
    "r_costs_became_debt": MeansOfControl.DEBT_BONDAGE_EARNINGS,
    "e_growing_debt": MeansOfControl.DEBT_BONDAGE_EARNINGS,
    "e_fines_withheld_pay": MeansOfControl.DEBT_BONDAGE_EARNINGS,
    "e_threats": MeansOfControl.THREATS,
    "e_physical_violence": MeansOfControl.ABUSE,
    "e_sexual_violence": MeansOfControl.ABUSE,
    "e_quota_punishment": MeansOfControl.ABUSE,
    "r_work_differed": MeansOfControl.FALSE_PROMISES,
    "r_unrealistic_pay": MeansOfControl.FALSE_PROMISES,
    "e_care_denied": MeansOfControl.DENY_BASIC_NEEDS,
    "e_excessive_hours": MeansOfControl.EXCESSIVE_WORK_HOURS,
    "t_documents_taken": MeansOfControl.WITHHOLD_DOCUMENTS,
    "e_documents_withheld": MeansOfControl.WITHHOLD_DOCUMENTS,
}

# Upper bounds (inclusive) of CTDC's ageBroad buckets; older ages fall in "48+".
AGE_BUCKETS: tuple[tuple[int, str], ...] = (
    (8, "0--8"),
    (17, "9--17"),
    (20, "18--20"),
    (23, "21--23"),
    (26, "24--26"),
    (29, "27--29"),
    (38, "30--38"),
    (47, "39--47"),
)
OLDEST_BUCKET = "48+"

COLUMNS: tuple[str, ...] = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "majorityStatus",
    "citizenship",
    "CountryOfExploitation",
    "traffickMonths",
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "typeOfLabourIllicitActivities",
    *MEANS_COLUMNS.values(),
    *RECRUITER_COLUMNS.values(),
    "isAbduction",
)

_GENDER = {"female": "Woman", "male": "Man", "other": "Trans/Transgender/NonConforming"}


@dataclass(frozen=True, slots=True)
class ExportCase:
    year_of_registration: int | None = None
    sex: str | None = None
    age: int | None = None
    citizenship: str | None = None
    country_of_exploitation: str | None = None
    months_trafficked: int | None = None
    exploitation: frozenset[Exploitation] = frozenset()
    means_of_control: frozenset[MeansOfControl] = frozenset()
    recruiter_relations: frozenset[RecruiterRelation] = frozenset()
    abducted: bool | None = None


def age_broad(age: int | None) -> str:
    if age is None:
        return ""
    if age < 0:
        raise ValueError(f"negative age {age}")
    for upper, label in AGE_BUCKETS:
        if age <= upper:
            return label
    return OLDEST_BUCKET


def traffick_months(months: int | None) -> str:
    if months is None:
        return ""
    if months < 0:
        raise ValueError(f"negative duration {months}")
    if months <= 12:
        return "0--12 (0-1 yr)"
    if months <= 24:
        return "13--24 (1-2 yrs)"
    return "25+ (2+ yrs)"


def to_ctdc_row(case: ExportCase) -> Row:
    """One case as a CTDC row: strings, flags "1" or empty, as CTDC publishes them."""

    def flag(value: bool | None) -> str:
        return "1" if value else ""

    if case.sex is not None and case.sex not in _GENDER:
        raise ValueError(f"unknown sex code {case.sex!r}")
    forced_criminality = Exploitation.FORCED_CRIMINALITY in case.exploitation
    row: Row = {
        "yearOfRegistration": str(case.year_of_registration or ""),
        "gender": _GENDER.get(case.sex or "", ""),
        "ageBroad": age_broad(case.age),
        "majorityStatus": "" if case.age is None else ("Minor" if case.age < 18 else "Adult"),
        "citizenship": (case.citizenship or "").upper(),
        "CountryOfExploitation": (case.country_of_exploitation or "").upper(),
        "traffickMonths": traffick_months(case.months_trafficked),
        # CTDC files forced criminality as forced labour in illicit activities.
        "isForcedLabour": flag(
            forced_criminality or Exploitation.FORCED_LABOUR in case.exploitation
        ),
        "isSexualExploit": flag(Exploitation.SEXUAL_EXPLOITATION in case.exploitation),
        "isOtherExploit": flag(Exploitation.OTHER in case.exploitation),
        "typeOfLabourIllicitActivities": flag(forced_criminality),
        "isAbduction": flag(case.abducted),
    }
    for means, column in MEANS_COLUMNS.items():
        row[column] = flag(means in case.means_of_control)
    for relation, column in RECRUITER_COLUMNS.items():
        row[column] = flag(relation in case.recruiter_relations)
    return {column: row[column] for column in COLUMNS}


def means_from_screening(indicator_question_ids: Iterable[str]) -> frozenset[MeansOfControl]:
    return frozenset(
        MEANS_FROM_SCREENING[qid] for qid in indicator_question_ids if qid in MEANS_FROM_SCREENING
    )


_AGE_COARSE = {
    "0--8": "0--17",
    "9--17": "0--17",
    "18--20": "18--29",
    "21--23": "18--29",
    "24--26": "18--29",
    "27--29": "18--29",
    "30--38": "30+",
    "39--47": "30+",
    "48+": "30+",
}


def _blank(_: str) -> str:
    return ""


def _coarse_age(value: str) -> str:
    return _AGE_COARSE.get(value, value)


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """Generalisation steps of one quasi-identifier; level 0 is the value as mapped."""

    column: str
    steps: tuple[tuple[str, Callable[[str], str]], ...]

    def apply(self, value: str, level: int) -> str:
        for _, step in self.steps[:level]:
            value = step(value)
        return value

    def describe(self, level: int) -> str:
        return self.steps[level - 1][0] if level else "as recorded"


# Order matters on ties: generalise what analysts need least first.
QUASI_IDENTIFIERS: tuple[Hierarchy, ...] = (
    Hierarchy(
        "ageBroad",
        (("0--17 / 18--29 / 30+", _coarse_age), ("removed (majorityStatus kept)", _blank)),
    ),
    Hierarchy("yearOfRegistration", (("removed", _blank),)),
    Hierarchy("CountryOfExploitation", (("removed", _blank),)),
    Hierarchy("citizenship", (("removed", _blank),)),
    Hierarchy("gender", (("removed", _blank),)),
    Hierarchy("majorityStatus", (("removed", _blank),)),
)


@dataclass(frozen=True)
class ExportReport:
    k: int
    total: int
    suppressed: int
    levels: Mapping[str, int]
    generalised: Mapping[str, str] = field(default_factory=dict)

    @property
    def published(self) -> int:
        return self.total - self.suppressed


def anonymise(
    rows: Sequence[Mapping[str, str]],
    *,
    k: int = CTDC_K,
    max_suppression: float = MAX_SUPPRESSION,
    hierarchies: Sequence[Hierarchy] = QUASI_IDENTIFIERS,
) -> tuple[list[Row], ExportReport]:
    """Generalise quasi-identifiers globally, then suppress what is still rare.

    Greedy: at each step raise the one quasi-identifier whose next level leaves the fewest
    records in classes smaller than ``k``, until at most ``max_suppression`` of the records
    are in such classes (or nothing can be generalised further); those records are removed.
    Every quasi-identifier combination in the result occurs at least ``k`` times.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 0 <= max_suppression <= 1:
        raise ValueError("max_suppression is a fraction between 0 and 1")
    levels = {h.column: 0 for h in hierarchies}

    def keys(current: Mapping[str, int]) -> list[tuple[str, ...]]:
        return [
            tuple(h.apply(row.get(h.column, ""), current[h.column]) for h in hierarchies)
            for row in rows
        ]

    def at_risk(row_keys: Sequence[tuple[str, ...]]) -> int:
        counts = Counter(row_keys)
        return sum(c for c in counts.values() if c < k)

    current_keys = keys(levels)
    risk = at_risk(current_keys)
    while risk > max_suppression * len(rows):
        best: tuple[int, str, list[tuple[str, ...]]] | None = None
        for h in hierarchies:
            if levels[h.column] >= len(h.steps):
                continue
            trial_keys = keys(levels | {h.column: levels[h.column] + 1})
            trial_risk = at_risk(trial_keys)
            if best is None or trial_risk < best[0]:
                best = (trial_risk, h.column, trial_keys)
        if best is None:
            break
        risk, column, current_keys = best
        levels[column] += 1

    counts = Counter(current_keys)
    published: list[Row] = []
    for row, key in zip(rows, current_keys, strict=True):
        if counts[key] < k:
            continue
        out = dict(row)
        for h, value in zip(hierarchies, key, strict=True):
            out[h.column] = value
        published.append(out)
    report = ExportReport(
        k=k,
        total=len(rows),
        suppressed=len(rows) - len(published),
        levels=dict(levels),
        generalised={h.column: h.describe(levels[h.column]) for h in hierarchies},
    )
    return published, report
