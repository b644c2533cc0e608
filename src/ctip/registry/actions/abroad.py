"""Writes about workers abroad: Boards, registered contracts, workers, orientation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import Agency, User
from ctip.core.scope import get_visible
from ctip.core.values import read_country
from ctip.registry.engine import caps_for
from ctip.registry.events import RegistryEvent
from ctip.registry.models import Contract, Enterprise, LabourBoard, Orientation, Worker

WORKERS = "registry.workers"
MANAGE = "registry.manage"


def _require(actor: User, permission: str) -> None:
    if not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)


def _country(value: str, field: str) -> str:
    try:
        code = read_country(value)
    except ValueError as error:
        raise ValidationError({field: str(error)}) from None
    if not code:
        raise ValidationError({field: _("Choose a country.")})
    return code


def board_for(destination: str) -> LabourBoard | None:
    """The Board that covers ``destination``, if one is registered."""
    for board in LabourBoard.objects.all():
        if destination in board.covers or board.country == destination:
            return board
    return None


@dataclass(frozen=True)
class BoardInput:
    name: str
    country: str
    covers: tuple[str, ...]
    agency_id: int
    email: str = ""
    phone: str = ""


def board_save(*, actor: User, data: BoardInput) -> LabourBoard:
    """Register a Labour Management Board and the destinations it covers."""
    _require(actor, MANAGE)
    with transaction.atomic():
        country = _country(data.country, "country")
        covers = sorted({_country(c, "covers") for c in data.covers} | {country})
        name = " ".join(data.name.split())[:200]
        if not name:
            raise ValidationError({"name": _("Give the Board's name.")})
        agency = Agency.objects.filter(pk=data.agency_id).first()
        if agency is None:
            raise ValidationError({"agency_id": _("Choose the Board's agency.")})
        board = LabourBoard.objects.create(
            name=name,
            country=country,
            covers=covers,
            agency=agency,
            email=data.email[:200],
            phone=data.phone[:40],
        )
        audit.record(RegistryEvent.BOARD_SAVED, actor=actor, target=board)
        return board


@dataclass(frozen=True)
class ContractInput:
    enterprise_id: int
    number: str
    employer: str
    destination: str
    job: str
    starts_on: dt.date
    ends_on: dt.date
    registered_on: dt.date
    service_fee_months: Decimal | None = None
    service_fee_vnd: int | None = None
    brokerage_vnd: int | None = None
    monthly_wage_vnd: int | None = None


def contract_register(*, actor: User, data: ContractInput) -> Contract:
    """Register a contract: the enterprise must be licensed for the destination, and the
    fees within the caps."""
    _require(actor, WORKERS)
    with transaction.atomic():
        errors: dict[str, list[str]] = {}
        enterprise = Enterprise.objects.filter(pk=data.enterprise_id).first()
        destination = _country(data.destination, "destination")
        if enterprise is None:
            raise ValidationError({"enterprise_id": _("No such enterprise in the register.")})
        if enterprise.status != "active":
            errors.setdefault("enterprise_id", []).append(
                _("This enterprise's licence is suspended or revoked.")
            )
        elif destination not in enterprise.markets:
            errors.setdefault("destination", []).append(
                _("The enterprise is not licensed for this destination.")
            )
        if data.ends_on <= data.starts_on:
            errors.setdefault("ends_on", []).append(_("A contract ends after it starts."))
        months = max(1, round((data.ends_on - data.starts_on).days / 30.44))
        service_cap, brokerage_cap = caps_for(destination, months)
        if data.service_fee_months is not None and data.service_fee_months > service_cap.months:
            errors.setdefault("service_fee_months", []).append(
                _("Above the cap of %(months)s months' wages.") % {"months": service_cap.months}
            )
        wage = data.monthly_wage_vnd
        if data.brokerage_vnd and (
            brokerage_cap.forbidden or (wage and data.brokerage_vnd > brokerage_cap.months * wage)
        ):
            errors.setdefault("brokerage_vnd", []).append(
                _("Above the cap of %(months)s months' wages.") % {"months": brokerage_cap.months}
            )
        number = " ".join(data.number.split())[:60]
        if not number:
            errors.setdefault("number", []).append(_("Give the registration number."))
        if errors:
            raise ValidationError(errors)
        contract = Contract.objects.create(
            agency=actor.agency,
            enterprise=enterprise,
            number=number,
            employer=" ".join(data.employer.split())[:300],
            destination=destination,
            job=" ".join(data.job.split())[:100],
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            service_fee_months=data.service_fee_months,
            service_fee_vnd=data.service_fee_vnd,
            brokerage_vnd=data.brokerage_vnd,
            monthly_wage_vnd=wage,
            registered_on=data.registered_on,
        )
        audit.record(RegistryEvent.CONTRACT_REGISTERED, actor=actor, target=contract)
        return contract


@dataclass(frozen=True)
class WorkerInput:
    full_name: str
    destination: str
    contract_id: int | None = None
    birth_date: dt.date | None = None
    identity_number: str = ""
    passport_number: str = ""
    phone: str = ""
    family_contact: str = ""
    departed_on: dt.date | None = None


PERSON_FIELDS = ("full_name", "birth_date", "identity_number", "passport_number", "phone")


def worker_register(*, actor: User, data: WorkerInput) -> Worker:
    """Enter a worker in the registry of workers abroad (identity encrypted)."""
    _require(actor, WORKERS)
    with transaction.atomic():
        name = " ".join(data.full_name.split())[:200]
        if not name:
            raise ValidationError({"full_name": _("A name is required.")})
        destination = _country(data.destination, "destination")
        contract = None
        if data.contract_id is not None:
            contract = get_visible(Contract.objects.all(), actor, WORKERS, pk=data.contract_id)
            if contract.destination != destination:
                raise ValidationError(
                    {"destination": _("The contract is for another destination.")}
                )
        worker = Worker.objects.create(
            agency=actor.agency,
            contract=contract,
            enterprise=contract.enterprise if contract else None,
            board=board_for(destination),
            destination=destination,
            full_name=name,
            birth_date=data.birth_date,
            identity_number=data.identity_number.strip()[:20],
            passport_number=data.passport_number.strip()[:20],
            phone=data.phone.strip()[:40],
            family_contact=data.family_contact.strip()[:500],
            departed_on=data.departed_on,
        )
        audit.record(
            RegistryEvent.WORKER_REGISTERED, actor=actor, target=worker, fields=PERSON_FIELDS
        )
        return worker


def worker_returned(*, actor: User, worker_id: int, returned_on: dt.date) -> Worker:
    _require(actor, WORKERS)
    with transaction.atomic():
        worker = get_visible(
            Worker.objects.select_for_update(of=("self",)), actor, WORKERS, pk=worker_id
        )
        if worker.departed_on and returned_on < worker.departed_on:
            raise ValidationError({"returned_on": _("A worker returns after leaving.")})
        worker.returned_on = returned_on
        worker.save(update_fields=["returned_on"])
        audit.record(
            RegistryEvent.WORKER_RETURNED, actor=actor, target=worker, fields=["returned_on"]
        )
        return worker


@dataclass(frozen=True)
class OrientationInput:
    worker_id: int
    course: str
    completed_on: dt.date
    provider: str = ""
    certificate: str = ""


def orientation_record(*, actor: User, data: OrientationInput) -> Orientation:
    """Record a pre-departure orientation course the worker completed."""
    _require(actor, WORKERS)
    with transaction.atomic():
        worker = get_visible(Worker.objects.all(), actor, WORKERS, pk=data.worker_id)
        course = " ".join(data.course.split())[:200]
        if not course:
            raise ValidationError({"course": _("Name the course.")})
        record = Orientation.objects.create(
            worker=worker,
            course=course,
            provider=" ".join(data.provider.split())[:200],
            completed_on=data.completed_on,
            certificate=data.certificate.strip()[:60],
        )
        audit.record(RegistryEvent.ORIENTATION_RECORDED, actor=actor, target=worker)
        return record
