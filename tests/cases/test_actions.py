"""Writes: engine-checked moves, audit events, consent, optimistic locking, idempotency."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ctip.cases import actions
from ctip.cases.models import Case, FollowUp, Person, Referral
from ctip.core.models import AuditEvent
from tests.cases.factories import days_ago, make_case, make_decision, screened, to_identification


def test_intake_creates_person_case_and_audit_without_values(case):
    assert case.status == "intake"
    assert case.version == 1
    event = AuditEvent.objects.get(event_type="CASE_OPENED", target_id=str(case.pk))
    assert "intake_channel" in event.fields
    blob = str(AuditEvent.objects.values_list("data", "fields").all())
    assert "Nguyễn" not in blob
    assert "001090012345" not in blob


def test_double_submit_returns_the_first_case(worker):
    first = actions.case_open(
        actor=worker,
        data=actions.CaseOpenInput(
            full_name="Lê Văn Cường",
            intake_channel="hotline",
            intake_date=days_ago(0),
            idempotency_key="form-1",
        ),
    )
    again = actions.case_open(
        actor=worker,
        data=actions.CaseOpenInput(
            full_name="Lê Văn Cường",
            intake_channel="hotline",
            intake_date=days_ago(0),
            idempotency_key="form-1",
        ),
    )
    assert first.created
    assert not again.created
    assert again.case.pk == first.case.pk
    assert Case.objects.count() == 1
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"intake_date": days_ago(-3)}, "intake_date"),
        ({"birth_date": days_ago(-1)}, "birth_date"),
        ({"age_min": 30, "age_max": 20}, "age_max"),
        ({"age_min": 150, "age_max": 150}, "age_min"),
        ({"intake_channel": "teleport"}, "intake_channel"),
        ({"exploitation_country": "Cambodia"}, "exploitation_country"),
    ],
)
def test_bad_intake_is_a_field_error(worker, values, field):
    base = {"full_name": "A B", "intake_channel": "walk_in", "intake_date": days_ago(1)}
    with pytest.raises(ValidationError) as error:
        actions.case_open(actor=worker, data=actions.CaseOpenInput(**base | values))
    assert field in error.value.message_dict
    assert Case.objects.count() == 0


def test_status_moves_follow_the_engine(world, case, worker, supervisor):
    with pytest.raises(ValidationError):
        actions.case_transition(actor=worker, case=case, target="support", version=case.version)
    case = actions.case_transition(actor=worker, case=case, target="screening", version=1)
    with pytest.raises(ValidationError) as error:
        actions.case_transition(
            actor=worker, case=case, target="identification", version=case.version
        )
    assert "screening" in str(error.value).lower() or "sàng lọc" in str(error.value).lower()
    with pytest.raises(PermissionDenied):
        actions.case_transition(
            actor=worker, case=case, target="closed", version=case.version, reason="x"
        )
    closed = actions.case_transition(
        actor=supervisor, case=case, target="closed", version=case.version, reason="mistake"
    )
    assert closed.status == "closed"
    reopened = actions.case_transition(
        actor=worker, case=closed, target="screening", version=closed.version, reason="new facts"
    )
    assert reopened.status == "screening"
    assert AuditEvent.objects.filter(event_type="CASE_REOPENED").count() == 1


def test_two_officers_editing_at_once_conflict_and_nothing_is_lost(case, worker, supervisor):
    stale = Case.objects.get(pk=case.pk)
    actions.case_transition(actor=worker, case=case, target="screening", version=1)
    with pytest.raises(actions.Conflict):
        actions.case_transition(
            actor=supervisor, case=stale, target="closed", version=1, reason="dup"
        )
    assert Case.objects.get(pk=case.pk).status == "screening"


def test_screening_scores_and_moves_to_screening(case, worker):
    case = screened(case, worker)
    interview = case.screenings.get()
    assert interview.recommendation == "presumed_victim"
    assert interview.questionnaire_version == "2025.3"
    assert case.status == "screening"
    with pytest.raises(ValidationError):
        actions.screening_record(
            actor=worker,
            case=case,
            data=actions.ScreeningInput(
                answers={"r_work_differed": "perhaps"},
                interviewed_on=days_ago(0),
                version=case.version,
            ),
        )


def test_identification_needs_a_second_officer(world, supervisor):
    decision = make_decision(world)
    with pytest.raises(ValidationError):
        actions.identification_approve(actor=supervisor, decision=decision)
    other_supervisor = world.users["supervisor"].__class__.objects.create(
        username="sup2", agency=world.agency, roles=["supervisor"]
    )
    actions.identification_approve(actor=other_supervisor, decision=decision)
    case = decision.case
    case.refresh_from_db()
    moved = actions.case_transition(
        actor=supervisor, case=case, target="support", version=case.version
    )
    assert moved.status == "support"


def test_referral_needs_consent_or_an_audited_override(
    world, case, worker, supervisor, other_provider
):
    with pytest.raises(ValidationError) as error:
        actions.referral_send(
            actor=worker,
            case=case,
            data=actions.ReferralInput(provider=other_provider, services=["shelter"]),
        )
    assert "override_reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.referral_send(
            actor=worker,
            case=case,
            data=actions.ReferralInput(
                provider=other_provider, services=["shelter"], override_reason="urgent"
            ),
        )
    referral = actions.referral_send(
        actor=supervisor,
        case=case,
        data=actions.ReferralInput(
            provider=other_provider, services=["shelter"], override_reason="life at risk"
        ),
    )
    event = AuditEvent.objects.get(event_type="REFERRAL_SENT")
    assert event.data["consent_override"] is True
    assert "life at risk" not in str(event.data)
    assert referral.consent_override == "life at risk"


def test_referral_with_consent_then_answered_by_the_receiving_agency(
    world, case, worker, other_provider
):
    actions.consent_record(
        actor=worker,
        case=case,
        data=actions.ConsentInput(
            processing=True, later_contact=False, share_agencies=[world.other], given_on=days_ago(0)
        ),
    )
    referral = actions.referral_send(
        actor=worker,
        case=case,
        data=actions.ReferralInput(provider=other_provider, services=["shelter"]),
    )
    with pytest.raises(PermissionDenied):
        actions.referral_answer(actor=worker, referral=referral, answer="accept")
    receiver = world.other_users["case_worker"]
    with pytest.raises(ValidationError):
        actions.referral_answer(actor=receiver, referral=referral, answer="decline")
    accepted = actions.referral_answer(actor=receiver, referral=referral, answer="accept")
    assert accepted.status == "accepted"
    done = actions.referral_answer(actor=receiver, referral=referral, answer="complete")
    assert done.status == "completed"
    assert Referral.objects.get().completed_at is not None


def test_reintegration_schedules_follow_ups_and_outcomes_are_checked(world, worker):
    decision = make_decision(world)
    sup2 = world.users["supervisor"].__class__.objects.create(
        username="sup3", agency=world.agency, roles=["supervisor"]
    )
    actions.identification_approve(actor=sup2, decision=decision)
    case = Case.objects.get(pk=decision.case_id)
    case = actions.case_transition(actor=worker, case=case, target="support", version=case.version)
    case = actions.case_transition(
        actor=worker, case=case, target="reintegration", version=case.version
    )
    due = list(FollowUp.objects.filter(case=case).values_list("months", flat=True))
    assert due == [1, 3, 6, 12]
    first = FollowUp.objects.filter(case=case).first()
    with pytest.raises(ValidationError):
        actions.followup_complete(
            actor=worker, followup=first, done_on=days_ago(0), outcomes={"safety": 9}
        )
    actions.followup_complete(
        actor=worker,
        followup=first,
        done_on=days_ago(0),
        outcomes={
            "safety": 2,
            "health": 3,
            "housing": 4,
            "work_and_income": 2,
            "retrafficking_risk": 3,
        },
    )
    event = AuditEvent.objects.get(event_type="FOLLOWUP_DONE")
    assert event.data["concerns"] == ["safety", "work_and_income"]


def test_non_punishment_statement_needs_coercion(case, worker):
    with pytest.raises(ValidationError):
        actions.statement_record(
            actor=worker,
            case=case,
            acts=[{"act": "defrauding_others", "coercion": []}],
            interviewed_on=days_ago(0),
        )
    statement = actions.statement_record(
        actor=worker,
        case=case,
        acts=[{"act": "defrauding_others", "coercion": ["quota_punishment", "confinement"]}],
        interviewed_on=days_ago(0),
    )
    assert statement.acts[0]["coercion"] == ["quota_punishment", "confinement"]


def test_merge_is_audited_and_reversible(world, worker):
    a = make_case(worker, "Phạm Thị Dung", birth_date=None, age_min=25, age_max=25)
    b = make_case(worker, "PHAM THI DUNG", birth_date=None, age_min=26, age_max=26)
    link = actions.person_link(
        actor=worker, person=a.person, other=b.person, kind="merge", reason="same", score=0.9
    )
    assert Person.objects.get(pk=b.person_id).merged_into_id == a.person_id
    actions.link_undo(actor=worker, link=link)
    assert Person.objects.get(pk=b.person_id).merged_into_id is None
    kinds = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {"PERSONS_MERGED", "PERSONS_UNMERGED"} <= kinds


def test_identification_before_the_stage_is_refused(world, case):
    with pytest.raises(ValidationError):
        actions.identification_decide(
            actor=world.users["supervisor"],
            case=case,
            data=actions.DecisionInput(
                outcome="victim", legal_basis="x", evidence=["y"], decided_on=days_ago(0)
            ),
        )
    case = to_identification(world, case)
    assert case.status == "identification"
