"""Scoped reads of the hotline. A screen's data is a frozen dataclass the page and the
API both show; opening a request (a person's record) is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ctip.cases.engine.duplicates import MATCH_LEVEL_LABELS
from ctip.compounds.ports import LinkedItem, LinkGroup, register_links
from ctip.compounds.selectors import CompoundRef
from ctip.core import audit
from ctip.core.labels import label_of
from ctip.core.models import User
from ctip.core.scope import get_visible, visible
from ctip.core.values import country_name, format_money
from ctip.hotline import custody
from ctip.hotline.engine.urgency import urgency_at
from ctip.hotline.models import (
    Call,
    EvidenceCustody,
    FamilyNotice,
    RansomDemand,
    RequestStatus,
    TracingEvidence,
    TracingMatch,
    TracingRequest,
)

OPEN = (
    RequestStatus.RECEIVED,
    RequestStatus.VERIFYING,
    RequestStatus.NOT_FOUND,
    RequestStatus.MORE_INFO,
    RequestStatus.LOCATED,
    RequestStatus.RESCUED,
)
REQUEST_FIELDS = ("full_name", "other_names", "birth_date", "phone", "family_name", "family_phone")


@dataclass(frozen=True)
class CallView:
    id: int
    reference: str
    taken_at: dt.datetime
    channel: str
    caller_type: str
    language: str
    province: str
    topic: str
    counselling: tuple[str, ...]
    outcome: str
    callback_at: dt.datetime | None
    called_back_at: dt.datetime | None
    anonymous: bool
    caller_name: str
    caller_phone: str
    summary: str
    case_id: int | None
    report_id: int | None
    request_id: int | None
    request_reference: str


def _call_view(row: Call) -> CallView:
    return CallView(
        id=row.pk,
        reference=row.reference,
        taken_at=row.taken_at,
        channel=row.get_channel_display(),
        caller_type=row.get_caller_type_display(),
        language=row.get_language_display(),
        province=row.province.name if row.province else "",
        topic=row.get_topic_display(),
        counselling=tuple(row.counselling),
        outcome=row.get_outcome_display(),
        callback_at=row.callback_at,
        called_back_at=row.called_back_at,
        anonymous=row.anonymous,
        caller_name=row.caller_name,
        caller_phone=row.caller_phone,
        summary=row.summary,
        case_id=row.case_id,
        report_id=row.report_id,
        request_id=row.request_id,
        request_reference=row.request.follow_code if row.request else "",
    )


def calls(actor: User) -> QuerySet[Call]:
    return visible(Call.objects.select_related("province", "request"), actor, "hotline.take_calls")


def call_row(actor: User, call_id: int) -> Call:
    return get_visible(
        Call.objects.select_related("province", "request"), actor, "hotline.take_calls", pk=call_id
    )


def call(actor: User, call_id: int) -> CallView:
    row = call_row(actor, call_id)
    if row.caller_name or row.caller_phone or row.summary:
        audit.record_read(actor, row, fields=["caller_name", "caller_phone", "summary"])
    return _call_view(row)


def callbacks_due(actor: User) -> QuerySet[Call]:
    return (
        calls(actor)
        .filter(callback_at__isnull=False, called_back_at__isnull=True, taken_by=actor)
        .order_by("callback_at")
    )


def recent_calls(actor: User, limit: int = 20) -> list[CallView]:
    """The operator's last calls: kinds and times only (no caller in the list)."""
    return [_call_view_without_person(row) for row in calls(actor).filter(taken_by=actor)[:limit]]


def _call_view_without_person(row: Call) -> CallView:
    view = _call_view(row)
    return CallView(**{**view.__dict__, "caller_name": "", "caller_phone": "", "summary": ""})


def requests(actor: User, *, status: str = "") -> QuerySet[TracingRequest]:
    rows = visible(
        TracingRequest.objects.select_related("police", "agency"), actor, "hotline.trace"
    )
    if status in RequestStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("-urgency", "recorded_at", "pk")


def open_requests(actor: User) -> QuerySet[TracingRequest]:
    return requests(actor).filter(status__in=OPEN)


@dataclass(frozen=True)
class QueueRow:
    id: int
    reference: str
    status: str
    urgency: int
    flags: tuple[str, ...]
    recorded_at: dt.datetime
    police: str
    country: str


