"""The cases API under /api/v1/cases/: the same actions and reads as the pages."""

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ctip.cases import actions, api_handover, documents, imports, selectors
from ctip.cases import jobs as cases_jobs
from ctip.cases.actions import (
    CaseOpenInput,
    ConsentInput,
    ContactInput,
    DecisionInput,
    DeliveryInput,
    DocumentInput,
    ReferralInput,
    ScreeningInput,
    ShareInput,
)
from ctip.cases.engine.non_punishment import NonPunishmentError
from ctip.cases.engine.workflow import IntakeChannel
from ctip.cases.models import (
    DocumentKind,
    Person,
)
from ctip.cases.schemas import (
    AssignIn,
    CandidateOut,
    CaseContactOut,
    CaseIn,
    CaseOut,
    CaseSummaryOut,
    ConsentIn,
    ContactIn,
    CtdcOut,
    DecisionIn,
    DecisionOut,
    DeliveryIn,
    DeliveryOut,
    DocumentOut,
    FollowUpDoneIn,
    FollowUpOut,
    IncomingReferralOut,
    LinkIn,
    LinkOut,
    NoteOut,
    OverdueOut,
    PlanIn,
    PlanOut,
    ProviderOut,
    ReferralAnswerIn,
    ReferralIn,
    ReferralOut,
    ScheduleIn,
    ScreeningIn,
    ScreeningOut,
    ShareIn,
    ShareOut,
    StatementIn,
    StatementOut,
    TimelineOut,
    TransitionIn,
)
from ctip.core import jobs as core_jobs
from ctip.core.access import public
from ctip.core.auth import actor_of, needs
from ctip.core.models import Agency, Province, User
from ctip.core.pagination import Page
from ctip.core.schemas import CoreJobStartedOut, Id
from ctip.core.values import read_country

router = Router(tags=["cases"])


def _conflict(work: Any) -> Any:
    try:
        return work()
    except actions.Conflict as exc:
        raise HttpError(409, str(exc)) from None


@router.get("", response=list[CaseSummaryOut], auth=needs("cases.view_case"))
@paginate(Page)
def case_list(request: HttpRequest, mine: bool = False, status: str = ""):
    return selectors.case_rows(actor_of(request), mine=mine, status=status)


@router.post("", response={201: CaseOut, 200: CaseOut}, auth=needs("cases.intake"))
def case_create(request: HttpRequest, payload: CaseIn):
    actor = actor_of(request)
    key = payload.idempotency_key
    result = actions.case_open(
        actor=actor,
        data=CaseOpenInput(
            idempotency_key=f"api:{actor.pk}:{key}" if key else None,
            full_name=payload.full_name,
            intake_channel=payload.intake_channel,
            intake_date=payload.intake_date,
            other_names=payload.other_names,
            identity_kind=payload.identity_kind,
            identity_number=payload.identity_number,
            phone=payload.phone,
            address=payload.address,
            birth_date=payload.birth_date,
            age_min=payload.age_min,
            age_max=payload.age_max,
            age_basis=payload.age_basis or "",
            sex=payload.sex,
            nationality=payload.nationality,
            ethnicity=payload.ethnicity,
            languages=payload.languages,
            home_province=_province(payload.home_province),
            home_commune=payload.home_commune,
            exploitation_country=payload.exploitation_country,
            exploitation_locality=payload.exploitation_locality,
            compound=payload.compound,
            compound_id=payload.compound_id,
            exit_mode=payload.exit_mode,
            left_on=payload.left_on,
            assigned_worker=actor,
            consent_processing=payload.consent_processing,
            consent_later_contact=payload.consent_later_contact,
        ),
    )
    return Status(201 if result.created else 200, selectors.file_of(actor, result.case))


def _province(code: str | None) -> Province | None:
    """The province by its code or its name as typed ("Nghệ An", "nghe an")."""
    if not code:
        return None
    province = Province.objects.filter(code=code).first()
    if province is None:
        try:
            name = imports.province_directory().resolve(code).province.name
        except ValueError:
            raise ValidationError({"home_province": "Unknown province."}) from None
        province = Province.objects.filter(name=name).first()
    return province


@router.get("/{int:case_id}", response=CaseOut, auth=needs("cases.view_case"))
def case_detail(request: HttpRequest, case_id: Id):
    return selectors.case_file(actor_of(request), case_id)


