"""The API of workers abroad, Boards and incidents (mounted under /api/v1/registry/)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from ctip.core import follow, identity
from ctip.core.access import public
from ctip.core.auth import actor_of, needs, signed_in
from ctip.core.pagination import Page
from ctip.core.problems import problem
from ctip.core.schemas import Id
from ctip.core.throttle import rate_limited
from ctip.registry import actions, selectors_abroad
from ctip.registry.engine import FeeError, InvalidValue, licence_key, read_fee
from ctip.registry.models import Enterprise
from ctip.registry.schemas import (
    BoardIn,
    BoardOut,
    CloseIn,
    ContractIn,
    ContractOut,
    IdentityDocumentIn,
    IdentityDocumentOut,
    IncidentCompoundIn,
    IncidentDetailOut,
    IncidentReceivedOut,
    IncidentRowOut,
    OpenCaseIn,
    OrientationIn,
    PublicIncidentIn,
    RegistryFollowIn,
    RegistryIncidentCaseOut,
    RegistryIncidentFollowOut,
    ReturnIn,
    StaffIncidentIn,
    WorkerDetailOut,
    WorkerIn,
)
from ctip.registry.selectors import fee_error_message

router = Router(tags=["registry"])


@router.get("/boards", response=list[BoardOut], auth=needs("registry.view"))
def board_list(request: HttpRequest) -> Any:
    return [asdict(b) for b in selectors_abroad.boards(actor_of(request))]


@router.post("/boards", response={201: BoardOut}, auth=needs("registry.manage"))
def board_create(request: HttpRequest, body: BoardIn) -> Any:
    board = actions.board_save(
        actor=actor_of(request),
        data=actions.BoardInput(
            name=body.name,
            country=body.country,
            covers=tuple(body.covers),
            agency_id=body.agency_id,
            email=body.email,
            phone=body.phone,
        ),
    )
    row = next(b for b in selectors_abroad.boards(actor_of(request)) if b.id == board.pk)
    return Status(201, asdict(row))


@router.post("/contracts", response={201: ContractOut}, auth=needs("registry.workers"))
def contract_create(request: HttpRequest, body: ContractIn) -> Any:
    try:
        enterprise = Enterprise.objects.get(licence_key=licence_key(body.licence_number))
    except (InvalidValue, Enterprise.DoesNotExist):
        raise ValidationError(
            {"licence_number": _("No enterprise with this licence number.")}
        ) from None
    fee = None
    if body.service_fee.strip():
        try:
            fee = read_fee(body.service_fee, "service")
        except FeeError as error:
            raise ValidationError({"service_fee": fee_error_message(error)}) from None
    contract = actions.contract_register(
        actor=actor_of(request),
        data=actions.ContractInput(
            enterprise_id=enterprise.pk,
            number=body.number,
            employer=body.employer,
            destination=body.destination,
            job=body.job,
            starts_on=body.starts_on,
            ends_on=body.ends_on,
            registered_on=body.registered_on,
            service_fee_months=fee.months if fee else None,
            service_fee_vnd=fee.vnd if fee else None,
            brokerage_vnd=body.brokerage.vnd if body.brokerage else None,
            monthly_wage_vnd=body.monthly_wage.vnd if body.monthly_wage else None,
        ),
    )
    return Status(
        201,
        {
            "id": contract.pk,
            "number": contract.number,
            "destination": contract.destination,
            "enterprise": enterprise.licence_number,
        },
    )


@router.post("/workers", response={201: WorkerDetailOut}, auth=needs("registry.workers"))
def worker_create(request: HttpRequest, body: WorkerIn) -> Any:
    actor = actor_of(request)
    worker = actions.worker_register(actor=actor, data=actions.WorkerInput(**body.dict()))
    return Status(201, asdict(selectors_abroad.worker(actor, worker.pk)))


@router.get("/workers/{worker_id}", response=WorkerDetailOut, auth=needs("registry.workers"))
def worker_detail(request: HttpRequest, worker_id: Id) -> Any:
    return asdict(selectors_abroad.worker(actor_of(request), worker_id))


@router.post(
    "/workers/{worker_id}/orientation",
    response={201: WorkerDetailOut},
    auth=needs("registry.workers"),
)
def worker_orientation(request: HttpRequest, worker_id: Id, body: OrientationIn) -> Any:
    actor = actor_of(request)
    actions.orientation_record(
        actor=actor, data=actions.OrientationInput(worker_id=worker_id, **body.dict())
    )
    return Status(201, asdict(selectors_abroad.worker(actor, worker_id)))


@router.post(
    "/workers/{worker_id}/return", response=WorkerDetailOut, auth=needs("registry.workers")
)
def worker_return(request: HttpRequest, worker_id: Id, body: ReturnIn) -> Any:
    actor = actor_of(request)
    actions.worker_returned(actor=actor, worker_id=worker_id, returned_on=body.returned_on)
    return asdict(selectors_abroad.worker(actor, worker_id))


@router.post(
    "/incidents/report",
    response={201: IncidentReceivedOut},
    auth=None,
    summary="Public: a worker abroad or a family reports an incident",
    description=(
        "Rate-limited per client address. Answers with the report's reference and, once,"
        " the secret that follows it (POST /incidents/follow)."
    ),
)
@public
@rate_limited("registry-incident", lambda: settings.CTIP_REGISTRY_INCIDENTS_PER_MINUTE)
def incident_public(request: HttpRequest, body: PublicIncidentIn) -> Any:
    reported = actions.incident_report(
        actor=None, data=actions.IncidentInput(**body.dict() | {"signs": tuple(body.signs)})
    )
    return Status(201, {"reference": reported.incident.reference, "secret": reported.follow_secret})


@router.post(
    "/incidents/follow",
    response=RegistryIncidentFollowOut,
    auth=None,
    summary="Public: the reporter follows an incident with its reference and secret",
    description=(
        "Rate-limited per client address; a reference locks after repeated wrong secrets."
        " Answers with the status in words and its dates only."
    ),
)
@public
@rate_limited("registry-follow", lambda: settings.CTIP_INTEL_FOLLOWS_PER_MINUTE)
def incident_follow(request: HttpRequest, body: RegistryFollowIn) -> Any:
    try:
        return asdict(selectors_abroad.incident_follow(body.reference, body.secret))
    except follow.FollowRefused as exc:
        raise HttpError(404, str(exc)) from exc


@router.post("/incidents", response={201: IncidentDetailOut}, auth=needs("registry.incidents"))
def incident_create(request: HttpRequest, body: StaffIncidentIn) -> Any:
    actor = actor_of(request)
    incident = actions.incident_report(
        actor=actor, data=actions.IncidentInput(**body.dict() | {"signs": tuple(body.signs)})
    ).incident
    return Status(201, asdict(selectors_abroad.incident(actor, incident.pk)))


@router.get("/incidents", response=list[IncidentRowOut], auth=needs("registry.incidents"))
@paginate(Page)
def incident_list(request: HttpRequest, open_only: bool = True) -> Any:
    return [asdict(r) for r in selectors_abroad.incidents(actor_of(request), open_only=open_only)]


@router.get(
    "/incidents/{incident_id}", response=IncidentDetailOut, auth=needs("registry.incidents")
)
def incident_detail(request: HttpRequest, incident_id: Id) -> Any:
    return asdict(selectors_abroad.incident(actor_of(request), incident_id))


@router.post(
    "/incidents/{incident_id}/acknowledge",
    response=IncidentDetailOut,
    auth=needs("registry.incidents"),
)
def incident_acknowledge(request: HttpRequest, incident_id: Id) -> Any:
    actor = actor_of(request)
    actions.incident_acknowledge(actor=actor, incident_id=incident_id)
    return asdict(selectors_abroad.incident(actor, incident_id))


@router.post(
    "/incidents/{incident_id}/close", response=IncidentDetailOut, auth=needs("registry.incidents")
)
def incident_close(request: HttpRequest, incident_id: Id, body: CloseIn) -> Any:
    actor = actor_of(request)
    actions.incident_close(
        actor=actor, incident_id=incident_id, outcome=body.outcome, note=body.note
    )
    return asdict(selectors_abroad.incident(actor, incident_id))


@router.post(
    "/incidents/{incident_id}/compound",
    response=IncidentDetailOut,
    auth=needs("registry.incidents"),
    summary="Name, change or clear the scam compound of the register an incident names",
)
def incident_compound(request: HttpRequest, incident_id: Id, body: IncidentCompoundIn) -> Any:
    actor = actor_of(request)
    actions.incident_set_compound(
        actor=actor, incident_id=incident_id, compound_name=body.compound_name
    )
    return asdict(selectors_abroad.incident(actor, incident_id))


@router.post(
    "/incidents/{incident_id}/case",
    response={201: RegistryIncidentCaseOut},
    auth=needs("cases.intake"),
    summary="Open the protection case of an incident that shows signs of trafficking",
)
def incident_case(request: HttpRequest, incident_id: Id, body: OpenCaseIn) -> Any:
    incident = actions.incident_open_case(
        actor=actor_of(request), incident_id=incident_id, full_name=body.full_name
    )
    return Status(201, {"reference": incident.reference, "case_id": incident.case_id})


@router.post(
    "/identity/read",
    response=IdentityDocumentOut,
    auth=signed_in(),
    summary="Read a citizen card's QR code or a passport's MRZ into a person's fields",
    description=(
        "Nothing is stored. Check digits of an MRZ are verified; the citizen card's data "
        "is checked against its own number. A QR code that is not a citizen card's, or an "
        "MRZ with a wrong check digit, is a 422 saying which."
    ),
)
def identity_read(request: HttpRequest, body: IdentityDocumentIn) -> Any:
    try:
        return asdict(identity.read(body.text))
    except ValueError as error:
        return problem(422, str(error))
