"""A child's case: the age as determined, and who acts for the child."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.cases import ports
from ctip.cases.actions.checks import fresh, leads, not_in_future, require_lead
from ctip.cases.actions.screening import interview_store
from ctip.cases.age import treated_as_child
from ctip.cases.engine.children import (
    CHILD_QUESTIONNAIRE,
    SAFETY,
    TRI_STATE,
    AgeBasis,
    Placement,
    Relation,
    Representative,
    check_placement,
    check_representative,
)
from ctip.cases.engine.questionnaire import load_questionnaire
from ctip.cases.engine.workflow import CaseStatus
from ctip.cases.events import CasesEvent
from ctip.cases.labels import label
from ctip.cases.models import (
    AgeDetermination,
    BestInterests,
    Case,
    Guardian,
    ScreeningInterview,
)
from ctip.core import audit
from ctip.core.models import User


@dataclass(frozen=True)
class AgeDeterminationInput:
    child: bool
    basis: str
    determined_on: dt.date
    age: int | None = None
    note: str = ""


@transaction.atomic
def age_determine(*, actor: User, case: Case, data: AgeDeterminationInput) -> AgeDetermination:
    """Record how the age was settled; the latest determination is the one in force."""
    require_lead(actor, case, "cases.change_case")
    errors: dict[str, list[str]] = {}
    if data.basis not in {b.value for b in AgeBasis}:
        errors["basis"] = [_("Choose how the age was determined.")]
    if data.age is not None:
        if not 0 <= data.age <= 120:
            errors["age"] = [_("Give an age between 0 and 120.")]
        elif data.child != (data.age < 18):
            errors["age"] = [_("This age does not agree with the choice of child or adult.")]
    if errors:
        raise ValidationError(errors)
    not_in_future(data.determined_on, "determined_on")
    determination = AgeDetermination.objects.create(
        case=case,
        child=data.child,
        age=data.age,
        basis=data.basis,
        note=data.note.strip(),
        determined_by=actor,
        determined_on=data.determined_on,
    )
    Case.objects.filter(pk=case.pk).update(child=data.child)
    case.child = data.child
    audit.record(
        CasesEvent.CASE_AGE_DETERMINED,
        actor=actor,
        target=case,
        fields=["child", "age", "basis", "determined_on"],
        data={"determination": determination.pk, "child": data.child, "basis": data.basis},
    )
    return determination


@dataclass(frozen=True)
class GuardianInput:
    full_name: str
    relation: str
    phone: str = ""
    suspected: bool = False
    suspicion: str = ""
    appointed_by: str = ""


@transaction.atomic
def guardian_add(*, actor: User, case: Case, data: GuardianInput) -> Guardian:
    """Record a parent, guardian or appointed representative of a child."""
    require_lead(actor, case, "cases.change_case")
    errors: dict[str, list[str]] = {}
    if not treated_as_child(case):
        errors["relation"] = [
            _("The person is an adult: guardians are recorded for children only.")
        ]
    if not " ".join(data.full_name.split()):
        errors["full_name"] = [_("A name is required (as the person gives it).")]
    if data.relation not in {r.value for r in Relation}:
        errors["relation"] = [_("Choose the relation to the child.")]
    elif data.relation == Relation.APPOINTED:
        if data.suspected:
            errors["suspected"] = [
                _("A suspected person cannot be appointed to act for the child.")
            ]
        if not data.appointed_by.strip():
            errors["appointed_by"] = [_("Say who appointed the representative.")]
    if errors:
        raise ValidationError(errors)
    guardian = Guardian.objects.create(
        case=case,
        full_name=" ".join(data.full_name.split()),
        relation=data.relation,
        phone=data.phone.strip(),
        suspected=data.suspected,
        suspicion=data.suspicion.strip(),
        appointed_by=data.appointed_by.strip(),
        added_by=actor,
    )
    audit.record(
        CasesEvent.CASE_GUARDIAN_ADDED,
        actor=actor,
        target=case,
        fields=["full_name", "relation", "suspected"],
        data={"guardian": guardian.pk, "relation": data.relation, "suspected": data.suspected},
    )
    return guardian


@transaction.atomic
def guardian_suspect(*, actor: User, guardian: Guardian, suspicion: str) -> Guardian:
    """Mark a guardian as suspected of involvement: from now on they may not act."""
    require_lead(actor, guardian.case, "cases.change_case")
    if not suspicion.strip():
        raise ValidationError({"suspicion": _("Say what the guardian is suspected of.")})
    guardian.suspected = True
    guardian.suspicion = suspicion.strip()
    guardian.save(update_fields=["suspected", "suspicion"])
    audit.record(
        CasesEvent.CASE_GUARDIAN_SUSPECTED,
        actor=actor,
        target=guardian.case,
        fields=["suspected", "suspicion"],
        data={"guardian": guardian.pk},
    )
    return guardian


def check_child_consent(case: Case, guardian: Guardian | None) -> None:
    """Refuse a child's consent given by the child alone or by a suspected guardian."""
    if guardian is not None and guardian.case_id != case.pk:
        raise ValidationError({"guardian": _("This guardian is not recorded in this case.")})
    rep = (
        Representative(Relation(guardian.relation), guardian.suspected, guardian.appointed_by)
        if guardian is not None
        else None
    )
    reason = check_representative(rep)
    if reason is not None:
        raise ValidationError({"guardian": label(reason)})


