"""Handover operations: planned at a gate or an airport, received person by person, closed
once. Each person received becomes a case intake and their home province is told."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import actions as case_actions
from ctip.cases.engine.children import AgeBasis, facts_from_birth
from ctip.compounds import selectors as compound_selectors
from ctip.cooperation import gates, notices
from ctip.cooperation.actions import common
from ctip.cooperation.events import CooperationEvent
from ctip.cooperation.models import (
    Arrival,
    HandoverOperation,
    HandoverPerson,
    HandoverStatus,
    Outcome,
    ScreeningChange,
)
from ctip.core import actions as core_actions
from ctip.core import audit
from ctip.core.models import Agency, AgencyType, User
from ctip.core.values import read_country

MAX_RECEIVING = 20


@dataclass(frozen=True)
class HandoverInput:
    on: dt.date
    gate: str
    counterpart_id: int
    receiving_agency_ids: tuple[int, ...] = ()
    transit_countries: tuple[str, ...] = ()
    compound_id: int | None = None


@dataclass(frozen=True)
class ReceptionInput:
    arrival: str  # "arrived" or "absent"
    identity_checked: bool = False
    outcome: str = ""


def handover_plan(*, actor: User, data: HandoverInput) -> HandoverOperation:
    common.require(actor, "cooperation.handover")
    if common.is_abroad(actor.agency):
        raise PermissionDenied("cooperation.handover")
    errors: dict[str, list[str]] = {}
    place = gates.gate(data.gate)
    if place is None:
        errors["gate"] = [_("Choose a border gate or an airport from the list.")]
    transit: list[str] = []
    for text in data.transit_countries:
        try:
            code = read_country(text)
        except ValueError as error:
            errors.setdefault("transit_countries", []).append(str(error))
            continue
        if code and code not in transit:
            transit.append(code)
    if transit and place is not None and not place.is_airport:
        errors["transit_countries"] = [_("Transit countries apply to an evacuation by air.")]
    if data.on < common.today() - dt.timedelta(days=365):
        errors["on"] = [_("A handover is planned at most a year back.")]
    try:
        partner = common.counterpart(data.counterpart_id)
    except ValidationError as error:
        errors.update(error.message_dict)
        partner = None
    receivers: list[Agency] = []
    for pk in dict.fromkeys(data.receiving_agency_ids):
        try:
            receivers.append(common.vietnamese_agency(pk, "receiving_agencies"))
        except ValidationError as error:
            errors.setdefault("receiving_agencies", []).extend(error.messages)
    if len(receivers) > MAX_RECEIVING:
        errors["receiving_agencies"] = [_("At most %d receiving agencies.") % MAX_RECEIVING]
    compound = None
    if data.compound_id:
        if actor.has_ctip_perm("compounds.view"):
            compound = compound_selectors.compound_ref(actor, data.compound_id)
        if compound is None:
            errors["compound"] = [_("There is no such compound. Choose one from the register.")]
    if errors:
        raise ValidationError(errors)
    if place is None or partner is None:  # both reported above
        raise ValidationError(errors)
    with transaction.atomic():
        operation = HandoverOperation.objects.create(
            number=common.provisional_number(),
            on=data.on,
            gate=place.code,
            transit_countries=transit,
            counterpart=partner,
            lead_agency=actor.agency,
            compound_id=compound.id if compound else None,
            created_by=actor,
        )
        common.numbered(operation, "HO", data.on)
        operation.receiving_agencies.set(receivers)
        audit.record(
            CooperationEvent.HANDOVER_PLANNED,
            actor=actor,
            target=operation,
            data={"gate": place.code, "receiving": [a.pk for a in receivers]},
        )
        for agency in [partner, *receivers]:
            if agency.pk == actor.agency_id:
                continue
            core_actions.notify(
                actor=actor,
                agency=agency,
                kind="handover",
                message=notices.HANDOVER_PLANNED,
                params={
                    "handover": operation.number,
                    "gate": place.name_en if agency.foreign else place.name_vi,
                    "date": data.on.isoformat(),
                },
                link=notices.handover_link(operation.pk),
                permission="cooperation.handover",
            )
    return operation


def receives(actor: User, operation: HandoverOperation) -> bool:
    """Staff of the leading or a receiving agency, exactly, receive persons at the gate."""
    if not actor.has_ctip_perm("cooperation.handover") or common.is_abroad(actor.agency):
        return False
    if actor.agency_id == operation.lead_agency_id:
        return True
    return operation.receiving_agencies.filter(pk=actor.agency_id).exists()


def _province_agencies(operation: HandoverOperation, province_id: int) -> list[Agency]:
    """Who in the home province hears of the return: the operation's receiving agencies
    there, else the province's police and social protection."""
    named = list(operation.receiving_agencies.filter(province_id=province_id, is_active=True))
    if named:
        return named
    return list(
        Agency.objects.filter(
            province_id=province_id,
            is_active=True,
            type__in=[AgencyType.POLICE, AgencyType.SOCIAL_PROTECTION],
        ).order_by("pk")
    )


