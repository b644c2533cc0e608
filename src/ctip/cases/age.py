"""A case's age facts as the children engine reads them (no personal value leaves here)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ctip.cases.engine.children import AgeBand, AgeFacts, age_band
from ctip.cases.models import AgeDetermination, Case


def age_facts(case: Case) -> AgeFacts:
    person = case.person
    determination = AgeDetermination.objects.filter(case=case).first()
    return AgeFacts(
        birth_date=person.birth_date,
        age_min=person.age_min,
        age_max=person.age_max,
        estimated_in=person.age_estimated_in,
        determined_child=determination.child if determination else None,
        determined_age=determination.age if determination else None,
    )


def band(case: Case, on: dt.date | None = None) -> AgeBand:
    return age_band(age_facts(case), on or timezone.localdate())


def treated_as_child(case: Case, on: dt.date | None = None) -> bool:
    """Under 18, or presumed so until the age is determined."""
    return band(case, on) in {AgeBand.UNDER_16, AgeBand.UNDER_18, AgeBand.PRESUMED_CHILD}
