"""Verification requests: a list of persons who say they are Vietnamese, answered per person
before a deadline (30 days unless the agreement sets another)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.compounds import selectors as compound_selectors
from ctip.cooperation import notices, ports
from ctip.cooperation.actions import common
from ctip.cooperation.events import CooperationEvent
from ctip.cooperation.models import (
    Answer,
    Direction,
    RequestStatus,
    VerificationPerson,
    VerificationRequest,
)
from ctip.core import actions as core_actions
from ctip.core import audit
from ctip.core.models import Notification, User

DEFAULT_DAYS = 30
MAX_DAYS = 180
MAX_PERSONS = 2000
REMIND_DAYS_BEFORE = 7


@dataclass(frozen=True)
class PersonInput:
    full_name: str
    sex: str = ""
    birth: str = ""  # a date, a year or an age, as the list gives it
    home_place: str = ""
    document_number: str = ""


@dataclass(frozen=True)
class VerificationInput:
    persons: tuple[PersonInput, ...]
    counterpart_id: int | None = None  # a counterpart's own staff: their agency
    verifying_agency_id: int | None = None
    direction: str = Direction.FROM_ABROAD
    received_on: dt.date | None = None
    days: int = DEFAULT_DAYS
    their_reference: str = ""
    compound_id: int | None = None


@dataclass(frozen=True)
class AnswerInput:
    answer: str
    note: str = ""


def answering_agency_id(request: VerificationRequest) -> int:
    """Who answers: the Vietnamese agency for a list from abroad, the counterpart for ours."""
    if request.direction == Direction.FROM_ABROAD:
        return request.verifying_agency_id
    return request.counterpart_id


def verification_create(*, actor: User, data: VerificationInput) -> VerificationRequest:
    """Record a list received from a counterpart (by its own staff or a Vietnamese agency
    that received it) or sent abroad; every person checked first, nothing written if
    one is refused."""
    common.require(actor, "cooperation.verify")
    errors: dict[str, list[str]] = {}
    today = common.today()
    abroad = common.is_abroad(actor.agency)
    if abroad:
        if data.direction != Direction.FROM_ABROAD:
            raise ValidationError({"direction": _("A counterpart sends lists to Viet Nam.")})
        if data.counterpart_id not in (None, actor.agency_id):
            raise PermissionDenied("cooperation.verify")
        partner = actor.agency
        verifying = common.vietnamese_agency(data.verifying_agency_id, "verifying_agency")
    else:
        partner = (
            common.recipient_abroad(data.counterpart_id)
            if data.direction == Direction.TO_ABROAD
            else common.counterpart(data.counterpart_id)
        )
        verifying = (
            common.vietnamese_agency(data.verifying_agency_id, "verifying_agency")
            if data.verifying_agency_id and data.direction == Direction.FROM_ABROAD
            else actor.agency
        )
    received_on = data.received_on or today
    if received_on > today:
        errors["received_on"] = [_("This date is in the future.")]
    if not 1 <= data.days <= MAX_DAYS:
        errors["days"] = [_("Give between 1 and %d days to answer.") % MAX_DAYS]
    if len(data.their_reference) > 60:
        errors["their_reference"] = [_("Keep the reference under 60 characters.")]
    compound = None
    if data.compound_id:
        compound = (
            compound_selectors.compound_ref(actor, data.compound_id)
            if (actor.has_ctip_perm("compounds.view"))
            else None
        )
        if compound is None:
            errors["compound"] = [_("There is no such compound. Choose one from the register.")]
    if not data.persons:
        errors["persons"] = [_("The list names no person.")]
    elif len(data.persons) > MAX_PERSONS:
        errors["persons"] = [_("A request holds at most %d persons.") % MAX_PERSONS]
    cleaned = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, person in enumerate(data.persons[:MAX_PERSONS], start=1):
        clean, problems = common.clean_person(
            full_name=person.full_name,
            sex=person.sex,
            birth=person.birth,
            home_place=person.home_place,
            document_number=person.document_number,
            today=today,
        )
        for _field, message in problems:
            errors.setdefault("persons", []).append(
                _("Person %(n)d: %(message)s") % {"n": number, "message": message}
            )
        if clean is None:
            continue
        key = (
            common.name_key(clean.full_name),
            str(clean.birth.date or clean.birth.year or ""),
            clean.document_number.upper(),
        )
        if key in seen:
            errors.setdefault("persons", []).append(
                _("Person %(n)d is the same as person %(first)d.")
                % {"n": number, "first": seen[key]}
            )
            continue
        seen[key] = number
        cleaned.append((number, clean))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = VerificationRequest.objects.create(
            number=common.provisional_number(),
            direction=data.direction,
            counterpart=partner,
            verifying_agency=verifying,
            created_agency=actor.agency,
            created_by=actor,
            compound_id=compound.id if compound else None,
            their_reference=data.their_reference.strip(),
            received_on=received_on,
            deadline=received_on + dt.timedelta(days=data.days),
        )
        common.numbered(request, "VR", received_on)
        rows = []
        for number, clean in cleaned:
            row = VerificationPerson(request=request, row=number)
            common.fill(row, clean)
            rows.append(row)
        common.match_all_on_file(actor, rows)
        VerificationPerson.objects.bulk_create(rows)
        audit.record(
            CooperationEvent.VERIFICATION_RECEIVED,
            actor=actor,
            target=request,
            data={"persons": len(rows), "direction": data.direction},
        )
        audit.record(
            CooperationEvent.LIST_MATCHED,
            actor=actor,
            target=request,
            data={"persons": len(rows), "on_file": sum(1 for r in rows if r.match_level)},
        )
        core_actions.notify(
            actor=actor,
            agency=request.counterpart if data.direction == Direction.TO_ABROAD else verifying,
            kind="verification",
            message=notices.VERIFICATION_RECEIVED,
            params={
                "request": request.number,
                "count": len(rows),
                "deadline": request.deadline.isoformat(),
            },
            link=notices.verification_link(request.pk),
            permission="cooperation.verify",
            key=notices.verification_key(request.pk),
        )
    return request


def verification_person_answer(
    *, actor: User, person: VerificationPerson, data: AnswerInput
) -> VerificationPerson:
    """Answer for one person; the request is answered when no person waits."""
    common.require(actor, "cooperation.verify")
    request = person.request
    if actor.agency_id != answering_agency_id(request):
        raise PermissionDenied("cooperation.verify")
    if data.answer not in {Answer.CONFIRMED, Answer.NOT_FOUND, Answer.MORE_INFO}:
        raise ValidationError(
            {"answer": _("Choose confirmed citizen, not found or more information needed.")}
        )
    note = data.note.strip()
    if data.answer == Answer.MORE_INFO and not note:
        raise ValidationError({"note": _("Say what information is needed.")})
    if len(note) > 2000:
        raise ValidationError({"note": _("Keep the note under 2000 characters.")})
    with transaction.atomic():
        locked = VerificationRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.OPEN:
            raise ValidationError(_("This request has been answered already."))
        updated = VerificationPerson.objects.filter(
            pk=person.pk, answer__in=[Answer.PENDING, Answer.MORE_INFO]
        ).update(
            answer=data.answer, answer_note=note, answered_by=actor, answered_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("This person has been answered already."))
        person.refresh_from_db()
        if data.answer == Answer.CONFIRMED:
            person.tracing_matches = common.tracing(
                actor, person, reference=locked.number, kind="verification"
            )
            person.save(update_fields=["tracing_matches"])
        audit.record(
            CooperationEvent.PERSON_ANSWERED,
            actor=actor,
            target=locked,
            fields=["answer", "answer_note"] if note else ["answer"],
            data={"row": person.row, "answer": data.answer},
        )
        if locked.direction == Direction.TO_ABROAD:
            ports.answered_abroad(
                actor=actor,
                answer=ports.AnswerFromAbroad(
                    verification_id=locked.pk,
                    number=locked.number,
                    their_reference=locked.their_reference,
                    answer=data.answer,
                ),
            )
        if not VerificationPerson.objects.filter(request=locked, answer=Answer.PENDING).exists():
            locked.status = RequestStatus.ANSWERED
            locked.answered_at = timezone.now()
            locked.save(update_fields=["status", "answered_at"])
            audit.record(CooperationEvent.VERIFICATION_ANSWERED, actor=actor, target=locked)
            core_actions.notifications_resolve(actor=actor, key=notices.verification_key(locked.pk))
            asker = (
                locked.counterpart
                if locked.direction == Direction.FROM_ABROAD
                else locked.verifying_agency
            )
            core_actions.notify(
                actor=actor,
                agency=asker,
                kind="verification",
                message=notices.VERIFICATION_ANSWERED,
                params={"request": locked.number},
                link=notices.verification_link(locked.pk),
                permission="cooperation.verify",
            )
    return person


def verification_remind(*, today: dt.date | None = None) -> int:
    """Remind the answering agency seven days before the deadline, on it and once overdue
    (once each); run daily (``ctip cooperation remind``). Returns how many were sent."""
    today = today or common.today()
    sent = 0
    open_requests = VerificationRequest.objects.filter(
        status=RequestStatus.OPEN, deadline__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE)
    ).select_related("counterpart", "verifying_agency")
    for request in open_requests:
        overdue = request.deadline < today
        message = notices.VERIFICATION_OVERDUE if overdue else notices.VERIFICATION_REMINDER
        key = notices.verification_key(request.pk)
        agency_id = answering_agency_id(request)
        if Notification.objects.filter(
            key=key,
            message=message,
            agency_id=agency_id,
            resolved_at__isnull=True,
            created_at__date__gte=today - dt.timedelta(days=REMIND_DAYS_BEFORE),
        ).exists():
            continue
        with transaction.atomic():
            agency = (
                request.verifying_agency
                if agency_id == request.verifying_agency_id
                else request.counterpart
            )
            core_actions.notify(
                actor=None,
                agency=agency,
                kind="verification",
                message=message,
                params={"request": request.number, "deadline": request.deadline.isoformat()},
                link=notices.verification_link(request.pk),
                permission="cooperation.verify",
                key=key,
            )
        sent += 1
    return sent