def person_receive(*, actor: User, person: HandoverPerson, data: ReceptionInput) -> HandoverPerson:
    """Record one person at the gate. Arrived with an outcome: a case is opened for them
    (``cases.actions.case_open``), their province told, tracing requests matched."""
    common.require(actor, "cooperation.handover")
    operation = person.operation
    if not receives(actor, operation):
        raise PermissionDenied("cooperation.handover")
    if data.arrival not in {Arrival.ARRIVED, Arrival.ABSENT}:
        raise ValidationError({"arrival": _("Say whether the person arrived.")})
    outcome = data.outcome if data.arrival == Arrival.ARRIVED else ""
    if data.arrival == Arrival.ARRIVED:
        if outcome not in {o.value for o in Outcome if o.value}:
            raise ValidationError({"outcome": _("Choose where the person goes next.")})
        if not data.identity_checked:
            raise ValidationError(
                {"identity_checked": _("Check the person's identity before receiving them.")}
            )
        common.require(actor, "cases.intake")
    with transaction.atomic():
        locked = HandoverOperation.objects.select_for_update().get(pk=operation.pk)
        if locked.status != HandoverStatus.PLANNED:
            raise ValidationError(_("This handover is closed."))
        updated = HandoverPerson.objects.filter(pk=person.pk, arrival=Arrival.EXPECTED).update(
            arrival=data.arrival,
            identity_checked=data.identity_checked,
            outcome=outcome,
            received_by=actor,
            received_at=timezone.now(),
        )
        if not updated:
            raise ValidationError(_("This person has been recorded already."))
        person.refresh_from_db()
        case_reference = ""
        if data.arrival == Arrival.ARRIVED:
            case_reference = _open_case(actor, locked, person)
        audit.record(
            CooperationEvent.PERSON_RECEIVED,
            actor=actor,
            target=locked,
            fields=["arrival", "identity_checked", "outcome"],
            data={"row": person.row, "arrival": data.arrival, "case": person.case_id},
        )
        if person.home_province_id and case_reference:
            place = gates.gate(locked.gate)
            for agency in _province_agencies(locked, person.home_province_id):
                core_actions.notify(
                    actor=actor,
                    agency=agency,
                    kind="handover",
                    message=notices.CITIZEN_RECEIVED,
                    params={
                        "province": person.home_province.name if person.home_province else "",
                        "gate": place.name_vi if place else locked.gate,
                        "handover": locked.number,
                        "case": case_reference,
                    },
                    link=notices.handover_link(locked.pk),
                    permission="cases.view_case",
                )
    return person


# A person received at the gate is interviewed the next day by the receiving agency.
SCREENING_AFTER = dt.timedelta(days=1)


