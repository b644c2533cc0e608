"""API shapes of the compound register."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema

from ctip.core.values import CountryIn

Line = Annotated[str, Field(max_length=300)]


class StatusCode(StrEnum):
    ACTIVE = "active"
    RAIDED = "raided"
    CLOSED = "closed"


class CompoundIn(Schema):
    name: str = Field(..., max_length=200)
    country: CountryIn
    area: str = Field("", max_length=120)
    aliases: list[Line] = Field(default_factory=list, max_length=50)
    operator_aliases: list[Line] = Field(default_factory=list, max_length=50)
    sources: list[Line] = Field(default_factory=list, max_length=50)
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)


class CompoundChangeIn(CompoundIn):
    version: int = Field(..., ge=1, le=2**31 - 1)


class CompoundStatusIn(Schema):
    status: StatusCode
    on: dt.date
    note: str = Field("", max_length=2000)


class AccessIn(Schema):
    agency: int = Field(..., ge=1, le=2**62)
    can_edit: bool = False


class CompoundOut(Schema):
    id: int
    name: str
    aliases: list[str]
    country: str
    country_name: str
    area: str
    status: str
    status_label: str


class StatusChangeOut(Schema):
    old_status: str
    new_status: str
    on: dt.date
    note: str
    by: str


class LinkItemOut(Schema):
    label: str
    url: str


class LinkGroupOut(Schema):
    title: str
    count: int
    items: list[LinkItemOut]


class CompoundDetailOut(CompoundOut):
    latitude: Decimal | None
    longitude: Decimal | None
    operator_aliases: list[str]
    sources: list[str]
    status_since: dt.date | None
    owner: str
    version: int
    editable: bool
    history: list[StatusChangeOut]
    links: list[LinkGroupOut]
