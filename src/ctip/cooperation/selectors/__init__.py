"""Reads of cooperation, one per screen, as frozen dataclasses that pages and API share.

A partner abroad reads what was exchanged with them (the persons as sent, the answers and
notes); never whether someone is on file, the cases opened, or the outcomes at the gate.
Reads of persons are audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import selectors as case_selectors
from ctip.cases.engine.children import AGE_BAND_LABELS, CHILD_BANDS, age_band, facts_from_birth
from ctip.compounds import selectors as compound_selectors
from ctip.compounds.ports import LinkedItem, LinkGroup, register_links
from ctip.cooperation import gates
from ctip.cooperation.actions import common
from ctip.cooperation.actions.handover import receives
from ctip.cooperation.actions.photos import asking_agencies
from ctip.cooperation.actions.verification import answering_agency_id
from ctip.cooperation.models import (
    Arrival,
    HandoverOperation,
    HandoverPerson,
    PersonPhoto,
    RepatriationNeed,
    RequestStatus,
    ScreeningChange,
    VerificationPerson,
    VerificationRequest,
)
from ctip.cooperation.selectors.joint import (
    AssistanceView as AssistanceView,
)
from ctip.cooperation.selectors.joint import (
    JointPage as JointPage,
)
from ctip.cooperation.selectors.joint import (
    JointRow as JointRow,
)
from ctip.cooperation.selectors.joint import (
    TransferView as TransferView,
)
from ctip.cooperation.selectors.joint import (
    assistance_request as assistance_request,
)
from ctip.cooperation.selectors.joint import (
    joint_list as joint_list,
)
from ctip.cooperation.selectors.joint import (
    joint_page as joint_page,
)
from ctip.cooperation.selectors.joint import (
    joints_of_case as joints_of_case,
)
from ctip.core import audit
from ctip.core.models import User
from ctip.core.scope import get_visible, visible
from ctip.core.values import country_name


@dataclass(frozen=True)
class VerificationRow:
    id: int
    number: str
    direction: str
    counterpart: str
    verifying_agency: str
    received_on: dt.date
    deadline: dt.date
    days_left: int
    status: str
    status_label: str
    persons: int
    answered: int


@dataclass(frozen=True)
class PersonView:
    id: int
    row: int
    full_name: str
    sex: str
    birth: str  # the date, or the year
    child: str  # "Presumed a child ..." in words when possibly under 18, else ""
    home_place: str
    home_province: str
    document_number: str
    answer: str
    answer_label: str
    answer_note: str
    # Only for Vietnamese staff; "" for a partner.
    on_file: str
    tracing_matches: int | None
    has_photo: bool = False


@dataclass(frozen=True)
class VerificationPage:
    request: VerificationRow
    their_reference: str
    compound: str
    compound_id: int | None
    may_answer: bool
    may_add_photos: bool
    partner_view: bool
    persons: tuple[PersonView, ...]


def _days_left(deadline: dt.date) -> int:
    return (deadline - common.today()).days


def _verification_row(
    r: VerificationRequest, counts: dict[int, tuple[int, int]]
) -> VerificationRow:
    total, answered = counts.get(r.pk, (0, 0))
    return VerificationRow(
        id=r.pk,
        number=r.number,
        direction=r.direction,
        counterpart=f"{r.counterpart.name} ({country_name(r.counterpart.country)})",
        verifying_agency=r.verifying_agency.name,
        received_on=r.received_on,
        deadline=r.deadline,
        days_left=_days_left(r.deadline),
        status=r.status,
        status_label=str(r.get_status_display()),
        persons=total,
        answered=answered,
    )


def _counts(ids: list[int]) -> dict[int, tuple[int, int]]:
    counts: dict[int, tuple[int, int]] = {}
    for request_id, answer in VerificationPerson.objects.filter(request_id__in=ids).values_list(
        "request_id", "answer"
    ):
        total, answered = counts.get(request_id, (0, 0))
        counts[request_id] = (total + 1, answered + (answer != "pending"))
    return counts


def verification_list(actor: User, *, open_only: bool = False) -> list[VerificationRow]:
    rows = visible(VerificationRequest.objects.all(), actor, "cooperation.verify").select_related(
        "counterpart", "verifying_agency"
    )
    if open_only:
        rows = rows.filter(status=RequestStatus.OPEN)
    found = list(rows.order_by("deadline", "pk")[:500])
    counts = _counts([r.pk for r in found])
    return [_verification_row(r, counts) for r in found]


def _birth(row: VerificationPerson | HandoverPerson) -> str:
    return row.birth_date or (str(row.birth_year) if row.birth_year else "")


def _child(row: VerificationPerson | HandoverPerson, on: dt.date) -> str:
    """In words, when the list makes the person possibly under 18 on ``on``; else ""."""
    band = age_band(facts_from_birth(common.birth_date_of(row), row.birth_year, on), on)
    if band not in CHILD_BANDS:
        return ""
    # The cases engine's words are message ids of the one merged catalogue.
    return _(AGE_BAND_LABELS[band].msgid)


def verification_page(actor: User, request_id: int) -> VerificationPage:
    r = get_visible(
        VerificationRequest.objects.select_related("counterpart", "verifying_agency"),
        actor,
        "cooperation.verify",
        pk=request_id,
    )
    partner = common.is_abroad(actor.agency)
    persons = list(VerificationPerson.objects.filter(request=r).select_related("home_province"))
    with_photo = set(
        PersonPhoto.objects.filter(person__request=r).values_list("person_id", flat=True)
    )
    audit.record_read(actor, r, fields=["persons"])
    compound = (
        compound_selectors.compound_names([r.compound_id]).get(r.compound_id, "")
        if r.compound_id
        else ""
    )
    return VerificationPage(
        request=_verification_row(r, _counts([r.pk])),
        their_reference=r.their_reference,
        compound=compound,
        compound_id=r.compound_id,
        may_answer=actor.agency_id == answering_agency_id(r) and r.status == RequestStatus.OPEN,
        may_add_photos=r.status == RequestStatus.OPEN and actor.agency_id in asking_agencies(r),
        partner_view=partner,
        persons=tuple(
            PersonView(
                id=p.pk,
                row=p.row,
                full_name=p.full_name,
                sex=str(p.get_sex_display()),
                birth=_birth(p),
                child=_child(p, r.received_on),
                home_place=p.home_place,
                home_province=p.home_province.name if p.home_province else "",
                document_number=p.document_number,
                answer=p.answer,
                answer_label=str(p.get_answer_display()),
                answer_note=p.answer_note,
                on_file="" if partner else str(p.get_match_level_display()),
                tracing_matches=None if partner else p.tracing_matches,
                has_photo=p.pk in with_photo,
            )
            for p in persons
        ),
    )


def person_photo(actor: User, person_id: int) -> tuple[bytes, str]:
    """The photo of a person to verify (404 when none), its read audited."""
    from django.http import Http404

    from ctip.cooperation.actions.photos import photo_content

    person = verification_person(actor, person_id)
    photo = PersonPhoto.objects.filter(person=person).first()
    if photo is None:
        raise Http404
    audit.record_read(actor, person.request, fields=["photo"])
    return photo_content(photo), photo.content_type


def verification_person(actor: User, person_id: int) -> VerificationPerson:
    return get_visible(
        VerificationPerson.objects.select_related("request"),
        actor,
        "cooperation.verify",
        pk=person_id,
    )


# Handovers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverRow:
    id: int
    number: str
    on: dt.date
    gate: str
    gate_name: str
    counterpart: str
    status: str
    status_label: str
    persons: int
    arrived: int


@dataclass(frozen=True)
class NeedView:
    id: int
    kind: str
    kind_label: str
    agency: str
    note: str
    done_on: dt.date | None


@dataclass(frozen=True)
class ArrivalView:
    id: int
    row: int
    full_name: str
    sex: str
    birth: str
    child: str
    home_place: str
    home_province: str
    document_number: str
    remark: str
    arrival: str
    arrival_label: str
    identity_checked: bool | None
    outcome_label: str
    case_id: int | None
    on_file: str
    needs: tuple[NeedView, ...]


@dataclass(frozen=True)
class HandoverPage:
    handover: HandoverRow
    transit_countries: tuple[str, ...]
    receiving_agencies: tuple[str, ...]
    lead_agency: str
    compound: str
    compound_id: int | None
    may_receive: bool
    may_close: bool
    may_import: bool
    partner_view: bool
    persons: tuple[ArrivalView, ...]


def _handover_row(o: HandoverOperation, counts: dict[int, tuple[int, int]]) -> HandoverRow:
    place = gates.gate(o.gate)
    total, arrived = counts.get(o.pk, (0, 0))
    return HandoverRow(
        id=o.pk,
        number=o.number,
        on=o.on,
        gate=o.gate,
        gate_name=place.name if place else o.gate,
        counterpart=f"{o.counterpart.name} ({country_name(o.counterpart.country)})",
        status=o.status,
        status_label=str(o.get_status_display()),
        persons=total,
        arrived=arrived,
    )


def _handover_counts(ids: list[int]) -> dict[int, tuple[int, int]]:
    counts: dict[int, tuple[int, int]] = {}
    for op_id, arrival in HandoverPerson.objects.filter(operation_id__in=ids).values_list(
        "operation_id", "arrival"
    ):
        total, arrived = counts.get(op_id, (0, 0))
        counts[op_id] = (total + 1, arrived + (arrival == Arrival.ARRIVED))
    return counts


def handover_list(actor: User) -> list[HandoverRow]:
    found = list(
        visible(HandoverOperation.objects.all(), actor, "cooperation.handover")
        .select_related("counterpart")
        .order_by("-on", "-pk")[:500]
    )
    counts = _handover_counts([o.pk for o in found])
    return [_handover_row(o, counts) for o in found]


def handover_operation(actor: User, handover_id: int) -> HandoverOperation:
    return get_visible(
        HandoverOperation.objects.select_related("counterpart", "lead_agency"),
        actor,
        "cooperation.handover",
        pk=handover_id,
    )


def _arrival(p: HandoverPerson, partner: bool, needs: list[RepatriationNeed]) -> ArrivalView:
    return ArrivalView(
        id=p.pk,
        row=p.row,
        full_name=p.full_name,
        sex=str(p.get_sex_display()),
        birth=_birth(p),
        child=_child(p, p.operation.on),
        home_place=p.home_place,
        home_province=p.home_province.name if p.home_province else "",
        document_number=p.document_number,
        remark=p.remark,
        arrival=p.arrival,
        arrival_label=str(p.get_arrival_display()),
        identity_checked=None if partner else p.identity_checked,
        outcome_label="" if partner else str(p.get_outcome_display()),
        case_id=None if partner else p.case_id,
        on_file="" if partner else str(p.get_match_level_display()),
        needs=()
        if partner
        else tuple(
            NeedView(n.pk, n.kind, str(n.get_kind_display()), n.agency.name, n.note, n.done_on)
            for n in needs
        ),
    )


def handover_page(actor: User, handover_id: int) -> HandoverPage:
    o = handover_operation(actor, handover_id)
    partner = common.is_abroad(actor.agency)
    persons = list(
        HandoverPerson.objects.filter(operation=o).select_related("home_province", "operation")
    )
    needs: dict[int, list[RepatriationNeed]] = {}
    if not partner:
        for n in RepatriationNeed.objects.filter(person__operation=o).select_related("agency"):
            needs.setdefault(n.person_id, []).append(n)
    audit.record_read(actor, o, fields=["persons"])
    return HandoverPage(
        handover=_handover_row(o, _handover_counts([o.pk])),
        transit_countries=tuple(country_name(c) for c in o.transit_countries),
        receiving_agencies=tuple(a.name for a in o.receiving_agencies.all()),
        lead_agency=o.lead_agency.name,
        compound=compound_selectors.compound_names([o.compound_id]).get(o.compound_id, "")
        if o.compound_id
        else "",
        compound_id=o.compound_id,
        may_receive=o.status == "planned" and receives(actor, o),
        may_close=o.status == "planned"
        and actor.agency_id == o.lead_agency_id
        and actor.has_ctip_perm("cooperation.handover"),
        may_import=o.status == "planned"
        and actor.agency_id in {o.lead_agency_id, o.counterpart_id},
        partner_view=partner,
        persons=tuple(_arrival(p, partner, needs.get(p.pk, [])) for p in persons),
    )


def handover_person(actor: User, person_id: int) -> HandoverPerson:
    return get_visible(
        HandoverPerson.objects.select_related("operation", "home_province"),
        actor,
        "cooperation.handover",
        pk=person_id,
    )


def reception_view(actor: User, person_id: int) -> tuple[HandoverPerson, ArrivalView]:
    """One person at the gate, for the phone-sized reception page (audited)."""
    p = handover_person(actor, person_id)
    audit.record_read(actor, p.operation, fields=["persons"])
    needs = list(RepatriationNeed.objects.filter(person=p).select_related("agency"))
    return p, _arrival(p, common.is_abroad(actor.agency), needs)


@dataclass(frozen=True)
class ScreeningMove:
    old_on: dt.date
    new_on: dt.date
    reason: str
    changed_on: dt.date


@dataclass(frozen=True)
class ScreeningSchedule:
    """The screening interview of a received person's case: its day (None once held, or
    when the reader does not see the case) and each move, with its reason."""

    on: dt.date | None
    moves: tuple[ScreeningMove, ...]
    may_move: bool


def screening_schedule(actor: User, person: HandoverPerson) -> ScreeningSchedule | None:
    """For the Vietnamese side only; None when no case was opened."""
    if not person.case_id or common.is_abroad(actor.agency):
        return None
    found = None
    if actor.has_ctip_perm("cases.view_case"):
        try:
            found = case_selectors.case(actor, person.case_id)
        except Http404:
            found = None
    on = found.screening_on if found is not None and found.status == "intake" else None
    moves = tuple(
        ScreeningMove(c.old_on, c.new_on, c.reason, timezone.localtime(c.changed_at).date())
        for c in visible(ScreeningChange.objects.all(), actor, "cooperation.handover").filter(
            person=person
        )
    )
    may_move = (
        on is not None and actor.has_ctip_perm("cases.screen") and receives(actor, person.operation)
    )
    return ScreeningSchedule(on, moves, may_move)


def need(actor: User, need_id: int) -> RepatriationNeed:
    return get_visible(
        RepatriationNeed.objects.select_related("person__operation", "agency"),
        actor,
        "cooperation.handover",
        pk=need_id,
    )


# What the compound register's page shows of cooperation ------------------------------------


class _CompoundLinks:
    def linked(self, actor: User, compound_id: int) -> LinkGroup | None:
        from django.urls import reverse

        items: list[LinkedItem] = []
        if actor.has_ctip_perm("cooperation.verify"):
            for pk, number in (
                visible(VerificationRequest.objects.all(), actor, "cooperation.verify")
                .filter(compound_id=compound_id)
                .values_list("pk", "number")[:50]
            ):
                items.append(LinkedItem(number, reverse("cooperation:verification", args=[pk])))
        if actor.has_ctip_perm("cooperation.handover"):
            for pk, number in (
                visible(HandoverOperation.objects.all(), actor, "cooperation.handover")
                .filter(compound_id=compound_id)
                .values_list("pk", "number")[:50]
            ):
                items.append(LinkedItem(number, reverse("cooperation:handover", args=[pk])))
        if not items:
            return None
        return LinkGroup(_("Verifications and handovers"), len(items), tuple(items))


def register_compound_links() -> None:
    register_links("cooperation", _CompoundLinks())


@dataclass(frozen=True)
class RecipientAbroad:
    """Who a request sent abroad may go to, in one country."""

    id: int
    name: str
    mission: bool  # a Vietnamese embassy or consulate, else the counterpart police


def recipients_abroad(country: str) -> tuple[RecipientAbroad, ...]:
    """The counterparts of ``country`` and the Vietnamese embassies and consulates there."""
    return tuple(
        RecipientAbroad(a.pk, a.name, common.is_mission_abroad(a))
        for a in common.recipients_abroad().filter(country=country).order_by("type", "name_en")
    )