def _open_case(actor: User, operation: HandoverOperation, person: HandoverPerson) -> str:
    intake_date = min(operation.on, common.today())
    # A year alone gives two possible ages: a 17 or 18 year old is presumed a child.
    age = facts_from_birth(common.birth_date_of(person), person.birth_year, intake_date)
    # The case refers to the register's record of the compound; its name is written on the
    # case only when the receiving officer's register holds no record of it.
    linked = (
        compound_selectors.compound_ref(actor, operation.compound_id)
        if actor.has_ctip_perm("compounds.view")
        else None
    )
    compound = (
        compound_selectors.compound_names([operation.compound_id]).get(operation.compound_id, "")
        if operation.compound_id and linked is None
        else ""
    )
    result = case_actions.case_open(
        actor=actor,
        data=case_actions.CaseOpenInput(
            full_name=person.full_name,
            intake_channel="handover",
            intake_date=intake_date,
            idempotency_key=f"cooperation-person-{person.pk}",
            identity_kind="passport",
            identity_number=person.document_number,
            birth_date=age.birth_date,
            age_min=age.age_min,
            age_max=age.age_max,
            # What the counterpart's list gives, read from the person's papers.
            age_basis=AgeBasis.DOCUMENT if age.birth_date or age.age_max is not None else "",
            sex=person.sex,
            home_province=person.home_province,
            home_commune=person.home_place,
            exploitation_country=operation.counterpart.country,
            compound=compound,
            compound_id=linked.id if linked else None,
            exit_mode="handover",
            # The screening interview is scheduled, not left waiting among cases to screen.
            screening_on=max(operation.on, common.today()) + SCREENING_AFTER,
        ),
    )
    person.case_id = result.case.pk
    person.tracing_matches = common.tracing(
        actor, person, reference=operation.number, kind="handover"
    )
    person.save(update_fields=["case_id", "tracing_matches"])
    return result.case.reference


@dataclass(frozen=True)
class ScreeningChangeInput:
    on: dt.date
    reason: str


def screening_reschedule(
    *, actor: User, person: HandoverPerson, data: ScreeningChangeInput
) -> ScreeningChange:
    """Move the screening interview of a received person's case to another day, with the
    reason: the receiving agency, which leads the case, before the interview is held."""
    common.require(actor, "cooperation.handover")
    operation = person.operation
    if common.is_abroad(actor.agency) or not receives(actor, operation):
        raise PermissionDenied("cooperation.handover")
    if not person.case_id:
        raise ValidationError(_("No case was opened for this person."))
    reason = data.reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the interview moves.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1000 characters.")})
    with transaction.atomic():
        before = case_actions.screening_reschedule(
            actor=actor, data=case_actions.ScreeningDateInput(case_id=person.case_id, on=data.on)
        )
        change = ScreeningChange.objects.create(
            person=person,
            old_on=before,
            new_on=data.on,
            reason=reason,
            changed_by=actor,
        )
        audit.record(
            CooperationEvent.SCREENING_RESCHEDULED,
            actor=actor,
            target=operation,
            fields=["screening_on", "reason"],
            data={"row": person.row, "case": person.case_id, "to": data.on.isoformat()},
        )
    return change


def handover_close(*, actor: User, operation: HandoverOperation) -> HandoverOperation:
    """Close once: persons still expected are recorded as not arrived."""
    common.require(actor, "cooperation.handover")
    if actor.agency_id != operation.lead_agency_id:
        raise PermissionDenied("cooperation.handover")
    with transaction.atomic():
        closed = HandoverOperation.objects.filter(
            pk=operation.pk, status=HandoverStatus.PLANNED
        ).update(status=HandoverStatus.CLOSED, closed_by=actor, closed_at=timezone.now())
        if not closed:
            raise ValidationError(_("This handover is closed already."))
        absent = HandoverPerson.objects.filter(
            operation=operation, arrival=Arrival.EXPECTED
        ).update(arrival=Arrival.ABSENT)
        audit.record(
            CooperationEvent.HANDOVER_CLOSED,
            actor=actor,
            target=operation,
            data={"not_arrived": absent},
        )
    operation.refresh_from_db()
    return operation