@dataclass(frozen=True)
class ChildInterviewInput:
    answers: Mapping[str, Any]
    interviewed_on: dt.date
    version: int | None
    support_person: str
    # Used when the training records hold no passed child-protection course of the actor.
    interviewer_qualification: str = ""
    # A second interview: a supervisor of the lead agency allows it, with a reason.
    repeat_reason: str = ""
    repeat_allowed_by: User | None = None


def _qualification(actor: User, recorded: str) -> str:
    """The interviewer's passed child-protection course from the training records when there
    is one, else the qualification typed in."""
    training = ports.child_protection_training(actor)
    if training is None:
        return recorded.strip()
    certificate = f" · {training.certificate}" if training.certificate else ""
    return f"{training.course} · {training.passed_on.isoformat()}{certificate}"


@transaction.atomic
def child_interview_record(
    *, actor: User, case: Case, data: ChildInterviewInput
) -> ScreeningInterview:
    """The child-safe interview: held once, with a support person, by a qualified interviewer."""
    require_lead(actor, case, "cases.screen")
    fresh(case, data.version)
    errors: dict[str, list[str]] = {}
    if not treated_as_child(case):
        errors["questionnaire_version"] = [
            _("The person is an adult: use the screening interview for adults.")
        ]
    if case.status not in {CaseStatus.INTAKE, CaseStatus.SCREENING}:
        errors["status"] = [_("Screening is done at intake or screening.")]
    if not data.support_person.strip():
        errors["support_person"] = [
            _("A child is interviewed with a support person present: name them and their role.")
        ]
    qualification = _qualification(actor, data.interviewer_qualification)
    if not qualification:
        errors["interviewer_qualification"] = [
            _("Record the interviewer's child-protection training or qualification.")
        ]
    earlier = ScreeningInterview.objects.filter(case=case).exists()
    if earlier:
        approver = data.repeat_allowed_by
        if not data.repeat_reason.strip() or approver is None:
            errors["repeat_reason"] = [
                _(
                    "This child has already been interviewed. A second interview needs a "
                    "supervisor's reason."
                )
            ]
        elif not (approver.has_ctip_perm("cases.approve") and leads(approver, case)):
            errors["repeat_allowed_by"] = [
                _("Only a supervisor of the lead agency may allow a second interview.")
            ]
    if errors:
        raise ValidationError(errors)
    not_in_future(data.interviewed_on, "interviewed_on")
    return interview_store(
        actor,
        case,
        version=data.version,
        questionnaire=load_questionnaire(CHILD_QUESTIONNAIRE),
        answers=data.answers,
        minor_at_recruitment=True,
        interviewed_on=data.interviewed_on,
        audit_data={"repeat": earlier},
        support_person=data.support_person.strip(),
        interviewer_qualification=qualification,
        repeat_reason=data.repeat_reason.strip() if earlier else "",
        repeat_allowed_by=data.repeat_allowed_by if earlier else None,
    )


@dataclass(frozen=True)
class BestInterestsInput:
    family_situation: str
    family_involved: str
    safety_at_home: str
    placement: str
    commune_officer: str
    decided_on: dt.date
    schooling: str = ""
    placement_with: str = ""
    child_views: str = ""


@transaction.atomic
def best_interests_decide(*, actor: User, case: Case, data: BestInterestsInput) -> BestInterests:
    """Assess a child's best interests and decide the placement (a supervisor)."""
    require_lead(actor, case, "cases.approve")
    errors: dict[str, list[str]] = {}
    if not case.child and not treated_as_child(case):
        errors["placement"] = [_("Best-interests decisions are made for children only.")]
    if not data.family_situation.strip():
        errors["family_situation"] = [_("Describe the family situation.")]
    if data.family_involved not in TRI_STATE:
        errors["family_involved"] = [_("Say whether the family took part.")]
    if data.safety_at_home not in SAFETY:
        errors["safety_at_home"] = [_("Say whether the home is safe.")]
    if not data.commune_officer.strip():
        errors["commune_officer"] = [
            _("Name the commune's child-protection officer who took part.")
        ]
    try:
        placement = Placement(data.placement)
    except ValueError:
        errors["placement"] = [_("Choose a placement.")]
    else:
        refused = check_placement(placement, data.family_involved, data.safety_at_home)
        if refused is not None:
            errors["placement"] = [label(refused)]
        if placement is not Placement.FAMILY and not data.placement_with.strip():
            errors["placement_with"] = [_("Say with whom or where the child will live.")]
    if errors:
        raise ValidationError(errors)
    not_in_future(data.decided_on, "decided_on")
    decision = BestInterests.objects.create(
        case=case,
        family_situation=data.family_situation.strip(),
        family_involved=data.family_involved,
        schooling=data.schooling.strip(),
        safety_at_home=data.safety_at_home,
        placement=data.placement,
        placement_with=data.placement_with.strip(),
        child_views=data.child_views.strip(),
        commune_officer=data.commune_officer.strip(),
        decided_by=actor,
        decided_on=data.decided_on,
    )
    audit.record(
        CasesEvent.CASE_BEST_INTERESTS_DECIDED,
        actor=actor,
        target=case,
        fields=["family_situation", "family_involved", "safety_at_home", "placement"],
        data={"decision": decision.pk, "placement": data.placement},
    )
    return decision
