"""A child's case: age, presumption of age, guardians and consent."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
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


CHILD_ANSWERS = {"r_work_differed": "yes", "e_forced_to_defraud": "yes", "e_confined": "yes"}


def interview(worker, case, **values):
    from ctip.cases.actions.children import ChildInterviewInput, child_interview_record

    case.refresh_from_db()
    values.setdefault("answers", CHILD_ANSWERS)
    values.setdefault("support_person", "Hà Thị Lan, appointed representative")
    values.setdefault("interviewer_qualification", "Child protection course, MOLISA 2025")
    return child_interview_record(
        actor=worker,
        case=case,
        data=ChildInterviewInput(interviewed_on=days_ago(0), version=case.version, **values),
    )


def test_adult_interview_for_a_child_is_refused(worker):
    case = child_case(worker)
    with pytest.raises(ValidationError) as error:
        actions.screening_record(
            actor=worker,
            case=case,
            data=actions.ScreeningInput(
                answers=CHILD_ANSWERS, interviewed_on=days_ago(0), version=case.version
            ),
        )
    assert "phiếu phỏng vấn dành cho trẻ em" in error.value.message_dict["questionnaire_version"][0]


def test_child_interview_reaches_forced_criminality_and_is_held_once(worker, supervisor):
    case = child_case(worker)
    for missing in ("support_person", "interviewer_qualification"):
        with pytest.raises(ValidationError) as error:
            interview(worker, case, **{missing: " "})
        assert missing in error.value.message_dict
    first = interview(worker, case)
    assert first.questionnaire_version == "child-2025.1"
    assert first.recommendation == "presumed_victim"
    assert {
        "question": "e_forced_to_defraud",
        "dimension": "exploitative_conditions",
        "strength": "strong",
    } in first.result["indicators"]
    with pytest.raises(ValidationError) as error:
        interview(worker, case)
    assert "repeat_reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        interview(worker, case, repeat_reason="Interpreter was missing", repeat_allowed_by=worker)
    assert "repeat_allowed_by" in error.value.message_dict
    second = interview(
        worker, case, repeat_reason="Interpreter was missing", repeat_allowed_by=supervisor
    )
    assert second.repeat_allowed_by == supervisor


def test_child_questionnaire_reaches_every_ilo_dimension():
    from ctip.cases.engine.children import CHILD_QUESTIONNAIRE
    from ctip.cases.engine.questionnaire import load_questionnaire

    child = load_questionnaire(CHILD_QUESTIONNAIRE)
    adult = load_questionnaire()
    dims = lambda q: {x.dimension for x in q.questions if x.dimension}  # noqa: E731
    assert dims(child) == dims(adult)
    assert len(child.questions) < len(adult.questions)
    assert any(x.sufficient for x in child.questions)


def test_child_interview_for_an_adult_is_refused(worker, case):
    with pytest.raises(ValidationError) as error:
        interview(worker, case)
    assert "questionnaire_version" in error.value.message_dict


def test_child_case_is_read_by_fewer_roles(world, worker):
    from datetime import timedelta

    from ctip.cases.models import Case
    from ctip.cases.selectors import agency_cases
    from ctip.core.scope import visible

    intake = world.users["intake_officer"]
    child = make_case(
        intake, "Lò Thị Mai", birth_date=None, age_min=14, age_max=15, assigned_worker=None
    )
    adult = make_case(intake, assigned_worker=None)
    assert child.child
    assert not adult.child

    def seen(user):
        return set(
            visible(Case.objects.all(), user, "cases.view_case").values_list("pk", flat=True)
        )

    assert {child.pk, adult.pk} <= seen(worker)
    assert {child.pk, adult.pk} <= seen(world.users["supervisor"])
    assert child.pk in seen(intake)
    assert child.pk in {c.pk for c in agency_cases(intake)}
    Case.objects.filter(pk=child.pk).update(created_at=timezone.now() - timedelta(hours=73))
    assert child.pk not in seen(intake)
    assert adult.pk in seen(intake)
    assert child.pk not in {c.pk for c in agency_cases(intake)}
    assert child.pk in {c.pk for c in agency_cases(worker)}
    assert child.pk not in seen(world.users["reception_officer"])


def test_age_determined_adult_opens_the_case_again(world, worker):
    from ctip.cases.models import Case

    case = child_case(worker, age_min=17, age_max=19)
    assert case.child
    age_determine(
        actor=worker,
        case=case,
        data=AgeDeterminationInput(child=False, basis="document", determined_on=days_ago(0)),
    )
    assert not Case.objects.get(pk=case.pk).child


def test_best_interests_before_reintegration(worker, supervisor):
    from ctip.cases.actions.children import BestInterestsInput, best_interests_decide
    from ctip.cases.models import Case

    case = child_case(worker)
    Case.objects.filter(pk=case.pk).update(status="support")
    case.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        actions.case_transition(
            actor=worker, case=case, target="reintegration", version=case.version
        )
    assert "lợi ích tốt nhất" in error.value.message_dict["target"][0]
    values = {
        "family_situation": "Father sold the debt; mother works in Ha Noi",
        "family_involved": "yes",
        "safety_at_home": "unsafe",
        "placement": "family",
        "commune_officer": "Vàng Thị Dua",
        "decided_on": days_ago(0),
    }
    with pytest.raises(ValidationError) as error:
        best_interests_decide(actor=supervisor, case=case, data=BestInterestsInput(**values))
    assert "placement" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        best_interests_decide(
            actor=worker,
            case=case,
            data=BestInterestsInput(
                **{**values, "placement": "relatives", "placement_with": "Aunt"}
            ),
        )
    with pytest.raises(ValidationError) as error:
        best_interests_decide(
            actor=supervisor,
            case=case,
            data=BestInterestsInput(**{**values, "placement": "relatives", "commune_officer": ""}),
        )
    assert {"commune_officer", "placement_with"} <= set(error.value.message_dict)
    decision = best_interests_decide(
        actor=supervisor,
        case=case,
        data=BestInterestsInput(
            **{**values, "placement": "relatives", "placement_with": "Aunt, Lò Thị Sua"}
        ),
    )
    assert decision.placement == "relatives"
    case.refresh_from_db()
    actions.case_transition(actor=worker, case=case, target="reintegration", version=case.version)


def test_children_figures_hide_small_cells_and_export_leaves_children_out(world, worker):
    from ctip.cases import figures
    from ctip.cases.export import ctdc_export

    for _i in range(21):
        child_case(worker, age_min=14, age_max=15, sex="female", exploitation_country="KH")
    child_case(worker, age_min=16, age_max=17, sex="male", exploitation_country="MM")
    found = figures.children(days_ago(30), days_ago(0), min_cell=5)
    assert found.min_cell == 20
    assert found.total == 22
    assert figures.Cell("female", 21) in found.by_sex
    assert figures.Cell("male", None) in found.by_sex
    assert figures.Cell("under_16", 21) in found.by_age_group
    assert figures.Cell("16_17", None) in found.by_age_group
    assert figures.Cell("KH", 21) in found.by_country
    assert figures.Cell("pending", 22) in found.by_outcome
    assert figures.Cell("not_screened", 22) in found.by_exploitation
    from ctip.cases.models import Case, IdentificationDecision

    adult = make_case(worker)
    for case in [*Case.objects.filter(child=True), adult]:
        IdentificationDecision.objects.create(
            case=case,
            outcome="victim",
            legal_basis="Law 53/2024/QH15",
            decided_by=worker,
            decided_on=days_ago(0),
            approved_by=world.users["supervisor"],
            approved_at=timezone.now(),
        )
    assert figures.children(days_ago(30), days_ago(0)).by_outcome == (figures.Cell("victim", 22),)
    _rows, report = ctdc_export(world.users["statistician"])
    assert report.total == 1
