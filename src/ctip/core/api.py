"""The platform core's API: who am I, agencies, staff, tokens, the audit trail."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from ctip.core import actions, jobs, selectors
from ctip.core.auth import actor_of, needs, signed_in
from ctip.core.models import Agency, Province, User
from ctip.core.pagination import Page
from ctip.core.schemas import (
    AgencyIn,
    AgencyOut,
    AgencyPatch,
    AuditEventOut,
    CoreJobProgressOut,
    GrantDecisionIn,
    GrantOut,
    Id,
    MeOut,
    NotificationOut,
    ProvinceOut,
    ReadOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
    UserIn,
    UserOut,
    UserPatch,
)

router = Router(tags=["platform"])


def _province(code: str | None) -> Province | None:
    if code is None:
        return None
    province = Province.objects.filter(code=code).first()
    if province is None:
        raise ValidationError({"province": f"Unknown province code {code!r}."})
    return province


@router.get("/me", response=MeOut, summary="The signed-in user or token owner", auth=signed_in())
def me(request: HttpRequest) -> dict:
    user = actor_of(request)
    return {
        "username": user.username,
        "display_name": user.display_name,
        "agency": user.agency,
        "roles": user.roles,
        "permissions": sorted(user.permissions),
        "language": user.preferred_language,
    }


@router.get(
    "/provinces",
    response=list[ProvinceOut],
    summary="Provinces in force since 2025-07-01",
    auth=signed_in(),
)
def provinces(request: HttpRequest) -> list[Province]:
    return list(Province.objects.all())


@router.get("/agencies", response=list[AgencyOut], auth=needs("core.manage_agencies"))
@paginate(Page)
def agency_list(request: HttpRequest):
    return selectors.agencies_managed_by(actor_of(request))


@router.post("/agencies", response={201: AgencyOut}, auth=needs("core.manage_agencies"))
def agency_create(request: HttpRequest, payload: AgencyIn):
    parent = get_object_or_404(
        selectors.agencies_managed_by(actor_of(request)),
        pk=payload.parent_id,
    )
    agency = actions.agency_create(
        actor=actor_of(request),
        code=payload.code,
        type=payload.type,
        name_vi=payload.name_vi,
        name_en=payload.name_en,
        province=_province(payload.province),
        country=payload.country.upper(),
        parent=parent,
    )
    return Status(201, agency)


@router.get("/agencies/{agency_id}", response=AgencyOut, auth=needs("core.manage_agencies"))
def agency_detail(request: HttpRequest, agency_id: Id) -> Agency:
    return get_object_or_404(selectors.agencies_managed_by(actor_of(request)), pk=agency_id)


@router.patch("/agencies/{agency_id}", response=AgencyOut, auth=needs("core.manage_agencies"))
def agency_patch(request: HttpRequest, agency_id: Id, payload: AgencyPatch) -> Agency:
    agency = get_object_or_404(selectors.agencies_managed_by(actor_of(request)), pk=agency_id)
    values = payload.dict(exclude_unset=True)
    if values.get("version") is None:
        raise ValidationError({"version": "The version of the agency you edited is required."})
    if "province" in values:
        values["province"] = _province(values["province"])
    try:
        return actions.agency_update(actor=actor_of(request), agency=agency, **values)
    except actions.StaleEdit as exc:
        raise HttpError(409, str(exc)) from None


@router.get("/users", response=list[UserOut], auth=needs("core.manage_users"))
@paginate(Page)
def user_list(request: HttpRequest):
    return selectors.staff_managed_by(actor_of(request))


@router.post("/users", response={201: UserOut}, auth=needs("core.manage_users"))
def user_create(request: HttpRequest, payload: UserIn):
    agency = get_object_or_404(
        selectors.agencies_managed_by(actor_of(request)), pk=payload.agency_id
    )
    if User.objects.filter(username__iexact=payload.username).exists():
        raise ValidationError({"username": "This username is taken."})
    user = actions.user_create(
        actor=actor_of(request),
        agency=agency,
        username=payload.username,
        password=payload.password,
        roles=[role.value for role in payload.roles],
        display_name=payload.display_name,
        email=payload.email,
    )
    return Status(201, user)


@router.get("/users/{user_id}", response=UserOut, auth=needs("core.manage_users"))
def user_detail(request: HttpRequest, user_id: Id) -> User:
    return get_object_or_404(selectors.staff_managed_by(actor_of(request)), pk=user_id)


@router.patch("/users/{user_id}", response=UserOut, auth=needs("core.manage_users"))
def user_patch(request: HttpRequest, user_id: Id, payload: UserPatch) -> User:
    user = get_object_or_404(selectors.staff_managed_by(actor_of(request)), pk=user_id)
    values = payload.model_dump(mode="json", exclude_unset=True)
    if values.get("version") is None:
        raise ValidationError({"version": "The version of the account you edited is required."})
    try:
        return actions.user_update(actor=actor_of(request), user=user, **values)
    except actions.StaleEdit as exc:
        raise HttpError(409, str(exc)) from None


@router.get("/tokens", response=list[TokenOut], auth=needs("core.manage_tokens"))
@paginate(Page)
def token_list(request: HttpRequest):
    return selectors.tokens_managed_by(actor_of(request))


@router.post("/tokens", response={201: TokenCreatedOut}, auth=needs("core.manage_tokens"))
def token_create(request: HttpRequest, payload: TokenIn):
    owner = get_object_or_404(selectors.staff_managed_by(actor_of(request)), pk=payload.user_id)
    issued = actions.token_create(
        actor=actor_of(request),
        user=owner,
        name=payload.name,
        scopes=[scope.value for scope in payload.scopes],
        days=payload.days,
    )
    out = TokenOut.from_orm(issued.token).dict()
    return Status(201, {**out, "secret": issued.secret})


@router.delete("/tokens/{token_id}", response={204: None}, auth=needs("core.manage_tokens"))
def token_revoke(request: HttpRequest, token_id: Id):
    token = get_object_or_404(selectors.tokens_managed_by(actor_of(request)), pk=token_id)
    actions.token_revoke(actor=actor_of(request), token=token)
    return Status(204, None)


@router.get("/grants", response=list[GrantOut], auth=needs("core.manage_users"))
@paginate(Page)
def grant_list(request: HttpRequest):
    """Requests for roles or tokens that need a second administrator, newest first."""
    return selectors.grants_managed_by(actor_of(request))


@router.post("/grants/{grant_id}/decision", response=GrantOut, auth=needs("core.manage_users"))
def grant_decide(request: HttpRequest, grant_id: int, payload: GrantDecisionIn):
    """Approve or refuse a request; not by the administrator who asked, nor by its owner."""
    grant = get_object_or_404(selectors.grants_managed_by(actor_of(request)), pk=grant_id)
    if payload.approve is None:
        raise ValidationError({"approve": "This field is required."})
    return actions.grant_decide(actor=actor_of(request), grant=grant, approve=payload.approve)


class AuditFilter(Schema):
    event_type: str = ""
    actor: str = ""
    target_type: str = ""
    target_id: str = ""
    since: datetime | None = None
    until: datetime | None = None


@router.get("/audit/events", response=list[AuditEventOut], auth=needs("core.view_audit"))
@paginate(Page)
def audit_event_list(request: HttpRequest, filters: Query[AuditFilter]):
    return selectors.audit_events(
        actor_of(request),
        event_type=filters.event_type,
        actor_label=filters.actor,
        target_type=filters.target_type,
        target_id=filters.target_id,
        since=filters.since,
        until=filters.until,
    )


@router.get(
    "/notifications",
    response=list[NotificationOut],
    summary="The inbox of the caller's agency, newest first",
    auth=needs("core.view_dashboard"),
)
@paginate(Page)
def notification_list(request: HttpRequest, unread: bool = False):
    """``subject`` is rendered in the caller's language (``Accept-Language`` or profile);
    ``message`` and ``params`` let a client render it itself."""
    return selectors.inbox(actor_of(request), unread_only=unread)


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    auth=needs("core.view_dashboard"),
)
def notification_read(request: HttpRequest, notification_id: Id):
    actor = actor_of(request)
    notice = selectors.notification(actor, notification_id)
    actions.notification_mark_read(actor=actor, notification=notice)
    notice.refresh_from_db()
    return notice


@router.post("/notifications/read", response=ReadOut, auth=needs("core.view_dashboard"))
def notification_read_all(request: HttpRequest):
    """Mark every unread notice of the caller's inbox as read."""
    return {"marked": actions.notifications_mark_all_read(actor=actor_of(request))}


@router.get(
    "/jobs/{job_id}",
    response=CoreJobProgressOut,
    summary="Where a background job the caller started stands",
    auth=signed_in(),
)
def job_progress(request: HttpRequest, job_id: Id):
    """How many items of how many are done, the status, and once done the download; only
    the user who started the job, still holding its permission, sees it."""
    return jobs.progress_of(actor_of(request), job_id)
