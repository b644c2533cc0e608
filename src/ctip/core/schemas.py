from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from annotated_types import Interval
from ninja import Field, Schema

from ctip.core.models import AgencyType
from ctip.core.roles import PERMISSIONS, ROLES

# Ids and counts the databases can hold: past 2**63 - 1 SQLite raises OverflowError and
# PostgreSQL "out of range". Used for ids in paths and bodies, so an absurd one is a 422.
MAX_INT = 2**63 - 1
Id = Annotated[int, Interval(ge=1, le=MAX_INT)]
# Sizes a 16-bit column (ages, months) and a 31-bit one (versions, counts) hold.
SmallCount = Annotated[int, Interval(ge=0, le=32767)]
Count = Annotated[int, Interval(ge=0, le=2**31 - 1)]
Amount = Annotated[int, Interval(ge=0, le=MAX_INT)]
# Items of lists of text: a code or word, a name, a line.
Word = Annotated[str, Field(max_length=60)]
Name = Annotated[str, Field(max_length=200)]
Line = Annotated[str, Field(max_length=300)]

# The closed vocabularies of the platform, as enumerations the OpenAPI document lists.
Role = StrEnum("Role", {name: name for name in ROLES})  # type: ignore[misc]
Permission = StrEnum("Permission", {code: code for code in PERMISSIONS})  # type: ignore[misc]


class ProvinceOut(Schema):
    code: str
    name: str
    kind: str


class AgencyOut(Schema):
    id: int
    code: str
    type: str
    name_vi: str
    name_en: str
    province: str | None = Field(None, alias="province.code")
    country: str
    parent_id: int | None
    is_active: bool
    version: int


class AgencyIn(Schema):
    code: str = Field(..., min_length=2, max_length=60, pattern=r"^[a-z0-9-]+$")
    type: AgencyType
    name_vi: str = Field(..., min_length=2, max_length=200)
    name_en: str = Field(..., min_length=2, max_length=200)
    province: str | None = Field(None, max_length=40)
    country: str = Field("VN", min_length=2, max_length=2)
    parent_id: Id


class AgencyPatch(Schema):
    name_vi: str | None = Field(None, min_length=2, max_length=200)
    name_en: str | None = Field(None, min_length=2, max_length=200)
    province: str | None = Field(None, max_length=40)
    is_active: bool | None = None
    version: int | None = Field(
        None, description="The agency's version as read (required): a stale edit is a 409."
    )


class UserOut(Schema):
    id: int
    username: str
    display_name: str
    agency_id: int
    roles: list[str]
    is_active: bool
    has_second_factor: bool
    last_login: datetime | None
    version: int


class UserIn(Schema):
    username: str = Field(..., min_length=3, max_length=150, pattern=r"^[\w.@+-]+$")
    display_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    agency_id: Id
    roles: list[Role] = Field(max_length=len(ROLES))
    # None: a machine client's account, which signs in only with API tokens.
    password: str | None = Field(None, min_length=12, max_length=256)


class UserPatch(Schema):
    display_name: str | None = Field(None, max_length=150)
    roles: list[Role] | None = Field(None, max_length=len(ROLES))
    is_active: bool | None = None
    version: int | None = Field(
        None, description="The account's version as read (required): a stale edit is a 409."
    )


class MeOut(Schema):
    username: str
    display_name: str
    agency: AgencyOut
    roles: list[str]
    permissions: list[str]
    language: str


class AuditEventOut(Schema):
    seq: int
    occurred_at: datetime
    actor_label: str
    agency_id: int | None
    event_type: str
    target_type: str
    target_id: str
    fields: list[str]
    hash: str


class TokenIn(Schema):
    user_id: Id
    name: str = Field(..., min_length=1, max_length=100)
    scopes: list[Permission] = Field(min_length=1, max_length=len(PERMISSIONS))
    days: int = Field(90, ge=1, le=366)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    user_id: int
    scopes: list[str]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    awaiting_approval: bool = Field(
        ..., description="The token works only once a second administrator approves it."
    )


class TokenCreatedOut(TokenOut):
    secret: str = Field(..., description="The bearer value. It is shown only once.")


class NotificationOut(Schema):
    id: int
    kind: str
    message: str
    params: dict
    subject: str
    link: str
    created_at: datetime
    read_at: datetime | None
    for_user: bool

    @staticmethod
    def resolve_for_user(obj: Any) -> bool:
        return getattr(obj, "user_id", None) is not None


class ReadOut(Schema):
    marked: int


class GrantOut(Schema):
    id: int
    reference: str
    kind: str
    user_id: int
    roles: list[str]
    token_id: int | None
    requested_by_id: int
    requested_at: datetime
    status: str
    decided_by_id: int | None
    decided_at: datetime | None


class GrantDecisionIn(Schema):
    approve: bool | None = None


class CoreJobStartedOut(Schema):
    """A job an operation queued (202): follow it at ``progress_url``."""

    job_id: int
    progress_url: str = Field(description="`GET` it until `status` is done or failed.")
    page_url: str = Field(description="The job's page, for a person.")


class CoreJobProgressOut(Schema):
    """A background job as its page shows it: ``done`` of ``total`` items (``total`` null
    until the work has counted them) and, once done, whether there is a file to download."""

    id: int
    kind: str
    label: str
    status: str
    status_label: str
    done: int
    total: int | None
    percent: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    errors: dict[str, list[str]]
    summary: dict[str, Any] = Field(
        description="Once done, what the job's page shows (each kind its own fields)."
    )
    download: bool
    download_url: str | None

    @staticmethod
    def resolve_download_url(obj: Any) -> str | None:
        from django.urls import reverse

        return reverse("core:job_download", args=[obj.id]) if obj.download else None
