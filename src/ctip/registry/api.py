"""The registry's API under /api/v1/registry/: one operation per action and screen."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from ctip.core import jobs as core_jobs
from ctip.core.access import public
from ctip.core.actions import StaleEdit
from ctip.core.auth import actor_of, needs
from ctip.core.pagination import Page
from ctip.core.problems import problem
from ctip.core.schemas import CoreJobStartedOut, Id
from ctip.core.throttle import rate_limited
from ctip.core.values import read_country, read_money
from ctip.registry import actions, jobs, selectors
from ctip.registry.forms import MAX_LIST_BYTES
from ctip.registry.schemas import (
    EnterpriseDetailOut,
    EnterpriseIn,
    EnterpriseOut,
    EnterpriseStatusChangeOut,
    EnterpriseStatusIn,
    ImportOut,
    RecruiterLookupOut,
    RecruiterLookupQuery,
    SavedOut,
)

router = Router(tags=["registry"])


@router.get(
    "/lookup",
    response=RecruiterLookupOut,
    auth=None,
    summary="Public: is this recruiter licensed, for this destination, and the fee caps",
    description=(
        "Rate-limited per client address. `q` is a name (any diacritics or legal form), a "
        "licence number, a tax code or a phone. With `destination` (and `job`), says whether "
        "the licence covers it; with `fee` (an amount, or months of wages such as '2 tháng "
        "lương'), whether it is within the legal cap."
    ),
)
@public
@rate_limited(
    "registry-lookup", lambda: settings.CTIP_REGISTRY_LOOKUPS_PER_MINUTE, methods=("GET",)
)
def lookup(request: HttpRequest, params: Query[RecruiterLookupQuery]) -> Any:
    if not params.q.strip():
        return problem(422, _("Give a name, a licence number, a tax code or a phone in “q”."))
    try:
        destination = read_country(params.destination)
        wage = read_money(params.wage)
        answer = selectors.public_lookup(
            params.q,
            destination=destination,
            job=params.job,
            fee=params.fee,
            fee_kind=params.fee_kind,
            contract_months=params.contract_months,
            monthly_wage_vnd=wage.vnd if wage is not None else None,
        )
    except ValueError as error:
        return problem(422, str(error))
    return asdict(answer)


@router.get(
    "/status-changes",
    response=list[EnterpriseStatusChangeOut],
    auth=None,
    summary="Public: licences suspended, revoked or restored in the last year",
    description="Rate-limited per client address. The newest first, as soon as recorded.",
)
@public
@rate_limited(
    "registry-lookup", lambda: settings.CTIP_REGISTRY_LOOKUPS_PER_MINUTE, methods=("GET",)
)
def status_changes(request: HttpRequest) -> Any:
    return [asdict(c) for c in selectors.status_changes()]


@router.get("/enterprises", response=list[EnterpriseOut], auth=needs("registry.view"))
@paginate(Page)
def enterprise_list(request: HttpRequest, q: str = "", status: str = "") -> Any:
    return [
        asdict(r) for r in selectors.enterprises(actor_of(request), query=q[:300], status=status)
    ]


@router.get(
    "/enterprises/{enterprise_id}", response=EnterpriseDetailOut, auth=needs("registry.view")
)
def enterprise_detail(request: HttpRequest, enterprise_id: Id) -> Any:
    return asdict(selectors.enterprise(actor_of(request), enterprise_id))


@router.post(
    "/enterprises",
    response={201: SavedOut, 200: SavedOut},
    auth=needs("registry.manage"),
    summary="Enter an enterprise in the register, or change it (found by its licence number)",
)
def enterprise_save(request: HttpRequest, body: EnterpriseIn) -> Any:
    actor = actor_of(request)
    saved = actions.enterprise_save(
        actor=actor,
        data=actions.EnterpriseInput(
            licence_number=body.licence_number,
            name=body.name,
            tax_code=body.tax_code,
            issued_on=body.issued_on,
            expires_on=body.expires_on,
            status=body.status,
            status_decision=body.status_decision,
            status_decided_on=body.status_decided_on,
            markets=tuple(body.markets),
            jobs=tuple(body.jobs),
            branches=tuple(body.branches),
            deposit_vnd=body.deposit.vnd if body.deposit is not None else None,
            legal_representative=body.legal_representative,
            address=body.address,
            website=body.website,
            phones=tuple(body.phones),
        ),
    )
    row = asdict(selectors.row_of(saved.enterprise))
    return Status(
        201 if saved.outcome == "created" else 200, {"outcome": saved.outcome, "enterprise": row}
    )


@router.post(
    "/enterprises/{enterprise_id}/status",
    response=EnterpriseOut,
    auth=needs("registry.manage"),
    summary="Suspend, revoke or restore a licence, with the decision and its date",
)
def enterprise_status(request: HttpRequest, enterprise_id: Id, body: EnterpriseStatusIn) -> Any:
    actor = actor_of(request)
    selectors.enterprise(actor, enterprise_id)  # 404 outside the reader's scope
    try:
        changed = actions.enterprise_set_status(
            actor=actor,
            data=actions.StatusInput(
                enterprise_id=enterprise_id,
                status=body.status,
                decision=body.decision,
                decided_on=body.decided_on,
                version=body.version,
            ),
        )
    except StaleEdit as error:
        raise HttpError(409, str(error)) from None
    return asdict(selectors.row_of(changed))


@router.post(
    "/imports",
    response={202: CoreJobStartedOut},
    auth=needs("registry.manage"),
    summary="Import the published list (multipart: file, CSV or XLSX) as a background job",
)
def import_start(request: HttpRequest, file: File[UploadedFile]) -> Any:
    name = file.name or ""
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ValidationError({"file": _("Upload the list as a CSV or XLSX file.")})
    content = file.read(MAX_LIST_BYTES + 1)
    if len(content) > MAX_LIST_BYTES:
        raise ValidationError({"file": _("The file is larger than 5 MB.")})
    job = core_jobs.start(
        actor=actor_of(request), kind=jobs.IMPORT, upload=content, upload_name=name
    )
    return Status(202, core_jobs.started(job))


@router.get("/imports/{import_id}", response=ImportOut, auth=needs("registry.view"))
def import_detail(request: HttpRequest, import_id: Id) -> Any:
    found = selectors.list_import(actor_of(request), import_id)
    body = asdict(found)
    body["errors"] = [
        {"row": r, "licence_number": lic, "messages": list(m)} for r, lic, m in found.errors
    ]
    return body
