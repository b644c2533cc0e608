"""A child's case: age, presumption of age, guardians and consent."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ctip.cases import actions
from ctip.cases.actions.children import (
    AgeDeterminationInput,
    GuardianInput,
    age_determine,
    guardian_add,
    guardian_suspect,
)
from ctip.cases.age import band, treated_as_child
from ctip.cases.engine.children import AgeBand
from ctip.core.models import AuditEvent
from tests.cases.factories import days_ago, make_case


def child_case(worker, **values):
    values.setdefault("birth_date", None)
    values.setdefault("age_min", 14)
    values.setdefault("age_max", 16)
    values.setdefault("age_basis", "appearance")
    return make_case(worker, "Lò Thị Mai", **values)


def years_ago(years: int) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years)


def test_birth_date_making_the_person_3_or_90_is_refused(worker):
    for years, shown in ((3, "3"), (90, "90")):
        with pytest.raises(ValidationError) as error:
            make_case(worker, birth_date=years_ago(years) - dt.timedelta(days=3))
        (message,) = error.value.message_dict["birth_date"]
        assert shown in message


def test_estimated_age_is_a_child_presumed_until_determined(worker):
    case = child_case(worker, age_min=16, age_max=19)
    assert case.person.age_basis == "appearance"
    assert band(case) == AgeBand.PRESUMED_CHILD
    age_determine(
        actor=worker,
        case=case,
        data=AgeDeterminationInput(
            child=False, age=19, basis="document", determined_on=days_ago(0)
        ),
    )
    assert band(case) == AgeBand.ADULT
    assert AuditEvent.objects.filter(event_type="CASE_AGE_DETERMINED").exists()


def test_determination_must_agree_with_the_age(worker):
    case = child_case(worker)
    with pytest.raises(ValidationError) as error:
        age_determine(
            actor=worker,
            case=case,
            data=AgeDeterminationInput(
                child=False, age=15, basis="medical", determined_on=days_ago(0)
            ),
        )
    assert "age" in error.value.message_dict


def test_child_alone_cannot_consent_at_intake_or_later(worker):
    with pytest.raises(ValidationError) as error:
        child_case(worker, consent_processing=True)
    assert "không tự mình đồng ý" in error.value.message_dict["consent_processing"][0]
    case = child_case(worker)
    with pytest.raises(ValidationError) as error:
        actions.consent_record(
            actor=worker,
            case=case,
            data=actions.ConsentInput(processing=True, given_on=days_ago(0)),
        )
    assert "không tự mình đồng ý" in error.value.message_dict["guardian"][0]


def test_suspected_father_cannot_consent_and_appointed_representative_does(worker):
    case = child_case(worker)
    father = guardian_add(
        actor=worker, case=case, data=GuardianInput(full_name="Lò Văn Páo", relation="father")
    )
    guardian_suspect(actor=worker, guardian=father, suspicion="Sold the debt to the recruiter")
    with pytest.raises(ValidationError) as error:
        actions.consent_record(
            actor=worker,
            case=case,
            data=actions.ConsentInput(processing=True, given_on=days_ago(0), guardian=father),
        )
    assert "bị nghi" in error.value.message_dict["guardian"][0]
    with pytest.raises(ValidationError) as error:
        guardian_add(
            actor=worker,
            case=case,
            data=GuardianInput(full_name="Hà Thị Lan", relation="appointed"),
        )
    assert "appointed_by" in error.value.message_dict
    rep = guardian_add(
        actor=worker,
        case=case,
        data=GuardianInput(
            full_name="Hà Thị Lan", relation="appointed", appointed_by="Commune People's Committee"
        ),
    )
    consent = actions.consent_record(
        actor=worker,
        case=case,
        data=actions.ConsentInput(
            processing=True,
            given_on=days_ago(0),
            guardian=rep,
            child_views="Wants to live with her aunt",
        ),
    )
    assert consent.guardian == rep
    assert consent.child_views == "Wants to live with her aunt"
    event = AuditEvent.objects.filter(event_type="CONSENT_RECORDED").latest("pk")
    assert "aunt" not in str(event.data)


def test_adult_consents_alone_and_has_no_guardians(worker, case):
    assert not treated_as_child(case)
    actions.consent_record(
        actor=worker, case=case, data=actions.ConsentInput(processing=True, given_on=days_ago(0))
    )
    with pytest.raises(ValidationError):
        guardian_add(actor=worker, case=case, data=GuardianInput(full_name="X", relation="mother"))