@dataclass(frozen=True)
class Queue:
    counts: dict[str, int]
    rows: tuple[QueueRow, ...]


QUEUE_SHOWN = 200
QUEUE_FIELDS = (
    "follow_code",
    "status",
    "violence",
    "minor",
    "medical",
    "ransom_deadline",
    "recorded_at",
    "country",
    "police",
)


def queue(actor: User, *, status: str = "", now: dt.datetime | None = None) -> Queue:
    """Requests ordered by their urgency at ``now`` (computed here, so that a ransom
    deadline coming within three days raises a request without any write), then by age,
    without names (the list is not a record)."""
    from django.db.models import Count
    from django.utils.translation import gettext as _

    now = now or timezone.now()
    rows = requests(actor)
    counts = {s.value: 0 for s in RequestStatus}
    for counted in rows.order_by().values("status").annotate(n=Count("pk")):
        counts[counted["status"]] = counted["n"]
    shown = (
        rows.filter(status=status)
        if status in RequestStatus.values
        else rows.filter(status__in=OPEN)
    )
    # The open requests of a scope are hundreds, not millions: they are ranked here by
    # the engine's own score rather than by a copy of it in SQL.
    ranked = sorted(
        (
            (urgency_at(row, now), row)
            for row in shown.select_related(None).only(*QUEUE_FIELDS).select_related("police")
        ),
        key=lambda pair: (-pair[0], pair[1].recorded_at, pair[1].pk),
    )
    out = []
    for urgency, row in ranked[:QUEUE_SHOWN]:
        flags = []
        if row.violence:
            flags.append(_("violence"))
        if row.minor:
            flags.append(_("a minor"))
        if row.ransom_deadline:
            flags.append(_("ransom deadline"))
        if row.medical:
            flags.append(_("medical need"))
        out.append(
            QueueRow(
                id=row.pk,
                reference=row.follow_code,
                status=row.get_status_display(),
                urgency=urgency,
                flags=tuple(flags),
                recorded_at=row.recorded_at,
                police=row.police.name,
                country=country_name(row.country) if row.country else "",
            )
        )
    return Queue(counts, tuple(out))


@dataclass(frozen=True)
class RansomView:
    id: int
    amount: str
    deadline: dt.datetime | None
    account_kind: str
    account: str
    bank: str
    report_id: int | None
    freeze_request_ids: tuple[int, ...]


@dataclass(frozen=True)
class CustodyView:
    seq: int
    step: str
    by: str
    agency: str
    to_agency: str
    at: dt.datetime
    note: str


@dataclass(frozen=True)
class EvidenceView:
    id: int
    reference: str
    filename: str
    media_type: str
    size: int
    sha256: str
    added_at: dt.datetime
    custody: tuple[CustodyView, ...]
    custody_intact: bool  # the chain walks unbroken from its first link
    custody_problem: str


@dataclass(frozen=True)
class MatchView:
    id: int
    case_id: int | None
    level: str
    weight: float
    state: str
    state_code: str


@dataclass(frozen=True)
class NoticeView:
    status_told: str
    state: str
    queued_at: dt.datetime
    sent_at: dt.datetime | None
    attempts: int
    last_error: str


@dataclass(frozen=True)
class RequestView:
    id: int
    reference: str
    status: str
    status_code: str
    urgency: int
    recorded_at: dt.datetime
    police: str
    police_id: int
    full_name: str
    other_names: tuple[str, ...]
    birth_year: int | None
    birth_date: dt.date | None
    sex: str
    phone: str
    home_province: str
    departure_mode: str
    left_on: dt.date | None
    last_contact_on: dt.date | None
    last_contact: str
    country: str
    country_code: str
    place: str
    compound_id: int | None  # in the register
    compound_name: str  # empty when the compound is outside the reader's scope
    compound_page: bool  # the reader may open the register's page (``compounds.view``)
    latitude: float | None
    longitude: float | None
    violence: bool
    minor: bool
    medical: bool
    ransom_deadline: dt.datetime | None
    family_name: str
    family_relation: str
    family_phone: str
    narrative: str
    notes: str
    case_id: int | None
    verification_id: int | None  # the outgoing verification request it was passed abroad as
    located_at: dt.datetime | None
    returned_at: dt.datetime | None
    contacts: tuple[tuple[str, str], ...]
    ransoms: tuple[RansomView, ...]
    evidence: tuple[EvidenceView, ...]
    matches: tuple[MatchView, ...]
    notices: tuple[NoticeView, ...]


