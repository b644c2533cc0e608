"""The intel API under /api/v1/intel/: reports from machine clients, the public lookup,
networks, freeze requests for liaisons, and STIX / MISP exchange."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from ctip.core import jobs as core_jobs
from ctip.core.access import public
from ctip.core.auth import actor_of, needs
from ctip.core.labels import label
from ctip.core.pagination import Page
from ctip.core.problems import problem
from ctip.core.schemas import CoreJobStartedOut, Id
from ctip.core.throttle import rate_limited
from ctip.intel import actions, jobs, selectors
from ctip.intel import api_freeze as freezing_api
from ctip.intel import api_institutions as institutions_api
from ctip.intel.actions import IndicatorInput
from ctip.intel.engine import InvalidIndicator
from ctip.intel.engine.exchange import (
    FeedError,
    Imported,
    from_misp_event,
    from_stix_bundle,
)
from ctip.intel.models import (
    Channel,
    Cluster,
    FeedFormat,
    FreezeRequest,
    Indicator,
    PartnerBundle,
    PartnerKind,
)
from ctip.intel.schemas import (
    ClusterOut,
    ExchangeImportOut,
    FreezeAnswerIn,
    FreezeOut,
    IndicatorOut,
    LookupOut,
    PartnerSourceDetailOut,
    PartnerSourceOut,
    ReportFiledOut,
    ReportIn,
)

router = Router(tags=["intel"])


@router.post(
    "/reports",
    response={201: ReportFiledOut, 200: ReportFiledOut},
    auth=needs("intel.report"),
    summary="File a scam report (idempotent on external_id)",
)
def report_create(request: HttpRequest, payload: ReportIn):
    filed = actions.report_file(
        actor=actor_of(request),
        data=actions.ReportInput(
            channel=Channel.API,
            type=payload.type,
            narrative=payload.narrative,
            amount_lost_vnd=payload.amount_lost_vnd or 0,
            lost_on=payload.lost_on,
            reported_at=payload.reported_at,
            indicators=[
                IndicatorInput(i.kind, i.value, i.bank, i.platform) for i in payload.indicators
            ],
            reporter_name=payload.reporter_name,
            reporter_phone=payload.reporter_phone,
            reporter_email=payload.reporter_email,
            external_id=payload.external_id,
        ),
    )
    report = filed.report
    body = {
        "id": report.pk,
        "reference": report.reference,
        "external_id": report.external_id,
        "created": filed.created,
        "cluster": report.cluster_id,
        "indicators": [i.ref for i in report.indicators.all()],
        "rejected": [
            {"kind": r.kind, "value": r.value, "message": r.message} for r in filed.rejected
        ],
    }
    return Status(201 if filed.created else 200, body)


class LookupQuery(Schema):
    kind: str = Field("", max_length=20)
    value: str = Field("", max_length=300)
    bank: str = Field("", max_length=100)
    platform: str = Field("", max_length=100)


@router.get(
    "/lookup",
    response=LookupOut,
    auth=None,
    summary="Public: how many reports name a phone, account or URL",
    description=(
        "Rate-limited per client address. Answers with counts, the first and last month "
        "reported and whether an agency verified it; never who reported."
    ),
)
@public
@rate_limited("intel-lookup", lambda: settings.CTIP_INTEL_LOOKUPS_PER_MINUTE, methods=("GET",))
def lookup(request: HttpRequest, params: Query[LookupQuery]) -> Any:
    if not params.kind or not params.value.strip():
        return problem(
            422, _('Give "kind" (phone, bank_account, ewallet, url, social, crypto) and "value".')
        )
    try:
        return selectors.public_lookup(
            params.kind, params.value[:300], bank=params.bank[:100], platform=params.platform[:100]
        ).__dict__
    except InvalidIndicator as exc:
        return problem(422, label(exc.label))


@router.get("/clusters", response=list[ClusterOut], auth=needs("intel.view_reports"))
@paginate(Page)
def cluster_list(request: HttpRequest, networks_only: bool = True):
    return selectors.clusters(actor_of(request), networks_only=networks_only)


@router.get("/clusters/{cluster_id}", response=ClusterOut, auth=needs("intel.view_reports"))
def cluster_detail(request: HttpRequest, cluster_id: str) -> Cluster:
    return selectors.cluster(actor_of(request), cluster_id)


def _freeze(found: FreezeRequest) -> dict[str, Any]:
    return {
        "id": found.pk,
        "reference": found.reference,
        "issuing_agency": found.issuing_agency.code,
        "institution": found.institution.code,
        "issued_at": found.issued_at,
        "deadline": found.deadline,
        "overdue": found.is_overdue,
        "legal_basis": found.legal_basis,
        "status": found.status,
        "accounts": freezing_api.accounts(found),
        "first_frozen_at": found.first_frozen_at,
        "reports": [r.reference for r in selectors.request_reports(found)],
        "answered_at": found.answered_at,
        "amount_held_vnd": found.amount_held_vnd,
        "answer_note": found.answer_note,
    }


@router.get(
    "/freeze-requests",
    response=list[FreezeOut],
    auth=needs("intel.answer_freeze"),
    summary="Freeze requests addressed to my institution",
)
@paginate(Page)
def freeze_list(request: HttpRequest, open_only: bool = False):
    return [_freeze(f) for f in selectors.inbox(actor_of(request), open_only=open_only)]


@router.get("/freeze-requests/{freeze_id}", response=FreezeOut, auth=needs("intel.answer_freeze"))
def freeze_detail(request: HttpRequest, freeze_id: Id) -> dict[str, Any]:
    return _freeze(selectors.inbox_request(actor_of(request), freeze_id))


@router.post(
    "/freeze-requests/{freeze_id}/answer",
    response=FreezeOut,
    auth=needs("intel.answer_freeze"),
    summary="Answer done, partial or rejected (once; a second answer is 409)",
)
def freeze_answer(request: HttpRequest, freeze_id: Id, payload: FreezeAnswerIn) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.inbox_request(actor, freeze_id)
    try:
        answered = actions.freeze_request_answer(
            actor=actor,
            request=found,
            data=actions.FreezeAnswerInput(
                status=payload.status, amount_held_vnd=payload.amount_held_vnd, note=payload.note
            ),
        )
    except actions.AlreadyAnswered as exc:
        raise HttpError(409, str(exc)) from None
    return _freeze(answered)


@router.get(
    "/export/stix",
    auth=needs("intel.share"),
    summary="Indicators and aggregates as a STIX 2.1 bundle",
    response={200: dict},
    openapi_extra={
        "responses": {
            200: {
                "description": "A STIX 2.1 bundle.",
                "content": {"application/stix+json;version=2.1": {"schema": {"type": "object"}}},
            }
        }
    },
)
def export_stix(request: HttpRequest) -> HttpResponse:
    text = actions.indicators_export(actor=actor_of(request), format="stix")
    return HttpResponse(text, content_type="application/stix+json;version=2.1")


@router.get(
    "/export/misp",
    auth=needs("intel.share"),
    summary="Indicators and aggregates as a MISP event",
    response={200: dict},
)
def export_misp(request: HttpRequest) -> HttpResponse:
    text = actions.indicators_export(actor=actor_of(request), format="misp")
    return HttpResponse(text, content_type="application/json")


def _document(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValidationError(_("The body is not valid UTF-8 JSON.")) from None
    if not isinstance(data, dict):
        raise ValidationError(_("The body must be a JSON object."))
    return data


def _matched(imported: Imported) -> dict[str, Any]:
    """The indicators CTIP knows, and each object that gave none with why, in the
    reader's language."""
    return {
        "indicators": selectors.known(imported.indicators),
        "rejected": [
            {"position": e.position, "kind": e.kind, "value": e.value, "message": label(e.label)}
            for e in imported.rejected
        ],
    }