@router.post("/{int:case_id}/transitions", response=CaseSummaryOut, auth=needs("cases.change_case"))
def case_transition(request: HttpRequest, case_id: Id, payload: TransitionIn):
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    moved = _conflict(
        lambda: actions.case_transition(
            actor=actor,
            case=case,
            target=payload.target,
            version=payload.version,
            reason=payload.reason,
        )
    )
    return moved


@router.post("/{int:case_id}/consents", response={201: None}, auth=needs("cases.change_case"))
def consent_create(request: HttpRequest, case_id: Id, payload: ConsentIn):
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    agencies = list(Agency.objects.filter(pk__in=payload.share_agencies, is_active=True))
    if len(agencies) != len(set(payload.share_agencies)):
        raise ValidationError({"share_agencies": "Unknown agency."})
    actions.consent_record(
        actor=actor,
        case=case,
        data=ConsentInput(
            processing=payload.processing,
            later_contact=payload.later_contact,
            share_agencies=agencies,
            given_on=payload.given_on,
        ),
    )
    return Status(201, None)


@router.delete("/{int:case_id}/consents", response={204: None}, auth=needs("cases.change_case"))
def consent_withdraw(request: HttpRequest, case_id: Id):
    """The person withdraws their consent: sharing and referrals need an override again."""
    actor = actor_of(request)
    actions.consent_withdraw(actor=actor, case=selectors.case(actor, case_id))
    return Status(204, None)


@router.post("/{int:case_id}/screenings", response={201: ScreeningOut}, auth=needs("cases.screen"))
def screening_create(request: HttpRequest, case_id: Id, payload: ScreeningIn):
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission="cases.screen")
    interview = _conflict(
        lambda: actions.screening_record(
            actor=actor,
            case=case,
            data=ScreeningInput(
                answers=payload.answers,
                interviewed_on=payload.interviewed_on,
                version=payload.version,
                minor_at_recruitment=payload.minor_at_recruitment,
                questionnaire_version=payload.questionnaire_version,
            ),
        )
    )
    return Status(201, selectors.screening_view(actor, interview))


@router.post("/{int:case_id}/statements", response={201: StatementOut}, auth=needs("cases.screen"))
def statement_create(request: HttpRequest, case_id: Id, payload: StatementIn):
    """Acts the person was forced to commit, each with the coercion behind it (codes of
    ``engine.non_punishment``: ``ForcedAct``, ``Coercion``)."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission="cases.screen")
    if not payload.acts:
        raise ValidationError({"acts": "Record at least one act."})
    statement = actions.statement_record(
        actor=actor,
        case=case,
        acts=[a.dict() for a in payload.acts],
        interviewed_on=payload.interviewed_on,
    )
    return Status(201, statement)


@router.get("/{int:case_id}/note", response=NoteOut, auth=needs("cases.export"))
def note(request: HttpRequest, case_id: Id, lang: str = "vi"):
    """The non-punishment note for police and procuracy (``lang`` vi or en); an export,
    recorded with the name of who asked for it."""
    actor = actor_of(request)
    case = selectors.open_case(actor, case_id, permission="cases.export")
    if lang not in {"vi", "en"}:
        raise ValidationError({"lang": "Use vi or en."})
    try:
        found = selectors.note_file(actor, case, lang)
    except NonPunishmentError as error:
        raise ValidationError({"acts": str(error)}) from None
    if not found.text:
        raise HttpError(404, "No forced acts are recorded for this case.")
    actions.export_recorded(actor=actor, case=case, kind="non_punishment_note")
    return found


@router.get("/{int:case_id}/timeline", response=list[TimelineOut], auth=needs("cases.view_case"))
@paginate(Page)
def timeline(request: HttpRequest, case_id: Id):
    """The case's events, newest first (names of fields changed, never their values)."""
    case = selectors.case(actor_of(request), case_id)
    return selectors.timeline(case)


@router.post("/{int:case_id}/decisions", response={201: DecisionOut}, auth=needs("cases.identify"))
def decision_create(request: HttpRequest, case_id: Id, payload: DecisionIn):
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission="cases.identify")
    decision = actions.identification_decide(
        actor=actor,
        case=case,
        data=DecisionInput(
            outcome=payload.outcome,
            legal_basis=payload.legal_basis,
            evidence=payload.evidence,
            decided_on=payload.decided_on,
        ),
    )
    return Status(201, decision)


