"""The hotline API under /api/v1/hotline/: calls, tracing requests, ransom demands,
evidence, status, matching, and the family's follow-up (public, rate-limited)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from ctip.core import follow
from ctip.core.access import public
from ctip.core.auth import actor_of, needs
from ctip.core.models import Province
from ctip.core.schemas import Id
from ctip.core.scope import get_visible
from ctip.core.throttle import rate_limited
from ctip.hotline import actions, selectors
from ctip.hotline.models import TracingEvidence, TracingMatch
from ctip.hotline.schemas import (
    CallIn,
    CallOut,
    EvidenceViewOut,
    FollowIn,
    FollowOut,
    HotlineAbroadIn,
    HotlineCompoundChoiceOut,
    HotlineCompoundIn,
    HotlineHandOverIn,
    MatchDecisionIn,
    MatchViewOut,
    OpenedOut,
    OpenIn,
    QueueOut,
    RansomIn,
    RansomOut,
    RequestCreatedOut,
    RequestIn,
    RequestOut,
    StatusIn,
)

router = Router(tags=["hotline"])


def _province(code: str, field: str) -> Province | None:
    if not code:
        return None
    found = Province.objects.filter(code=code.strip().lower()).first()
    if found is None:
        raise ValidationError({field: [_("Unknown province.")]})
    return found


@router.post(
    "/calls", response={201: CallOut}, auth=needs("hotline.take_calls"), summary="Log a call"
)
def call_create(request: HttpRequest, payload: CallIn) -> Any:
    actor = actor_of(request)
    call = actions.call_log(
        actor=actor,
        data=actions.CallInput(
            channel=payload.channel.value,
            caller_type=payload.caller_type.value,
            language=payload.language.value,
            topic=payload.topic.value,
            outcome=payload.outcome.value,
            province=_province(payload.province, "province"),
            counselling=tuple(c.value for c in payload.counselling),
            callback_at=payload.callback_at,
            caller_name=payload.caller_name,
            caller_phone=payload.caller_phone,
            summary=payload.summary,
        ),
    )
    return Status(201, asdict(selectors._call_view(call)))


@router.get(
    "/calls/{call_id}", response=CallOut, auth=needs("hotline.take_calls"), summary="A call"
)
def call_get(request: HttpRequest, call_id: Id) -> Any:
    return asdict(selectors.call(actor_of(request), call_id))


@router.post(
    "/calls/{call_id}/open",
    response={201: OpenedOut},
    auth=needs("hotline.take_calls"),
    summary="Open a case intake or a scam report from a call",
)
def call_open(request: HttpRequest, call_id: Id, payload: OpenIn) -> Any:
    actor = actor_of(request)
    row = selectors.call_row(actor, call_id)
    if payload.what == "case":
        return Status(201, {"what": "case", "id": actions.call_open_case(actor=actor, call=row)})
    return Status(201, {"what": "report", "id": actions.call_open_report(actor=actor, call=row)})


@router.post(
    "/calls/{call_id}/called-back",
    response=CallOut,
    auth=needs("hotline.take_calls"),
    summary="Mark a callback done",
)
def call_called_back(request: HttpRequest, call_id: Id) -> Any:
    actor = actor_of(request)
    row = actions.call_called_back(actor=actor, call=selectors.call_row(actor, call_id))
    return asdict(selectors._call_view(row))


@router.get("/requests", response=QueueOut, auth=needs("hotline.trace"), summary="The queue")
def request_list(request: HttpRequest, status: str = "") -> Any:
    return asdict(selectors.queue(actor_of(request), status=status))


@router.post(
    "/requests",
    response={201: RequestCreatedOut},
    auth=needs("hotline.trace"),
    summary="Record a tracing or rescue request",
)
def request_create(request: HttpRequest, payload: RequestIn) -> Any:
    actor = actor_of(request)
    call = selectors.call_row(actor, payload.call_id) if payload.call_id else None
    recorded = actions.request_record(
        actor=actor,
        data=actions.RequestInput(
            full_name=payload.full_name,
            departure_mode=payload.departure_mode.value,
            other_names=tuple(payload.other_names),
            birth_year=payload.birth_year,
            birth_date=payload.birth_date,
            sex=payload.sex,
            phone=payload.phone,
            home_province=_province(payload.home_province, "home_province"),
            left_on=payload.left_on,
            last_contact_on=payload.last_contact_on,
            last_contact=payload.last_contact,
            country=payload.country,
            place=payload.place,
            compound_id=payload.compound_id,
            latitude=payload.latitude,
            longitude=payload.longitude,
            violence=payload.violence,
            minor=payload.minor,
            medical=payload.medical,
            family_name=payload.family_name,
            family_relation=payload.family_relation,
            family_phone=payload.family_phone,
            narrative=payload.narrative,
            contacts=tuple(
                actions.ContactInput(c.kind, c.value, c.bank, c.platform) for c in payload.contacts
            ),
            call=call,
        ),
    )
    row = recorded.request
    return Status(
        201,
        {
            "id": row.pk,
            "reference": row.follow_code,
            "secret": recorded.secret,
            "police": row.police.name,
            "rejected_contacts": list(recorded.rejected_contacts),
            "similar_requests": list(recorded.similar),
        },
    )


@router.get(
    "/requests/{request_id}", response=RequestOut, auth=needs("hotline.trace"), summary="A request"
)
def request_get(request: HttpRequest, request_id: Id) -> Any:
    return asdict(selectors.request(actor_of(request), request_id))


@router.post(
    "/requests/{request_id}/ransom",
    response={201: RansomOut},
    auth=needs("hotline.trace"),
    summary="Record a ransom demand (and ask for its account to be frozen)",
)
def request_ransom(request: HttpRequest, request_id: Id, payload: RansomIn) -> Any:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id)
    recorded = actions.ransom_record(
        actor=actor,
        request=row,
        data=actions.RansomInput(
            account_kind=payload.account_kind,
            account=payload.account,
            amount=payload.amount,
            deadline=payload.deadline,
            bank=payload.bank,
            freeze=payload.freeze,
            legal_basis=payload.legal_basis,
            answer_by=payload.answer_by,
        ),
    )
    return Status(
        201,
        {
            "id": recorded.demand.pk,
            "indicator_id": recorded.demand.indicator_id,
            "freeze_requests": list(recorded.freeze_requests),
        },
    )


@router.post(
    "/requests/{request_id}/evidence",
    response={201: EvidenceViewOut},
    auth=needs("hotline.trace"),
    summary="Add a photo, voice recording or chat capture",
)
def request_evidence(
    request: HttpRequest,
    request_id: Id,
    file: File[UploadedFile],
    description: Form[str] = "",
) -> Any:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id)
    item = actions.evidence_add(
        actor=actor,
        request=row,
        data=actions.EvidenceInput(
            filename=file.name or "", content=file.read(), description=description
        ),
    )
    return Status(201, asdict(selectors.evidence(actor, item.pk)))


@router.post(
    "/evidence/{evidence_id}/hand-over",
    response=EvidenceViewOut,
    auth=needs("hotline.handle_requests"),
    summary="Record that an evidence file was handed to another agency",
)
def evidence_hand_over(request: HttpRequest, evidence_id: Id, payload: HotlineHandOverIn) -> Any:
    actor = actor_of(request)
    item = get_visible(
        TracingEvidence.objects.all(), actor, "hotline.handle_requests", pk=evidence_id
    )
    actions.evidence_hand_over(
        actor=actor,
        item=item,
        data=actions.HandOverInput(payload.to_agency_id, payload.note),
    )
    return asdict(selectors.evidence(actor, item.pk))


@router.post(
    "/requests/{request_id}/abroad",
    response=RequestOut,
    auth=needs("hotline.handle_requests"),
    summary="Pass the request to the counterpart abroad as an outgoing verification request",
)
def request_abroad(request: HttpRequest, request_id: Id, payload: HotlineAbroadIn) -> Any:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id, "hotline.handle_requests")
    actions.request_pass_abroad(
        actor=actor, request=row, data=actions.AbroadInput(payload.counterpart_id, payload.days)
    )
    return asdict(selectors.request(actor, row.pk))


@router.post(
    "/requests/{request_id}/case",
    response=RequestOut,
    auth=needs("hotline.trace"),
    summary="Open a case intake for the person sought (age and child presumption carried)",
)
def request_case(request: HttpRequest, request_id: Id) -> Any:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id)
    actions.request_open_case(actor=actor, request=row)
    return asdict(selectors.request(actor, row.pk))


@router.post(
    "/requests/{request_id}/compound",
    response=RequestOut,
    auth=needs("hotline.trace"),
    summary="Set, change or clear the compound where the person is held",
)
def request_compound(request: HttpRequest, request_id: Id, payload: HotlineCompoundIn) -> Any:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id)
    actions.request_compound(
        actor=actor,
        request=row,
        data=actions.CompoundInput(payload.compound_id, payload.compound_name),
    )
    return asdict(selectors.request(actor, row.pk))


@router.get(
    "/compound-choices",
    response=list[HotlineCompoundChoiceOut],
    auth=needs("hotline.trace"),
    summary="Compounds of the register named so (number, name and country only)",
)
def compound_choices(request: HttpRequest, q: str = "") -> Any:
    return selectors.compound_choices(actor_of(request), q)


@router.post(
    "/requests/{request_id}/status",
    response=RequestOut,
    auth=needs("hotline.handle_requests"),
    summary="Move a request to another status (the family is told)",
)
def request_status(request: HttpRequest, request_id: Id, payload: StatusIn) -> Any:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id, "hotline.handle_requests")
    actions.request_status(
        actor=actor, request=row, data=actions.StatusInput(payload.status.value, payload.note)
    )
    return asdict(selectors.request(actor, request_id))


@router.post(
    "/requests/{request_id}/match",
    response=list[MatchViewOut],
    auth=needs("hotline.trace"),
    summary="Search persons on file for the person sought",
)
def request_match(request: HttpRequest, request_id: Id) -> Any:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id)
    found = actions.request_match(actor=actor, request=row)
    return [
        {
            "id": m.pk,
            "case_id": m.case_id,
            "level": m.level,
            "weight": m.weight,
            "state": str(m.get_state_display()),
            "state_code": m.state,
        }
        for m in found
    ]


@router.post(
    "/matches/{match_id}",
    response=MatchViewOut,
    auth=needs("hotline.handle_requests"),
    summary="Confirm or reject a match",
)
def match_decide(request: HttpRequest, match_id: Id, payload: MatchDecisionIn) -> Any:
    actor = actor_of(request)
    match = get_visible(TracingMatch.objects.all(), actor, "hotline.handle_requests", pk=match_id)
    m = actions.match_decide(
        actor=actor, match=match, data=actions.MatchDecision(confirm=payload.confirm)
    )
    return {
        "id": m.pk,
        "case_id": m.case_id,
        "level": m.level,
        "weight": m.weight,
        "state": str(m.get_state_display()),
        "state_code": m.state,
    }


@router.post("/follow", response=FollowOut, auth=None, summary="A family follows its request")
@public
@rate_limited("hotline-follow", lambda: settings.CTIP_INTEL_FOLLOWS_PER_MINUTE)
def family_follow(request: HttpRequest, payload: FollowIn) -> Any:
    try:
        return asdict(selectors.family_status(payload.reference, payload.secret))
    except follow.FollowRefused as exc:
        raise HttpError(404, str(exc)) from exc
