"""API operations of a child's case, on the cases router: /api/v1/cases/{id}/child/..."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Schema, Status

from ctip.cases import actions, selectors
from ctip.cases.actions import children
from ctip.cases.api import _conflict, router
from ctip.cases.engine.children import AgeBasis, Placement, Relation
from ctip.cases.models import Guardian
from ctip.cases.selectors.children import child_file
from ctip.core.auth import actor_of, needs
from ctip.core.models import Agency, User
from ctip.core.schemas import Count, Id, Line, Name, SmallCount, Word


class GuardianOut(Schema):
    id: int
    full_name: str
    relation: str
    relation_label: str
    suspected: bool
    appointed_by: str
    may_act: bool


class StepOut(Schema):
    code: str
    label: str
    done: bool


class ChildOut(Schema):
    band: str
    band_label: str
    is_child: bool
    age_basis_label: str
    determined: bool
    determination: str
    guardians: list[GuardianOut]
    placement_label: str
    placement_with: str
    best_interests_on: dt.date | None
    commune_officer: str
    steps: list[StepOut]


class AgeDeterminationIn(Schema):
    child: bool
    age: SmallCount | None = None
    basis: AgeBasis
    note: str = Field("", max_length=2000)
    determined_on: dt.date


class GuardianIn(Schema):
    full_name: Name
    relation: Relation
    phone: str = Field("", max_length=40)
    suspected: bool = False
    suspicion: str = Field("", max_length=2000)
    appointed_by: Line = ""


class SuspicionIn(Schema):
    suspicion: str = Field(max_length=2000)


class ChildConsentIn(Schema):
    processing: bool
    later_contact: bool = False
    share_agencies: list[Id] = Field(default_factory=list, max_length=100)
    given_on: dt.date
    # The parent, guardian or appointed representative giving it; none means the child alone
    # (refused).
    guardian: Id | None = None
    child_views: str = Field("", max_length=4000)


class ChildInterviewIn(Schema):
    version: Count | None = None
    answers: dict[Word, Word | list[Word]] = Field(max_length=200)
    interviewed_on: dt.date
    support_person: Line
    interviewer_qualification: Line = Field(
        "",
        description="Required when the training records hold no passed child-protection "
        "course of the interviewer.",
    )
    repeat_reason: str = Field("", max_length=2000)
    repeat_allowed_by: Id | None = None


class BestInterestsIn(Schema):
    family_situation: str = Field(max_length=4000)
    family_involved: Literal["yes", "no", "unknown"]
    schooling: str = Field("", max_length=2000)
    safety_at_home: Literal["safe", "unsafe", "unknown"]
    placement: Placement
    placement_with: Line = ""
    child_views: str = Field("", max_length=4000)
    commune_officer: Name
    decided_on: dt.date


def _child(request: HttpRequest, case_id: int, permission: str = "cases.view_case") -> ChildOut:
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission=permission)
    return ChildOut.model_validate(child_file(case), from_attributes=True)


@router.get("/{int:case_id}/child", response=ChildOut, auth=needs("cases.view_case"))
def child_detail(request: HttpRequest, case_id: Id):
    """The age band (under 16, under 18, presumed a child), guardians, placement and the
    steps of Decree 56/2017/NĐ-CP."""
    return _child(request, case_id)


@router.post("/{int:case_id}/child/age", response={201: ChildOut}, auth=needs("cases.change_case"))
def child_age(request: HttpRequest, case_id: Id, payload: AgeDeterminationIn):
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    children.age_determine(
        actor=actor,
        case=case,
        data=children.AgeDeterminationInput(
            child=payload.child,
            age=payload.age,
            basis=payload.basis.value,
            note=payload.note,
            determined_on=payload.determined_on,
        ),
    )
    return Status(201, _child(request, case_id))


@router.post(
    "/{int:case_id}/child/guardians", response={201: GuardianOut}, auth=needs("cases.change_case")
)
def child_guardian(request: HttpRequest, case_id: Id, payload: GuardianIn):
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    guardian = children.guardian_add(
        actor=actor,
        case=case,
        data=children.GuardianInput(**{**payload.model_dump(), "relation": payload.relation.value}),
    )
    row = next(g for g in child_file(case).guardians if g.id == guardian.pk)
    return Status(201, GuardianOut.model_validate(row, from_attributes=True))


@router.post(
    "/{int:case_id}/child/guardians/{int:guardian_id}/suspicion",
    response={201: ChildOut},
    auth=needs("cases.change_case"),
)
def child_guardian_suspect(
    request: HttpRequest, case_id: Id, guardian_id: Id, payload: SuspicionIn
):
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    guardian = Guardian.objects.filter(case=case, pk=guardian_id).first()
    if guardian is None:
        raise ValidationError({"guardian_id": "This guardian is not recorded in this case."})
    children.guardian_suspect(actor=actor, guardian=guardian, suspicion=payload.suspicion)
    return Status(201, _child(request, case_id))


@router.post(
    "/{int:case_id}/child/consents", response={201: ChildOut}, auth=needs("cases.change_case")
)
def child_consent(request: HttpRequest, case_id: Id, payload: ChildConsentIn):
    """Consent for a child, given by a parent, guardian or appointed representative who is
    not suspected, with the child's own views beside it."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    agencies = list(Agency.objects.filter(pk__in=payload.share_agencies, is_active=True))
    if len(agencies) != len(set(payload.share_agencies)):
        raise ValidationError({"share_agencies": "Unknown agency."})
    guardian = None
    if payload.guardian is not None:
        guardian = Guardian.objects.filter(case=case, pk=payload.guardian).first()
        if guardian is None:
            raise ValidationError({"guardian": "This guardian is not recorded in this case."})
    actions.consent_record(
        actor=actor,
        case=case,
        data=actions.ConsentInput(
            processing=payload.processing,
            later_contact=payload.later_contact,
            share_agencies=agencies,
            given_on=payload.given_on,
            guardian=guardian,
            child_views=payload.child_views,
        ),
    )
    return Status(201, _child(request, case_id))


@router.post(
    "/{int:case_id}/child/interviews", response={201: ChildOut}, auth=needs("cases.screen")
)
def child_interview(request: HttpRequest, case_id: Id, payload: ChildInterviewIn):
    """The child-safe interview (questionnaire ``child-2025.1``)."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission="cases.screen")
    approver = None
    if payload.repeat_allowed_by is not None:
        approver = User.objects.filter(pk=payload.repeat_allowed_by, is_active=True).first()
        if approver is None:
            raise ValidationError({"repeat_allowed_by": "Unknown supervisor."})
    _conflict(
        lambda: children.child_interview_record(
            actor=actor,
            case=case,
            data=children.ChildInterviewInput(
                answers=payload.answers,
                interviewed_on=payload.interviewed_on,
                version=payload.version,
                support_person=payload.support_person,
                interviewer_qualification=payload.interviewer_qualification,
                repeat_reason=payload.repeat_reason,
                repeat_allowed_by=approver,
            ),
        )
    )
    return Status(201, _child(request, case_id, permission="cases.screen"))


@router.post(
    "/{int:case_id}/child/best-interests", response={201: ChildOut}, auth=needs("cases.approve")
)
def child_best_interests(request: HttpRequest, case_id: Id, payload: BestInterestsIn):
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    children.best_interests_decide(
        actor=actor,
        case=case,
        data=children.BestInterestsInput(
            **{**payload.model_dump(), "placement": payload.placement.value}
        ),
    )
    return Status(201, _child(request, case_id))