@router.post("/decisions/{decision_id}/approval", response={204: None}, auth=needs("cases.approve"))
def decision_approve(request: HttpRequest, decision_id: Id):
    actor = actor_of(request)
    actions.identification_approve(actor=actor, decision=selectors.decision(actor, decision_id))
    return Status(204, None)


@router.post("/{int:case_id}/referrals", response={201: ReferralOut}, auth=needs("cases.refer"))
def referral_create(request: HttpRequest, case_id: Id, payload: ReferralIn):
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission="cases.refer")
    provider = get_object_or_404(selectors.providers(actor), pk=payload.provider_id)
    referral = actions.referral_send(
        actor=actor,
        case=case,
        data=ReferralInput(
            provider=provider,
            services=payload.services,
            note=payload.note,
            override_reason=payload.override_reason,
        ),
    )
    return Status(201, referral)


@router.post("/referrals/{referral_id}/answer", response=ReferralOut, auth=needs("cases.refer"))
def referral_answer(request: HttpRequest, referral_id: Id, payload: ReferralAnswerIn):
    actor = actor_of(request)
    referral = selectors.referral(actor, referral_id)
    answered = _conflict(
        lambda: actions.referral_answer(
            actor=actor, referral=referral, answer=payload.answer, reason=payload.reason
        )
    )
    return answered


@router.post(
    "/{int:case_id}/deliveries", response={201: DeliveryOut}, auth=needs("cases.change_case")
)
def delivery_create(request: HttpRequest, case_id: Id, payload: DeliveryIn):
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    delivery = actions.delivery_record(
        actor=actor,
        case=case,
        data=DeliveryInput(
            support_type=payload.support_type,
            delivered_on=payload.delivered_on,
            cost=payload.cost,
            note=payload.note,
        ),
    )
    return Status(201, delivery)


@router.get("/followups/overdue", response=list[OverdueOut], auth=needs("cases.view_case"))
@paginate(Page)
def followup_overdue(request: HttpRequest):
    """The caller's overdue follow-up visits, oldest first."""
    return selectors.overdue_followups(actor_of(request))


@router.get(
    "/referrals/incoming", response=list[IncomingReferralOut], auth=needs("cases.view_case")
)
@paginate(Page)
def referral_incoming(request: HttpRequest):
    """Open referrals (sent or accepted) to the caller's agency, to answer."""
    return selectors.incoming_referrals(actor_of(request)).order_by("-created_at", "-pk")


@router.post("/followups/{followup_id}/done", response=FollowUpOut, auth=needs("cases.change_case"))
def followup_done(request: HttpRequest, followup_id: Id, payload: FollowUpDoneIn):
    actor = actor_of(request)
    item = selectors.followup(actor, followup_id)
    return actions.followup_complete(
        actor=actor,
        followup=item,
        done_on=payload.done_on,
        outcomes=payload.outcomes,
        note=payload.note,
    )


@router.post(
    "/{int:case_id}/followups", response={201: list[FollowUpOut]}, auth=needs("cases.change_case")
)
def followup_schedule(request: HttpRequest, case_id: Id, payload: ScheduleIn):
    """Schedule the follow-ups from ``start``; visits not yet made are rescheduled."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    items = actions.followup_schedule(
        actor=actor, case=case, start=payload.start, months=payload.months
    )
    return Status(201, items)


@router.put("/{int:case_id}/plan", response=PlanOut, auth=needs("cases.change_case"))
def plan_save(request: HttpRequest, case_id: Id, payload: PlanIn):
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    return _conflict(
        lambda: actions.plan_save(
            actor=actor,
            case=case,
            goals=payload.goals,
            support_types=payload.support_types,
            version=payload.version,
        )
    )


@router.post("/{int:case_id}/assignment", response=CaseSummaryOut, auth=needs("cases.change_case"))
def case_assign(request: HttpRequest, case_id: Id, payload: AssignIn):
    """Assign a worker of the lead agency (``worker_id`` null unassigns)."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    worker = None
    if payload.worker_id is not None:
        worker = User.objects.filter(pk=payload.worker_id, agency=case.lead_agency_id).first()
        if worker is None:
            raise ValidationError(
                {"worker_id": "The assigned worker must belong to the lead agency."}
            )
    moved = _conflict(
        lambda: actions.case_assign(actor=actor, case=case, worker=worker, version=payload.version)
    )
    return moved


