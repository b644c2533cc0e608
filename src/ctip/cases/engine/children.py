"""Who is a child, and who may speak for one (pure Python).

A person is **under 16** (the Law on Children) or **under 18** (the law on trafficking
victims) on a date. When only an estimated age is known and its range reaches below 18,
the person is **presumed a child** until the age is determined: the presumption of age in
international guidance, so that nobody loses a child's protection because their papers
were taken. A recorded determination settles it either way.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from ctip.cases.engine.followup import DEFAULT_OFFSETS_MONTHS
from ctip.cases.engine.labels import Label
from ctip.cases.engine.validation import Issue, age_on

CHILD_AGE = 18
YOUNG_CHILD_AGE = 16
# A date of birth outside these ages on the intake date is almost always a slip in the year.
PLAUSIBLE_AGES = (5, 80)
MAX_ESTIMATE_SPAN = 10


class AgeBand(enum.StrEnum):
    UNDER_16 = "under_16"
    UNDER_18 = "under_18"
    PRESUMED_CHILD = "presumed_child"
    ADULT = "adult"
    UNKNOWN = "unknown"


AGE_BAND_LABELS = {
    AgeBand.UNDER_16: Label("Child under 16"),
    AgeBand.UNDER_18: Label("Minor under 18"),
    AgeBand.PRESUMED_CHILD: Label("Presumed a child until the age is determined"),
    AgeBand.ADULT: Label("Adult"),
    AgeBand.UNKNOWN: Label("Age not known"),
}


class AgeBasis(enum.StrEnum):
    DOCUMENT = "document"
    STATED = "stated"
    RELATIVE = "relative"
    APPEARANCE = "appearance"
    MEDICAL = "medical"
    OTHER = "other"


AGE_BASIS_LABELS = {
    AgeBasis.DOCUMENT: Label("From a document"),
    AgeBasis.STATED: Label("Stated by the person"),
    AgeBasis.RELATIVE: Label("Stated by a relative"),
    AgeBasis.APPEARANCE: Label("Estimated from appearance and the interview"),
    AgeBasis.MEDICAL: Label("Medical examination"),
    AgeBasis.OTHER: Label("Another way"),
}


@dataclass(frozen=True, slots=True)
class AgeFacts:
    birth_date: dt.date | None = None
    age_min: int | None = None
    age_max: int | None = None
    # The year the estimate was made: an estimate of 14-16 in 2025 is 15-17 in 2026.
    estimated_in: int | None = None
    # A recorded determination: True (a child), False (an adult), None (not determined).
    determined_child: bool | None = None
    determined_age: int | None = None


def age_band(facts: AgeFacts, on: dt.date) -> AgeBand:
    """The band the person is treated in on ``on``, the presumption applied."""
    if facts.birth_date is not None:
        return _band(age_on(facts.birth_date, on))
    if facts.determined_child is False:
        return AgeBand.ADULT
    if facts.determined_age is not None:
        return _band(facts.determined_age)
    if facts.age_min is not None:
        shift = on.year - facts.estimated_in if facts.estimated_in else 0
        low = facts.age_min + shift
        high = (facts.age_max if facts.age_max is not None else facts.age_min) + shift
        if high < YOUNG_CHILD_AGE:
            return AgeBand.UNDER_16
        if high < CHILD_AGE:
            return AgeBand.UNDER_18
        if low < CHILD_AGE:
            return AgeBand.UNDER_18 if facts.determined_child else AgeBand.PRESUMED_CHILD
        return AgeBand.ADULT
    if facts.determined_child:
        return AgeBand.UNDER_18
    return AgeBand.UNKNOWN


def facts_from_birth(birth_date: dt.date | None, birth_year: int | None, on: dt.date) -> AgeFacts:
    """What a list's birth date or year says of the age on ``on``. A year alone gives two
    possible ages; the younger one reaching below 18 presumes a child."""
    if birth_date is not None:
        return AgeFacts(birth_date=birth_date)
    if birth_year is not None and birth_year <= on.year:
        oldest = on.year - birth_year
        return AgeFacts(age_min=max(oldest - 1, 0), age_max=oldest, estimated_in=on.year)
    return AgeFacts()


CHILD_BANDS = frozenset({AgeBand.UNDER_16, AgeBand.UNDER_18, AgeBand.PRESUMED_CHILD})


def is_child(facts: AgeFacts, on: dt.date) -> bool:
    """Whether the person is treated as a child: under 18, or presumed so."""
    return age_band(facts, on) in CHILD_BANDS


def _band(age: int) -> AgeBand:
    if age < YOUNG_CHILD_AGE:
        return AgeBand.UNDER_16
    if age < CHILD_AGE:
        return AgeBand.UNDER_18
    return AgeBand.ADULT


def check_age(facts: AgeFacts, on: dt.date) -> list[Issue]:
    """Ages a slip of the keyboard produces: a birth date giving 3 or 90, a vague range."""
    issues: list[Issue] = []
    low, high = PLAUSIBLE_AGES
    if facts.birth_date is not None and facts.birth_date <= on:
        age = age_on(facts.birth_date, on)
        if not low <= age <= high:
            issues.append(
                Issue(
                    "birth_date",
                    "implausible_age",
                    Label(
                        "This date of birth makes the person {age} on the intake date, "
                        "outside {low} to {high}. Check the year; if it is not known, record "
                        "an estimated age.",
                        age=age,
                        low=low,
                        high=high,
                    ),
                )
            )
    if (
        facts.age_min is not None
        and facts.age_max is not None
        and facts.age_max - facts.age_min > MAX_ESTIMATE_SPAN
    ):
        issues.append(
            Issue(
                "age_max",
                "vague_estimate",
                Label(
                    "The estimated age range is wider than {years} years.",
                    years=MAX_ESTIMATE_SPAN,
                ),
            )
        )
    return issues


class Relation(enum.StrEnum):
    FATHER = "father"
    MOTHER = "mother"
    GRANDPARENT = "grandparent"
    RELATIVE = "relative"
    GUARDIAN = "guardian"
    APPOINTED = "appointed"


RELATION_LABELS = {
    Relation.FATHER: Label("Father"),
    Relation.MOTHER: Label("Mother"),
    Relation.GRANDPARENT: Label("Grandparent"),
    Relation.RELATIVE: Label("Other relative"),
    Relation.GUARDIAN: Label("Legal guardian"),
    Relation.APPOINTED: Label("Appointed representative"),
}


CHILD_QUESTIONNAIRE = "child-2025.1"

ADULT_INTERVIEW_FOR_CHILD = Label(
    "This person is a child, or presumed one until the age is determined: use the child "
    "interview, with a support person present."
)

CHILD_ALONE = Label(
    "A child does not consent alone: a parent, a guardian or an appointed representative gives "
    "consent, and the child's views are recorded beside it."
)


@dataclass(frozen=True, slots=True)
class Representative:
    relation: Relation
    suspected: bool = False
    appointed_by: str = ""


def check_representative(rep: Representative | None) -> Label | None:
    """Why this person may not consent and decide for a child, or None when they may."""
    if rep is None:
        return CHILD_ALONE
    if rep.suspected:
        return Label(
            "This person is suspected of involvement in the trafficking or the debt and may "
            "not decide for the child. Appoint a representative."
        )
    if rep.relation == Relation.APPOINTED and not rep.appointed_by.strip():
        return Label("Say who appointed the representative.")
    return None


class Placement(enum.StrEnum):
    FAMILY = "family"
    RELATIVES = "relatives"
    SHELTER = "shelter"


PLACEMENT_LABELS = {
    Placement.FAMILY: Label("Back to the family"),
    Placement.RELATIVES: Label("With relatives"),
    Placement.SHELTER: Label("In a shelter"),
}

TRI_STATE = ("yes", "no", "unknown")
SAFETY = ("safe", "unsafe", "unknown")


def check_placement(
    placement: Placement, family_involved: str, safety_at_home: str
) -> Label | None:
    """Why a child may not be placed so, or None: never back to a family that took part in
    the trafficking or the debt, or to a home that is not safe."""
    if placement is Placement.FAMILY and (family_involved == "yes" or safety_at_home == "unsafe"):
        return Label(
            "A child is not returned to a family that took part in the trafficking or the "
            "debt, or to a home that is not safe: choose relatives or a shelter."
        )
    return None


BEST_INTERESTS_MISSING = Label(
    "Before reintegration, a child's case needs a best-interests assessment and a placement "
    "decision."
)

FOLLOWUPS_LESS_OFTEN = Label(
    "A child is visited at least as often as an adult (after {months} months): this "
    "schedule visits less often or ends sooner.",
    months=", ".join(str(m) for m in DEFAULT_OFFSETS_MONTHS),
)

# Decree 56/2017/NĐ-CP: the steps of child-protection case management.
STEPS = (
    ("receive", Label("Receive")),
    ("assess", Label("Assess")),
    ("plan", Label("Plan")),
    ("carry_out", Label("Carry out")),
    ("review", Label("Review")),
    ("close", Label("Close")),
)