IMPORT_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


@router.post(
    "/import/stix",
    response=ExchangeImportOut,
    auth=needs("intel.share"),
    summary="Normalise a partner's STIX 2.1 bundle and match it against CTIP",
    openapi_extra=IMPORT_BODY,
)
def import_stix(request: HttpRequest) -> dict[str, Any]:
    try:
        imported = from_stix_bundle(_document(request))
    except (AttributeError, TypeError, FeedError):
        raise ValidationError(_("This is not a STIX 2.1 bundle.")) from None
    return _matched(imported)


@router.post(
    "/import/misp",
    response=ExchangeImportOut,
    auth=needs("intel.share"),
    summary="Normalise a partner's MISP event and match it against CTIP",
    openapi_extra=IMPORT_BODY,
)
def import_misp(request: HttpRequest) -> dict[str, Any]:
    try:
        imported = from_misp_event(_document(request))
    except (AttributeError, TypeError, FeedError):
        raise ValidationError(_("This is not a MISP event.")) from None
    return _matched(imported)


# Indicators and partner sources ----------------------------------------------------------


@router.get(
    "/indicators/{indicator_id}",
    response=IndicatorOut,
    auth=needs("intel.view_reports"),
    summary="An indicator: reports naming it, its network, partner sources (unnamed)",
)
def indicator_detail(request: HttpRequest, indicator_id: Id) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.indicator(actor, indicator_id)
    return _indicator(actor, found)


