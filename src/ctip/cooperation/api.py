"""API of cross-border cooperation: /api/v1/cooperation/... (one operation per action)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.files import UploadedFile

from ctip.cooperation import actions, gates, selectors
from ctip.cooperation.jobs import MANIFEST
from ctip.cooperation.schemas import (
    AnswerIn,
    ArrivalOut,
    CooperationAssistanceAnswerIn,
    CooperationAssistanceIn,
    CooperationJointOut,
    CooperationJointRowOut,
    CooperationScreeningIn,
    CooperationScreeningOut,
    GateOut,
    HandoverIn,
    HandoverOut,
    HandoverRowOut,
    NeedDoneIn,
    NeedIn,
    NeedOut,
    ReceptionIn,
    VerificationIn,
    VerificationOut,
    VerificationRowOut,
    many,
)
from ctip.core import jobs
from ctip.core.auth import actor_of, needs
from ctip.core.schemas import CoreJobStartedOut, Id

router = Router(tags=["cooperation"])
MAX_MANIFEST_BYTES = 5 * 1024 * 1024


def _d(obj: Any) -> Any:
    return dataclasses.asdict(obj)


@router.get(
    "/gates",
    response=list[GateOut],
    auth=needs("cooperation.handover"),
    summary="Places of handovers",
)
def gate_list(request: HttpRequest) -> list[Any]:
    return [_d(g) for g in gates.all_gates().values()]


@router.get(
    "/verifications",
    response=many(VerificationRowOut),
    auth=needs("cooperation.verify"),
    summary="Verification requests exchanged with the caller's agency",
)
def verification_list(request: HttpRequest) -> list[Any]:
    return [_d(r) for r in selectors.verification_list(actor_of(request))]


@router.post(
    "/verifications",
    response={201: VerificationOut},
    auth=needs("cooperation.verify"),
    summary="Send a list of persons to verify",
)
def verification_create(request: HttpRequest, payload: VerificationIn) -> Status:
    actor = actor_of(request)
    found = actions.verification_create(
        actor=actor,
        data=actions.VerificationInput(
            persons=tuple(actions.PersonInput(**p.dict()) for p in payload.persons),
            counterpart_id=payload.counterpart,
            verifying_agency_id=payload.verifying_agency,
            direction=payload.direction.value,
            received_on=payload.received_on,
            days=payload.days,
            their_reference=payload.their_reference,
            compound_id=payload.compound,
        ),
    )
    return Status(201, _d(selectors.verification_page(actor, found.pk)))


@router.get(
    "/verifications/{verification_id}",
    response=VerificationOut,
    auth=needs("cooperation.verify"),
    summary="A verification request and its answers",
)
def verification_detail(request: HttpRequest, verification_id: Id) -> Any:
    return _d(selectors.verification_page(actor_of(request), verification_id))


@router.post(
    "/verification-persons/{verification_person_id}/answer",
    response=VerificationOut,
    auth=needs("cooperation.verify"),
    summary="Answer for one person: confirmed citizen, not found, more information needed",
)
def verification_answer(request: HttpRequest, verification_person_id: Id, payload: AnswerIn) -> Any:
    actor = actor_of(request)
    person = selectors.verification_person(actor, verification_person_id)
    actions.verification_person_answer(
        actor=actor,
        person=person,
        data=actions.AnswerInput(answer=payload.answer.value, note=payload.note),
    )
    return _d(selectors.verification_page(actor, person.request_id))


@router.post(
    "/verification-persons/{verification_person_id}/photo",
    response={201: VerificationOut},
    auth=needs("cooperation.verify"),
    summary="Send the photo of a person to verify (JPEG, PNG or WebP, one per person)",
)
def verification_photo(
    request: HttpRequest, verification_person_id: Id, file: File[UploadedFile]
) -> Status:
    actor = actor_of(request)
    person = selectors.verification_person(actor, verification_person_id)
    if (file.size or 0) > MAX_MANIFEST_BYTES:
        raise ValidationError({"file": _("The file is larger than 5 MB.")})
    actions.photo_add(actor=actor, person=person, content=file.read())
    return Status(201, _d(selectors.verification_page(actor, person.request_id)))


@router.get(
    "/handovers",
    response=many(HandoverRowOut),
    auth=needs("cooperation.handover"),
    summary="Handover operations of the caller's agency",
)
def handover_list(request: HttpRequest) -> list[Any]:
    return [_d(r) for r in selectors.handover_list(actor_of(request))]


@router.post(
    "/handovers",
    response={201: HandoverOut},
    auth=needs("cooperation.handover"),
    summary="Plan a handover at a gate or an airport",
)
def handover_plan(request: HttpRequest, payload: HandoverIn) -> Status:
    actor = actor_of(request)
    found = actions.handover_plan(
        actor=actor,
        data=actions.HandoverInput(
            on=payload.on,
            gate=payload.gate,
            counterpart_id=payload.counterpart,
            receiving_agency_ids=tuple(payload.receiving_agencies),
            transit_countries=tuple(payload.transit_countries),
            compound_id=payload.compound,
        ),
    )
    return Status(201, _d(selectors.handover_page(actor, found.pk)))


@router.get(
    "/handovers/{operation_id}",
    response=HandoverOut,
    auth=needs("cooperation.handover"),
    summary="A handover and its persons",
)
def handover_detail(request: HttpRequest, operation_id: Id) -> Any:
    return _d(selectors.handover_page(actor_of(request), operation_id))


@router.post(
    "/handovers/{operation_id}/manifest",
    response={202: CoreJobStartedOut},
    auth=needs("cooperation.handover"),
    summary="Import the manifest (CSV or XLSX) in the background; per-row report on the job",
)
def handover_manifest(request: HttpRequest, operation_id: Id, file: File[UploadedFile]) -> Status:
    actor = actor_of(request)
    operation = selectors.handover_operation(actor, operation_id)
    if (file.size or 0) > MAX_MANIFEST_BYTES:
        raise ValidationError({"file": _("The file is larger than 5 MB.")})
    content = file.read()
    actions.manifest_check(
        actor=actor, operation=operation, file_name=file.name or "", content=content
    )
    job = jobs.start(
        actor=actor,
        kind=MANIFEST,
        params={"handover": operation.pk},
        upload=content,
        upload_name=(file.name or "manifest.csv")[:200],
    )
    return Status(202, jobs.started(job))


@router.post(
    "/handovers/{operation_id}/close",
    response=HandoverOut,
    auth=needs("cooperation.handover"),
    summary="Close a handover (once)",
)
def handover_close(request: HttpRequest, operation_id: Id) -> Any:
    actor = actor_of(request)
    operation = selectors.handover_operation(actor, operation_id)
    actions.handover_close(actor=actor, operation=operation)
    return _d(selectors.handover_page(actor, operation_id))


@router.post(
    "/handover-persons/{handover_person_id}/reception",
    response=ArrivalOut,
    auth=needs("cooperation.handover"),
    summary="Receive one person at the gate (a case is opened for an arrival)",
)
def person_reception(request: HttpRequest, handover_person_id: Id, payload: ReceptionIn) -> Any:
    actor = actor_of(request)
    person = selectors.handover_person(actor, handover_person_id)
    actions.person_receive(
        actor=actor,
        person=person,
        data=actions.ReceptionInput(
            arrival=payload.arrival.value,
            identity_checked=payload.identity_checked,
            outcome=payload.outcome.value if payload.outcome else "",
        ),
    )
    return _d(selectors.reception_view(actor, handover_person_id)[1])


@router.post(
    "/handover-persons/{handover_person_id}/screening",
    response=CooperationScreeningOut,
    auth=needs("cooperation.handover"),
    summary="Move the screening interview of a received person's case, with the reason",
)
def screening_reschedule(
    request: HttpRequest, handover_person_id: Id, payload: CooperationScreeningIn
) -> Any:
    actor = actor_of(request)
    person = selectors.handover_person(actor, handover_person_id)
    change = actions.screening_reschedule(
        actor=actor,
        person=person,
        data=actions.ScreeningChangeInput(on=payload.on, reason=payload.reason),
    )
    return {"old_on": change.old_on, "new_on": change.new_on}


@router.post(
    "/handover-persons/{handover_person_id}/needs",
    response={201: NeedOut},
    auth=needs("cooperation.handover"),
    summary="Record a repatriation need of a person",
)
def need_record(request: HttpRequest, handover_person_id: Id, payload: NeedIn) -> Status:
    actor = actor_of(request)
    person = selectors.handover_person(actor, handover_person_id)
    need = actions.need_record(
        actor=actor,
        person=person,
        data=actions.NeedInput(
            kind=payload.kind.value, agency_id=payload.agency, note=payload.note
        ),
    )
    return Status(
        201,
        {
            "id": need.pk,
            "kind": need.kind,
            "kind_label": str(need.get_kind_display()),
            "agency": need.agency.name,
            "note": need.note,
            "done_on": need.done_on,
        },
    )


@router.post(
    "/needs/{need_id}/done",
    response=NeedOut,
    auth=needs("cooperation.handover"),
    summary="Mark a repatriation need as met (once)",
)
def need_done(request: HttpRequest, need_id: Id, payload: NeedDoneIn) -> Any:
    actor = actor_of(request)
    need = actions.need_done(actor=actor, need=selectors.need(actor, need_id), on=payload.on)
    return {
        "id": need.pk,
        "kind": need.kind,
        "kind_label": str(need.get_kind_display()),
        "agency": need.agency.name,
        "note": need.note,
        "done_on": need.done_on,
    }


@router.get(
    "/joint-investigations",
    response=many(CooperationJointRowOut),
    auth=needs("cooperation.joint"),
    summary="Criminal cases shared between the caller's agency and a counterpart abroad",
)
def joint_list(request: HttpRequest) -> Any:
    return selectors.joint_list(actor_of(request))


@router.get(
    "/joint-investigations/{joint_id}",
    response=CooperationJointOut,
    auth=needs("cooperation.joint"),
    summary="A joint investigation: what was shared, requests for legal assistance, transfers",
)
def joint_detail(request: HttpRequest, joint_id: Id) -> Any:
    return selectors.joint_page(actor_of(request), joint_id)


@router.post(
    "/joint-investigations/{joint_id}/requests",
    response={201: CooperationJointOut},
    auth=needs("cooperation.joint"),
    summary="Send a request for legal assistance to the other side",
)
def assistance_send(request: HttpRequest, joint_id: Id, payload: CooperationAssistanceIn) -> Status:
    actor = actor_of(request)
    actions.assistance_send(
        actor=actor,
        data=actions.AssistanceInput(joint_id=joint_id, subject=payload.subject, days=payload.days),
    )
    return Status(201, selectors.joint_page(actor, joint_id))


@router.post(
    "/assistance-requests/{assistance_request_id}/answer",
    response=CooperationJointOut,
    auth=needs("cooperation.joint"),
    summary="Answer a request for legal assistance",
)
def assistance_answer(
    request: HttpRequest, assistance_request_id: Id, payload: CooperationAssistanceAnswerIn
) -> Any:
    actor = actor_of(request)
    found = actions.assistance_answer(
        actor=actor,
        data=actions.AssistanceAnswerInput(request_id=assistance_request_id, answer=payload.answer),
    )
    return selectors.joint_page(actor, found.joint_id)