def request_row(actor: User, request_id: int, permission: str = "hotline.trace") -> TracingRequest:
    return get_visible(
        TracingRequest.objects.select_related("police", "agency", "home_province"),
        actor,
        permission,
        pk=request_id,
    )


def compound_choices(actor: User, q: str) -> list[CompoundRef]:
    """The hotline's compound chooser: number, name and country of the compounds of the
    register (in the reader's scope) that a name or alias names."""
    from ctip.compounds import selectors as compound_selectors

    return compound_selectors.compound_choices(actor, q[:200], permission="hotline.trace")


def _compound_name(actor: User, compound_id: int | None) -> str:
    from ctip.compounds import selectors as compound_selectors

    if not compound_id:
        return ""
    found = compound_selectors.compound_ref(actor, compound_id, permission="hotline.trace")
    return found.name if found else ""


def _evidence_view(item: TracingEvidence) -> EvidenceView:
    report = custody.check(item)
    links = tuple(
        CustodyView(
            e.seq,
            e.get_action_display(),
            e.actor_label,
            e.agency.name,
            e.to_agency.name if e.to_agency else "",
            e.at,
            e.note,
        )
        for e in EvidenceCustody.objects.filter(evidence=item).select_related("agency", "to_agency")
    )
    return EvidenceView(
        item.pk,
        item.reference,
        item.filename,
        item.media_type,
        item.size,
        item.sha256,
        item.added_at,
        links,
        report.ok and report.checked > 0,
        report.problem or "",
    )


def evidence(actor: User, evidence_id: int) -> EvidenceView:
    """One evidence file's description and chain of custody (not its content)."""
    return _evidence_view(
        get_visible(TracingEvidence.objects.all(), actor, "hotline.trace", pk=evidence_id)
    )


def request(actor: User, request_id: int) -> RequestView:
    row = request_row(actor, request_id)
    audit.record_read(actor, row, fields=REQUEST_FIELDS)
    ransoms = tuple(
        RansomView(
            id=r.pk,
            amount=format_money(r.amount_vnd, r.amount_currency, r.amount_original)
            if r.amount_vnd is not None
            else "",
            deadline=r.deadline,
            account_kind=r.account_kind,
            account=r.account,
            bank=r.bank,
            report_id=r.report_id,
            freeze_request_ids=tuple(r.freeze_request_ids or ()),
        )
        for r in RansomDemand.objects.filter(request=row)
    )
    evidence = tuple(_evidence_view(e) for e in TracingEvidence.objects.filter(request=row))
    matches = tuple(
        MatchView(
            m.pk,
            m.case_id,
            label_of(MATCH_LEVEL_LABELS, m.level),
            m.weight,
            m.get_state_display(),
            m.state,
        )
        for m in TracingMatch.objects.filter(request=row)
    )
    notices = tuple(
        NoticeView(
            n.get_status_told_display(),
            n.get_state_display(),
            n.queued_at,
            n.sent_at,
            n.attempts,
            n.last_error,
        )
        for n in FamilyNotice.objects.filter(request=row)
    )
    return RequestView(
        id=row.pk,
        reference=row.follow_code,
        status=row.get_status_display(),
        status_code=row.status,
        urgency=urgency_at(row, timezone.now()),
        recorded_at=row.recorded_at,
        police=row.police.name,
        police_id=row.police_id,
        full_name=row.full_name,
        other_names=tuple(row.other_names or ()),
        birth_year=row.birth_year,
        birth_date=row.birth_date,
        sex=row.sex,
        phone=row.phone,
        home_province=row.home_province.name if row.home_province else "",
        departure_mode=row.get_departure_mode_display(),
        left_on=row.left_on,
        last_contact_on=row.last_contact_on,
        last_contact=row.last_contact,
        country=country_name(row.country) if row.country else "",
        country_code=row.country,
        place=row.place,
        compound_id=row.compound_id,
        compound_name=_compound_name(actor, row.compound_id),
        compound_page=actor.has_ctip_perm("compounds.view"),
        latitude=float(row.latitude) if row.latitude is not None else None,
        longitude=float(row.longitude) if row.longitude is not None else None,
        violence=row.violence,
        minor=row.minor,
        medical=row.medical,
        ransom_deadline=row.ransom_deadline,
        family_name=row.family_name,
        family_relation=row.family_relation,
        family_phone=row.family_phone,
        narrative=row.narrative,
        notes=row.notes,
        case_id=row.case_id,
        verification_id=row.verification_id,
        located_at=row.located_at,
        returned_at=row.returned_at,
        contacts=tuple((c.kind, c.value) for c in row.contacts.all()),
        ransoms=ransoms,
        evidence=evidence,
        matches=matches,
        notices=notices,
    )


