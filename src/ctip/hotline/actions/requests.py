"""Recording a tracing or rescue request, routing it to the competent police, and
moving it through its statuses (each change queues a notice to the family)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctip.core import actions as core_actions
from ctip.core import audit, follow, notifications
from ctip.core.models import Agency, AgencyType, Province, User
from ctip.hotline import matching
from ctip.hotline.actions.child import possibly_child
from ctip.hotline.actions.common import raise_if, require, require_visible
from ctip.hotline.actions.compound import chosen_compound, compound_from_place
from ctip.hotline.actions.family import queue_notice
from ctip.hotline.engine.urgency import urgency_at
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import (
    Call,
    DepartureMode,
    RecruiterContact,
    RequestStatus,
    TracingRequest,
)
from ctip.intel import actions as intel_actions

NEW_REQUEST = "hotline.request_assigned"
notifications.register(
    NEW_REQUEST, gettext_lazy("Tracing request %(request)s was assigned to your agency.")
)
MAX_TEXT = 4000
# Statuses a request may move to from each status (closing is always possible).
NEXT: dict[str, tuple[str, ...]] = {
    RequestStatus.RECEIVED: (
        RequestStatus.VERIFYING,
        RequestStatus.LOCATED,
        RequestStatus.NOT_FOUND,
        RequestStatus.MORE_INFO,
    ),
    RequestStatus.VERIFYING: (
        RequestStatus.LOCATED,
        RequestStatus.RECEIVED,
        RequestStatus.NOT_FOUND,
        RequestStatus.MORE_INFO,
    ),
    RequestStatus.NOT_FOUND: (RequestStatus.VERIFYING, RequestStatus.LOCATED),
    RequestStatus.MORE_INFO: (RequestStatus.VERIFYING, RequestStatus.LOCATED),
    RequestStatus.LOCATED: (RequestStatus.RESCUED, RequestStatus.RETURNED),
    RequestStatus.RESCUED: (RequestStatus.RETURNED,),
    RequestStatus.RETURNED: (),
    RequestStatus.CLOSED: (),
}


@dataclass(frozen=True)
class ContactInput:
    kind: str
    value: str
    bank: str = ""
    platform: str = ""


@dataclass(frozen=True)
class RequestInput:
    full_name: str
    departure_mode: str
    other_names: tuple[str, ...] = ()
    birth_date: dt.date | None = None
    birth_year: int | None = None
    sex: str = ""
    phone: str = ""
    home_province: Province | None = None
    left_on: dt.date | None = None
    last_contact_on: dt.date | None = None
    last_contact: str = ""
    country: str = ""
    place: str = ""
    compound_id: int | None = None  # in the register; found from ``place`` when unset
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    violence: bool = False
    minor: bool = False
    medical: bool = False
    family_name: str = ""
    family_relation: str = ""
    family_phone: str = ""
    narrative: str = ""
    contacts: tuple[ContactInput, ...] = field(default=())
    call: Call | None = None


@dataclass(frozen=True)
class RecordedRequest:
    request: TracingRequest
    secret: str  # shown once to the family, never stored in clear
    rejected_contacts: tuple[str, ...] = ()
    # Open requests that may seek the same person (another relative called before).
    similar: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatusInput:
    status: str
    note: str = ""


def competent_police(province: Province | None) -> Agency:
    """The police of the province (its shallowest active police agency), else the
    national intake agency."""
    if province is not None:
        police = (
            Agency.objects.filter(province=province, type=AgencyType.POLICE, is_active=True)
            .annotate(depth=Length("path"))
            .order_by("depth", "pk")
            .first()
        )
        if police is not None:
            return police
    return intel_actions.intake_agency()


def urgency_of(row: TracingRequest) -> int:
    """The urgency stored at a write (the queue recomputes it when read)."""
    return urgency_at(row, timezone.now())


def _check(data: RequestInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not " ".join(data.full_name.split()):
        errors["full_name"] = [
            _("Give the name of the person sought, as the family says it (a nickname will do).")
        ]
    if data.departure_mode not in DepartureMode.values:
        errors["departure_mode"] = [_("Choose how they left, or 'not known'.")]
    today = timezone.localdate()
    if data.birth_year is not None and not (1900 <= data.birth_year <= today.year):
        errors["birth_year"] = [_("Give a year between 1900 and this year.")]
    if data.birth_date is not None and data.birth_date > today:
        errors["birth_date"] = [_("A date of birth cannot be in the future.")]
    for name in ("left_on", "last_contact_on"):
        value = getattr(data, name)
        if value is not None and value > today:
            errors[name] = [_("This date is in the future.")]
    if data.left_on and data.last_contact_on and data.last_contact_on < data.left_on:
        errors["last_contact_on"] = [_("The last contact is before they left.")]
    if (data.latitude is None) != (data.longitude is None):
        errors["longitude"] = [_("Give both the latitude and the longitude, or neither.")]
    if data.latitude is not None and not (-90 <= data.latitude <= 90):
        errors["latitude"] = [_("A latitude is between -90 and 90.")]
    if data.longitude is not None and not (-180 <= data.longitude <= 180):
        errors["longitude"] = [_("A longitude is between -180 and 180.")]
    if data.sex not in ("", "female", "male", "other"):
        errors["sex"] = [_("Unknown value.")]
    for name in ("last_contact", "place", "narrative"):
        if len(getattr(data, name)) > MAX_TEXT:
            errors[name] = [_("Keep it under %(n)d characters.") % {"n": MAX_TEXT}]
    for name in ("full_name", "family_name", "family_relation", "family_phone", "phone"):
        if len(getattr(data, name)) > 200:
            errors[name] = [_("Keep it under %(n)d characters.") % {"n": 200}]
    return errors


def contacts_to_intel(
    actor: User, row: TracingRequest, contacts: Sequence[ContactInput]
) -> tuple[str, ...]:
    """The recruiters' contacts become intel indicators through one staff report of
    deceptive recruitment; the refusals in words (kept with the request as typed)."""
    if not contacts:
        return ()
    filed = intel_actions.report_file(
        actor=actor,
        data=intel_actions.ReportInput(
            type="recruitment",
            indicators=[
                intel_actions.IndicatorInput(c.kind, c.value, c.bank, c.platform) for c in contacts
            ],
            province=row.home_province,
            external_id=f"hotline-{row.follow_code}-recruiters-{RecruiterContact.objects.filter(request=row).count()}",
        ),
    )
    RecruiterContact.objects.bulk_create(
        RecruiterContact(request=row, kind=c.kind, value=c.value.strip(), report_id=filed.report.pk)
        for c in contacts
    )
    return tuple(f"{r.value}: {r.message}" for r in filed.rejected)


def request_record(*, actor: User, data: RequestInput) -> RecordedRequest:
    """Record a request, assign it to the competent police, tell them; the family's
    reference and secret are returned once."""
    require(actor, "hotline.trace")
    if data.call is not None:
        require_visible(actor, data.call, "hotline.take_calls")
    with transaction.atomic():
        errors = _check(data)
        compound_id = chosen_compound(actor, data.compound_id, "", errors)
        if compound_id is None and not errors:
            compound_id = compound_from_place(actor, data.place)
        raise_if(errors)
        reference, secret, secret_hash = follow.credentials("TR")
        police = competent_police(data.home_province or (data.call.province if data.call else None))
        row = TracingRequest(
            follow_code=reference,
            follow_secret_hash=secret_hash,
            agency=actor.agency,
            recorded_by=actor,
            police=police,
            full_name=" ".join(data.full_name.split()),
            other_names=[" ".join(n.split()) for n in data.other_names if n.strip()],
            birth_date=data.birth_date,
            birth_year=data.birth_year or (data.birth_date.year if data.birth_date else None),
            sex=data.sex,
            phone=data.phone.strip(),
            home_province=data.home_province,
            departure_mode=data.departure_mode,
            left_on=data.left_on,
            last_contact_on=data.last_contact_on,
            last_contact=data.last_contact.strip(),
            country=data.country,
            place=data.place.strip(),
            compound_id=compound_id,
            latitude=data.latitude,
            longitude=data.longitude,
            violence=data.violence,
            minor=data.minor or possibly_child(data.birth_date, data.birth_year),
            medical=data.medical,
            family_name=data.family_name.strip(),
            family_relation=data.family_relation.strip(),
            family_phone=data.family_phone.strip(),
            narrative=data.narrative.strip(),
        )
        row.urgency = urgency_of(row)
        row.save()
        matching.store_keys(row)
        similar = tuple(
            m.reference
            for m in matching.requests_matching_person(
                matching.PersonSought(
                    full_name=row.full_name,
                    birth_year=row.birth_year,
                    other_names=tuple(row.other_names),
                    sex=row.sex,
                )
            )
            # Likely and possible alike: the operator sees only references, and a second
            # request for a common name with the same birth year is worth a look.
            if m.request_id != row.pk
        )
        rejected = contacts_to_intel(actor, row, data.contacts)
        if data.call is not None:
            Call.objects.filter(pk=data.call.pk).update(request=row)
        filled = [
            f
            for f in ("phone", "last_contact", "place", "family_name", "family_phone", "narrative")
            if getattr(row, f)
        ]
        audit.record(
            HotlineEvent.REQUEST_RECORDED,
            actor=actor,
            target=row,
            fields=["full_name", *filled],
            data={
                "police": police.pk,
                "urgency": row.urgency,
                "contacts": len(data.contacts),
                "call": data.call.pk if data.call else None,
            },
        )
        core_actions.notify(
            actor=actor,
            agency=police,
            kind="tracing",
            message=NEW_REQUEST,
            params={"request": row.follow_code},
            link=reverse("hotline:request", args=[row.pk]),
            permission="hotline.handle_requests",
        )
        queue_notice(row, RequestStatus.RECEIVED)
    return RecordedRequest(row, secret, rejected, similar)


def request_status(*, actor: User, request: TracingRequest, data: StatusInput) -> TracingRequest:
    """Move a request to its next status; the family is told through the outbox."""
    with transaction.atomic():
        require_visible(actor, request, "hotline.handle_requests")
        current = TracingRequest.objects.select_for_update().get(pk=request.pk)
        allowed = (*NEXT[current.status], RequestStatus.CLOSED)
        errors: dict[str, list[str]] = {}
        if current.status == RequestStatus.CLOSED:
            errors["status"] = [_("This request is closed.")]
        elif data.status not in allowed:
            errors["status"] = [
                _("A request that is %(now)s cannot become %(next)s.")
                % {
                    "now": current.get_status_display().lower(),
                    "next": str(RequestStatus(data.status).label).lower()
                    if data.status in RequestStatus.values
                    else "?",
                }
            ]
        if len(data.note) > MAX_TEXT:
            errors["note"] = [_("Keep it under %(n)d characters.") % {"n": MAX_TEXT}]
        raise_if(errors)
        now = timezone.now()
        previous = current.status
        current.status = data.status
        current.status_changed_at = now
        if data.status == RequestStatus.LOCATED and current.located_at is None:
            current.located_at = now
        if data.status == RequestStatus.RETURNED and current.returned_at is None:
            current.returned_at = now
        if data.note.strip():
            stamp = timezone.localtime(now).strftime("%Y-%m-%d %H:%M")
            current.notes = f"{current.notes}\n[{stamp}] {data.note.strip()}".strip()
        current.save()
        audit.record(
            HotlineEvent.REQUEST_STATUS_CHANGED,
            actor=actor,
            target=current,
            fields=["status", *(["notes"] if data.note.strip() else [])],
            data={"from": previous, "to": data.status},
        )
        queue_notice(current, RequestStatus(data.status))
    return current
