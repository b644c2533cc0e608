"""Age rules of a tracing request: a person sought who is, or may be, under 18 is marked
as a child (which raises the request's urgency), and a case intake opened from the
request carries the child presumption and where the age came from (the family: "stated
by a relative") to the case, through ``cases.actions.case_open``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import actions as cases_actions
from ctip.cases.engine.children import (
    CHILD_AGE,
    MAX_ESTIMATE_SPAN,
    AgeBasis,
    AgeFacts,
    is_child,
)
from ctip.core import audit
from ctip.core.models import User
from ctip.hotline.actions.common import require_visible
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import TracingRequest

SEXES = {"female", "male", "other"}


def age_facts(
    birth_date: dt.date | None, birth_year: int | None, today: dt.date, *, minor: bool = False
) -> AgeFacts:
    """What the family said of the age: a date of birth, or a year (an age that is one of
    two on ``today``), or only that the person is a minor.

    "A minor" with no year is recorded as the widest estimate the cases app accepts that
    ends at 18 (8 to 18): its range reaches below 18, so the case presumes a child until
    the age is determined, and it stays presumed for as long as a request can last. A
    narrower guess (17 to 18) would turn the case into an adult's after a year."""
    if birth_date is not None:
        return AgeFacts(birth_date=birth_date)
    if birth_year is not None and birth_year <= today.year:
        age = today.year - birth_year
        return AgeFacts(age_min=max(age - 1, 0), age_max=age, estimated_in=today.year)
    if minor:
        return AgeFacts(
            age_min=CHILD_AGE - MAX_ESTIMATE_SPAN, age_max=CHILD_AGE, estimated_in=today.year
        )
    return AgeFacts()


def possibly_child(birth_date: dt.date | None, birth_year: int | None) -> bool:
    """Whether the person sought is, or may be, under 18 today (the presumption of age)."""
    today = timezone.localdate()
    return is_child(age_facts(birth_date, birth_year, today), today)


def request_open_case(*, actor: User, request: TracingRequest) -> int:
    """Open a case intake for the person sought (found, or back), with the name, age,
    sex, phone, province and country of the request; returns the case id. The actor
    needs ``cases.intake`` as for any intake."""
    with transaction.atomic():
        require_visible(actor, request, "hotline.trace")
        if not actor.has_ctip_perm("cases.intake"):
            # A reader of the request who does not record intakes (an investigator) is
            # told who can, on the request's page, rather than shown a bare refusal.
            raise ValidationError(
                _(
                    "Opening a case needs the right to record an intake: ask the hotline or "
                    "an intake officer."
                )
            )
        current = TracingRequest.objects.select_for_update().get(pk=request.pk)
        if current.case_id:
            return current.case_id
        today = timezone.localdate()
        age = age_facts(current.birth_date, current.birth_year, today, minor=current.minor)
        result = cases_actions.case_open(
            actor=actor,
            data=cases_actions.CaseOpenInput(
                full_name=current.full_name,
                other_names=tuple(current.other_names or ()),
                intake_channel="hotline",
                intake_date=today,
                birth_date=age.birth_date,
                age_min=age.age_min,
                age_max=age.age_max,
                age_basis=AgeBasis.RELATIVE if age.age_min is not None else "",
                sex=current.sex if current.sex in SEXES else "unknown",
                phone=current.phone,
                home_province=current.home_province,
                exploitation_country=current.country if current.country != "VN" else "",
                compound=current.place[:200],
                compound_id=current.compound_id if actor.has_ctip_perm("compounds.view") else None,
                idempotency_key=f"hotline-request-{current.pk}",
            ),
        )
        current.case_id = result.case.pk
        current.save(update_fields=["case_id"])
        audit.record(
            HotlineEvent.REQUEST_CASE_OPENED,
            actor=actor,
            target=current,
            data={"case": result.case.pk, "child": is_child(age, today)},
        )
    return result.case.pk