@dataclass(frozen=True)
class FamilyStatus:
    """All a family reads: the reference and the status in words, and when it changed."""

    reference: str
    status: str
    changed_on: dt.date


PUBLIC_STATUS = {
    RequestStatus.RECEIVED: gettext_lazy(
        "Received: the hotline passed your request to the police."
    ),
    RequestStatus.VERIFYING: gettext_lazy("Being verified by the police."),
    RequestStatus.NOT_FOUND: gettext_lazy(
        "Not found yet: the authorities abroad have not found the person so far; the police "
        "go on searching."
    ),
    RequestStatus.MORE_INFO: gettext_lazy(
        "More information is needed: please call the hotline 111 and give your reference."
    ),
    RequestStatus.LOCATED: gettext_lazy("Located: the police know where the person is."),
    RequestStatus.RESCUED: gettext_lazy("Rescued: the person is safe and on the way home."),
    RequestStatus.RETURNED: gettext_lazy("Returned home."),
    RequestStatus.CLOSED: gettext_lazy("Closed."),
}


def family_status(reference: str, secret: str) -> FamilyStatus:
    """Through the one follow mechanism (``ctip.core.follow``); FollowRefused otherwise."""
    from django.utils.translation import gettext as _

    from ctip.core import follow

    row = follow.check(
        TracingRequest.objects.only(
            "follow_code", "follow_secret_hash", "status", "status_changed_at"
        ),
        reference,
        secret,
        refusal=_("No request matches this reference and secret."),
    )
    return FamilyStatus(
        reference=row.follow_code,
        status=str(PUBLIC_STATUS[RequestStatus(row.status)]),
        changed_on=timezone.localdate(row.status_changed_at),
    )


class _CompoundLinks:
    """Tracing requests whose place is a compound of the register: the references to
    readers of those requests, only how many to everyone else."""

    def linked(self, actor: User, compound_id: int) -> LinkGroup | None:
        from django.urls import reverse
        from django.utils.translation import gettext as _

        total = TracingRequest.objects.filter(compound_id=compound_id).count()
        if not total:
            return None
        items: tuple[LinkedItem, ...] = ()
        if actor.has_ctip_perm("hotline.trace"):
            items = tuple(
                LinkedItem(code, reverse("hotline:request", args=[pk]))
                for pk, code in visible(TracingRequest.objects.all(), actor, "hotline.trace")
                .filter(compound_id=compound_id)
                .order_by("-pk")
                .values_list("pk", "follow_code")[:50]
            )
        return LinkGroup(_("Tracing requests"), total, items)


def register_compound_links() -> None:
    register_links("hotline", _CompoundLinks())


# Where a denunciation comes from (proceedings, above): existence and reference only. ----


@dataclass(frozen=True)
class HotlineRecordRef:
    kind: str  # "call" or "tracing_request"
    id: int
    reference: str


def record_ref(actor: User, kind: str, reference: str) -> HotlineRecordRef:
    """The call ("CG-000123") or tracing request (its follow code) the actor may read,
    by its readable reference; Http404 for anything else. Nothing of its content."""
    text = reference.strip().upper()
    if kind == "call":
        digits = text.removeprefix("CG-")
        permission = next(
            (p for p in ("hotline.take_calls", "hotline.trace") if actor.has_ctip_perm(p)),
            "hotline.take_calls",
        )
        found = get_visible(
            Call.objects.only("pk"), actor, permission, pk=int(digits) if digits.isdigit() else 0
        )
        return HotlineRecordRef("call", found.pk, found.reference)
    if kind == "tracing_request":
        row = get_visible(
            TracingRequest.objects.only("pk", "follow_code"),
            actor,
            "hotline.trace",
            follow_code=text,
        )
        return HotlineRecordRef("tracing_request", row.pk, row.reference)
    raise Http404