@router.post("/{int:case_id}/shares", response={201: ShareOut}, auth=needs("cases.change_case"))
def share_create(request: HttpRequest, case_id: Id, payload: ShareIn):
    """Share the case with an agency; needs consent naming it or a supervisor's override."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    agency = Agency.objects.filter(pk=payload.agency_id, is_active=True).first()
    if agency is None:
        raise ValidationError({"agency_id": "Unknown agency."})
    share = actions.case_share(
        actor=actor,
        case=case,
        data=ShareInput(
            agency=agency, reason=payload.reason, override_reason=payload.override_reason
        ),
    )
    return Status(201, share)


@router.delete("/shares/{share_id}", response={204: None}, auth=needs("cases.change_case"))
def share_delete(request: HttpRequest, share_id: Id):
    """End a share: the agency no longer sees the case."""
    actor = actor_of(request)
    actions.share_revoke(actor=actor, share=selectors.share(actor, share_id))
    return Status(204, None)


@router.get("/{int:case_id}/duplicates", response=list[CandidateOut], auth=needs("cases.merge"))
def duplicate_list(request: HttpRequest, case_id: Id):
    actor = actor_of(request)
    case = selectors.open_case(actor, case_id, permission="cases.merge")
    return selectors.duplicate_candidates(actor, case)


@router.post("/persons/{person_id}/links", response={201: LinkOut}, auth=needs("cases.merge"))
def link_create(request: HttpRequest, person_id: Id, payload: LinkIn):
    actor = actor_of(request)
    person = get_object_or_404(Person.objects.filter(Person.scope_q(actor)), pk=person_id)
    other = get_object_or_404(Person.objects.filter(Person.scope_q(actor)), pk=payload.other_id)
    link = actions.person_link(
        actor=actor,
        person=person,
        other=other,
        kind=payload.kind,
        reason=payload.reason,
        score=None,
    )
    return Status(201, link)


@router.delete("/links/{link_id}", response={204: None}, auth=needs("cases.merge"))
def link_delete(request: HttpRequest, link_id: Id):
    actor = actor_of(request)
    actions.link_undo(actor=actor, link=selectors.link(actor, link_id))
    return Status(204, None)


@router.get("/providers", response=list[ProviderOut], auth=needs("cases.view_case"))
@paginate(Page)
def provider_list(request: HttpRequest):
    return selectors.providers(actor_of(request))


@router.post(
    "/imports",
    response={202: CoreJobStartedOut},
    auth=needs("cases.intake"),
    summary="Import a handover list (CSV or XLSX) as a background job",
    description=(
        "The request checks the date, the country, that the file can be read, names a "
        "name column and holds at most 5,000 rows (422 otherwise), then queues the "
        "import and answers 202. `GET` the `progress_url` (`/api/v1/jobs/{id}`): `done` "
        "of `total` rows as the job goes; once `status` is done, `summary` holds `id` "
        "(the import), `rows_total`, `already_imported` (the same file was imported "
        "before: nothing new), `created` (`id`, `reference` of each case opened), "
        "`skipped` (rows taken from an earlier list) and `problems` (`row`, `field`, "
        "`message`). All or nothing: the cases are opened in one transaction."
    ),
)
def import_create(
    request: HttpRequest,
    file: File[UploadedFile],
    handover_date: Form[dt.date],
    intake_channel: Form[IntakeChannel] = IntakeChannel.HANDOVER,
    exploitation_country: Annotated[str, Form(max_length=2)] = "",
):
    try:
        country = read_country(exploitation_country)
    except ValueError as error:
        raise ValidationError({"exploitation_country": str(error)}) from None
    content = file.read()
    imports.check_list(file_name=file.name or "", content=content, handover_date=handover_date)
    job = core_jobs.start(
        actor=actor_of(request),
        kind=cases_jobs.IMPORT,
        params={
            "handover_date": handover_date.isoformat(),
            "intake_channel": intake_channel.value,
            "exploitation_country": country,
        },
        upload=content,
        upload_name=(file.name or "list.csv")[:200],
    )
    return Status(202, core_jobs.started(job))


@router.get("/export/ctdc", response=CtdcOut, auth=needs("stats.export"))
def ctdc(request: HttpRequest, k: int = 11):
    return selectors.ctdc_file(actor_of(request), k=k)


# Documents and photos --------------------------------------------------------------------


class _UploadsInMemory:
    """The first auth callback of an upload: not an authentication (it always passes the
    request on to the next), it swaps in ``MemoryOnlyUploadHandler`` before anything reads
    the body (a session's CSRF check reads it), so no upload is spooled in clear to disk."""

    def __init__(self, permission: str) -> None:
        self.permission = permission

    def __call__(self, request: HttpRequest) -> None:
        request.upload_handlers = [documents.MemoryOnlyUploadHandler(request)]
        return None


def _upload_auth(permission: str) -> list[Any]:
    return [_UploadsInMemory(permission), *needs(permission)]


@router.post(
    "/{int:case_id}/documents",
    response={201: DocumentOut},
    auth=_upload_auth("cases.change_case"),
    summary="Attach a document or photo (multipart: file, kind, title)",
)
def document_create(
    request: HttpRequest,
    case_id: Id,
    kind: Form[DocumentKind],
    file: File[UploadedFile | None] = None,
    title: Annotated[str, Form(max_length=200)] = "",
):
    """PDF, JPEG, PNG, WebP or HEIC, checked by content, at most 10 MB; a photo must be
    an image. ``kind``: photo, identity, medical, legal or other. The file is encrypted
    under its own key before it is written."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    if getattr(request, "upload_too_large", False):
        raise HttpError(413, f"The file is larger than {documents.MAX_BYTES // 2**20} MB.")
    if file is None:
        raise ValidationError({"file": "Attach the file (multipart field 'file')."})
    document = actions.document_add(
        actor=actor,
        case=case,
        data=DocumentInput(kind=kind, title=title, file_name=file.name or "", content=file.read()),
    )
    return Status(201, document)


@router.get("/{int:case_id}/documents", response=list[DocumentOut], auth=needs("cases.view_case"))
def document_list(request: HttpRequest, case_id: Id):
    """The case's documents, newest first; titles of medical records only with
    ``cases.view_sensitive``. Listing is recorded as a read of the case."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    return selectors.document_list(actor, case)


@router.get(
    "/documents/{document_id}",
    response={200: None},
    auth=needs("cases.view_case"),
    summary="Download a document (decrypted; audited)",
    openapi_extra={"x-ctip-refusals": [410]},
)
def document_download(request: HttpRequest, document_id: Id):
    """The file as an attachment named after the case reference, never the uploaded
    name. Medical records need ``cases.view_sensitive`` (403). A stored file that is
    missing or fails authentication is 410."""
    actor = actor_of(request)
    found = selectors.document(actor, document_id)
    try:
        content = selectors.document_content(actor, found)
    except documents.DocumentError:
        raise HttpError(410, "The stored file cannot be read; tell your administrator.") from None
    return documents.attachment(found, content)


# Contacts of recruiters and traffickers named in the person's account ---------------------


@router.get("/{int:case_id}/contacts", response=list[CaseContactOut], auth=needs("cases.view_case"))
def contact_list(request: HttpRequest, case_id: Id):
    """Recorded contacts with the number of scam reports naming each, its scam networks
    (for callers who may read intel reports) and how many other cases name it."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    return selectors.case_indicators(actor, case)


@router.post(
    "/{int:case_id}/contacts", response={201: CaseContactOut}, auth=needs("cases.change_case")
)
def contact_create(request: HttpRequest, case_id: Id, payload: ContactIn):
    """``kind``: phone, bank_account, ewallet, social, url or crypto; canonicalised as the
    intel app keys indicators, so a profile link becomes the social account it names."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    row = actions.indicator_add(
        actor=actor,
        case=case,
        data=ContactInput(
            kind=payload.kind, value=payload.value, detail=payload.detail, note=payload.note
        ),
    )
    return Status(201, next(v for v in selectors.case_indicators(actor, case) if v.id == row.pk))


@router.delete("/contacts/{contact_id}", response={204: None}, auth=needs("cases.change_case"))
def contact_delete(request: HttpRequest, contact_id: Id):
    actor = actor_of(request)
    actions.indicator_remove(actor=actor, indicator=selectors.case_indicator(actor, contact_id))
    return Status(204, None)


api_handover.mount(router)


@public
def legacy_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """``/api/v1/cases/cases/...`` until release 2: the same operation one level up.

    A 308 keeps the method and the body, so a client that still posts to the old path
    gets its case opened at the new one."""
    target = "/api/v1/cases" + (f"/{rest}" if rest else "")
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target, preserve_request=True)


# The operations of a child's case live in their own module, on this router.
from ctip.cases import api_children  # noqa: E402, F401
