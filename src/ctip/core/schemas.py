from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema


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


class AgencyIn(Schema):
    code: str = Field(..., min_length=2, max_length=60, pattern=r"^[a-z0-9-]+$")
    type: str
    name_vi: str = Field(..., min_length=2, max_length=200)
    name_en: str = Field(..., min_length=2, max_length=200)
    province: str | None = None
    country: str = Field("VN", min_length=2, max_length=2)
    parent_id: int


class AgencyPatch(Schema):
    name_vi: str | None = Field(None, min_length=2, max_length=200)
    name_en: str | None = Field(None, min_length=2, max_length=200)
    province: str | None = None
    is_active: bool | None = None


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
    agency_id: int
    roles: list[str]
    # None: a machine client's account, which signs in only with API tokens.
    password: str | None = Field(None, min_length=12, max_length=256)


class UserPatch(Schema):
    display_name: str | None = Field(None, max_length=150)
    roles: list[str] | None = None
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
    user_id: int
    name: str = Field(..., min_length=1, max_length=100)
    scopes: list[str]
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