def _indicator(actor: Any, found: Indicator) -> dict[str, Any]:
    cluster = selectors.indicator_cluster(actor, found)
    partners = selectors.partner_aggregate(found)
    cases = selectors.indicator_cases(actor, found)
    return {
        "id": found.pk,
        "kind": found.kind,
        "key": found.key,
        "display": found.display,
        "links": found.links,
        "reports": found.reports,
        "first_seen": found.first_seen,
        "last_seen": found.last_seen,
        "verified": found.verified_at is not None,
        "cluster": cluster.pk if cluster else None,
        "partner_sources": partners.sources,
        "partner_first_seen": partners.first_seen,
        "partner_last_seen": partners.last_seen,
        "partner_confidence": partners.confidence,
        "victim_cases": cases.count if cases else 0,
        "cases": [
            {"id": c.case_id, "reference": c.reference, "lead_agency": c.lead_agency}
            for c in (cases.openable if cases else ())
        ],
    }


def _document_out(bundle: PartnerBundle) -> dict[str, Any]:
    return {
        "id": bundle.pk,
        "reference": bundle.reference,
        "source": bundle.source_id,
        "format": bundle.format,
        "document_id": bundle.document_id,
        "title": bundle.title,
        "agency": bundle.agency.code,
        "received_by": bundle.received_by.username,
        "received_at": bundle.received_at,
        "last_received_at": bundle.last_received_at,
        "times_received": bundle.times_received,
        "indicators": bundle.indicators,
        "error_count": bundle.error_count,
    }


@router.get(
    "/partner-sources",
    response=list[PartnerSourceOut],
    auth=needs("intel.share"),
    summary="Partner sources whose documents my agency received",
)
@paginate(Page)
def partner_source_list(request: HttpRequest):
    return [
        {
            "id": s.pk,
            "name": s.name,
            "country": s.country,
            "kind": s.kind,
            "documents": getattr(s, "documents", 0),
            "last_received": getattr(s, "last_received", None),
        }
        for s in selectors.partner_sources(actor_of(request))
    ]


@router.get(
    "/partner-sources/{source_id}",
    response=PartnerSourceDetailOut,
    auth=needs("intel.share"),
    summary="A partner source: the documents received and the indicators it named",
)
def partner_source_detail(request: HttpRequest, source_id: Id) -> dict[str, Any]:
    actor = actor_of(request)
    source = selectors.partner_source(actor, source_id)
    return {
        "id": source.pk,
        "name": source.name,
        "country": source.country,
        "kind": source.kind,
        "documents": [_document_out(b) for b in selectors.source_bundles(actor, source)],
        "indicators": [
            {
                "ref": i.indicator.ref,
                "kind": i.indicator.kind,
                "display": i.indicator.display,
                "first_seen": i.first_seen,
                "last_seen": i.last_seen,
                "confidence": i.confidence,
                "labels": i.labels,
                "reports": i.indicator.reports,
            }
            for i in selectors.source_indicators(actor, source)
        ],
    }


class PartnerImportQuery(Schema):
    format: FeedFormat
    partner: str = Field(..., min_length=1, max_length=200)
    country: str = Field("", max_length=2)
    kind: PartnerKind = PartnerKind.OTHER


@router.post(
    "/partner-imports",
    response={202: CoreJobStartedOut},
    auth=needs("intel.share"),
    summary="Keep a partner's STIX 2.1 bundle or MISP event with its source, as a job",
    description=(
        "The body is the document (JSON, at most 10 MB). `format` is stix or misp, "
        "`partner` names who sent it, `country` is two letters, `kind` one of agency, "
        "cert, country, industry, other. The request reads the document and refuses "
        "(422) one that is not a bundle or event or gives no indicator; otherwise it "
        "queues the import and answers 202. `GET` the `progress_url` "
        "(`/api/v1/jobs/{id}`): `done` of `total` indicators as the job goes; once "
        "`status` is done, `summary` holds `created` (false when the same document was "
        "received before and was updated), `bundle` (its `reference`, `source_id`, "
        "`source`, `document_id`), `indicators`, `new_indicators`, `reported`, "
        "`error_count` and the first 200 `errors` (`position`, `kind`, `value` and "
        "`message`, a sentence in the language of whoever started the import). "
        "Indicators are stored as CTIP indicators (one per kind and key, shared with "
        "reports) with the partner's dates, confidence and labels, all or nothing."
    ),
    openapi_extra=IMPORT_BODY,
)
def partner_import(request: HttpRequest, params: Query[PartnerImportQuery]):
    actor = actor_of(request)
    data = actions.PartnerInput(
        format=params.format,
        content=request.body,
        partner=params.partner,
        country=params.country[:10],
        kind=params.kind,
    ).tidied()
    actions.partner_document(data)
    job = core_jobs.start(
        actor=actor,
        kind=jobs.PARTNER_IMPORT,
        params={
            "format": data.format,
            "partner": data.partner,
            "country": data.country,
            "kind": data.kind,
        },
        upload=data.content,
        upload_name=f"{data.partner[:150]}.{data.format}.json",
    )
    return Status(202, core_jobs.started(job))


freezing_api.mount(router, FreezeOut)
institutions_api.mount(router)
