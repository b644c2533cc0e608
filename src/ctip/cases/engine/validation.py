"""Checks on intake data, returning every problem at once.

An officer at a handover fixing row 37 of a list should see all that is wrong with it in
one pass, in their language, not one error per submit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ctip.cases.engine.labels import Label
from ctip.cases.engine.provinces import ProvinceDirectory, UnknownProvince

MAX_AGE = 120
# A stated age and a date of birth may disagree by a year: people count age differently
# (tuổi mụ adds one) and birthdays fall either side of the intake date.
AGE_TOLERANCE = 1


@dataclass(frozen=True, slots=True)
class Issue:
    field: str
    code: str
    message: Label


@dataclass(frozen=True, slots=True)
class IntakeFacts:
    intake_date: dt.date
    birth_date: dt.date | None = None
    age: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    home_province: str | None = None


def age_on(birth_date: dt.date, on: dt.date) -> int:
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)


def validate_intake(
    facts: IntakeFacts,
    *,
    today: dt.date,
    provinces: ProvinceDirectory | None = None,
) -> list[Issue]:
    """Every problem with the intake facts; an empty list means they can be saved.

    ``today`` is passed in, not read from the clock, so that a batch file and its tests give
    the same answer on any day and in any time zone.
    """
    issues: list[Issue] = []
    if facts.intake_date > today:
        issues.append(_future("intake_date", facts.intake_date))
    if facts.birth_date is not None:
        if facts.birth_date > today:
            issues.append(_future("birth_date", facts.birth_date))
        elif facts.birth_date > facts.intake_date:
            issues.append(
                Issue(
                    "birth_date",
                    "birth_after_intake",
                    Label("The date of birth is after the intake date."),
                )
            )
        else:
            implied = age_on(facts.birth_date, facts.intake_date)
            if implied > MAX_AGE:
                issues.append(_impossible("birth_date", implied))
            elif facts.age is not None and abs(implied - facts.age) > AGE_TOLERANCE:
                issues.append(
                    Issue(
                        "age",
                        "age_mismatch",
                        Label(
                            "Age {age} does not match the date of birth (age {implied}).",
                            age=facts.age,
                            implied=implied,
                        ),
                    )
                )
    for name in ("age", "age_min", "age_max"):
        value = getattr(facts, name)
        if value is not None and not 0 <= value <= MAX_AGE:
            issues.append(_impossible(name, value))
    if facts.age_min is not None and facts.age_max is not None:
        if facts.age_min > facts.age_max:
            issues.append(
                Issue(
                    "age_max",
                    "inverted_range",
                    Label("Estimated age: the lower bound is above the upper bound."),
                )
            )
        elif facts.age is not None and not facts.age_min <= facts.age <= facts.age_max:
            issues.append(
                Issue(
                    "age",
                    "age_mismatch",
                    Label("The age is outside the estimated age range."),
                )
            )
    if facts.home_province and provinces is not None:
        try:
            provinces.resolve(facts.home_province)
        except UnknownProvince as error:
            message = (
                Label(
                    "Unknown province '{province}'. Did you mean: {suggestions}?",
                    province=facts.home_province,
                    suggestions=", ".join(error.suggestions),
                )
                if error.suggestions
                else Label("Unknown province '{province}'.", province=facts.home_province)
            )
            issues.append(Issue("home_province", "unknown_province", message))
    return issues


def _future(field: str, value: dt.date) -> Issue:
    return Issue(
        field,
        "future_date",
        Label("The date {date} is in the future.", date=value),
    )


def _impossible(field: str, value: int) -> Issue:
    return Issue(
        field,
        "impossible_age",
        Label("Age {age} is impossible (must be 0 to {most}).", age=value, most=MAX_AGE),
    )
