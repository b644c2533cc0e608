"""API shapes of the registry: required fields required, closed vocabularies as enums,
outputs built from the selectors' dataclasses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema

from ctip.core.values import MoneyIn
from ctip.registry.models import Status

Short = Annotated[str, Field(max_length=100)]
Line = Annotated[str, Field(max_length=300)]


class EnterpriseIn(Schema):
    licence_number: str = Field(max_length=60, examples=["123/LĐTBXH-GP"])
    name: str = Field(max_length=300)
    tax_code: str = Field("", max_length=20)
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    status: Status = Status.ACTIVE
    status_decision: str = Field("", max_length=100)
    status_decided_on: dt.date | None = None
    # Countries by code or name ("JP", "Nhật Bản").
    markets: list[Short] = Field(default_factory=list, max_length=100)
    jobs: list[Short] = Field(default_factory=list, max_length=50)
    branches: list[Line] = Field(default_factory=list, max_length=50)
    deposit: MoneyIn = None
    legal_representative: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    website: str = Field("", max_length=200)
    phones: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)


class StatusIn(Schema):
    status: Status
    decision: str = Field("", max_length=100)
    decided_on: dt.date | None = None
    version: int = Field(ge=1, le=2**31 - 1)


class EnterpriseOut(Schema):
    id: int
    licence_number: str
    name: str
    tax_code: str
    status: str
    status_label: str
    status_decision: str
    status_decided_on: dt.date | None
    issued_on: dt.date | None
    expires_on: dt.date | None
    licensed_now: bool
    markets: list[str]
    jobs: list[str]
    branches: list[str]
    deposit_vnd: int | None
    legal_representative: str
    address: str
    website: str
    phones: list[str]
    version: int


class SavedOut(Schema):
    outcome: Literal["created", "updated", "unchanged"]
    enterprise: EnterpriseOut


class ChangeOut(Schema):
    at: dt.datetime
    kind: str
    kind_label: str
    fields: list[tuple[str, str, str]]
    import_id: int | None
    actor: str


class EnterpriseDetailOut(Schema):
    enterprise: EnterpriseOut
    history: list[ChangeOut]


class ImportStartedOut(Schema):
    job_id: int
    job_url: str


class RowErrorOut(Schema):
    row: int
    licence_number: str
    messages: list[str]


class ImportOut(Schema):
    id: int
    file_name: str
    created_at: dt.datetime
    rows: int
    created: int
    updated: int
    unchanged: int
    refused: int
    errors: list[RowErrorOut]


class RecruiterLookupQuery(Schema):
    q: str = Field("", max_length=300)
    destination: str = Field("", max_length=100)
    job: str = Field("", max_length=100)
    fee: str = Field("", max_length=100)
    fee_kind: Literal["any", "service", "brokerage"] = "any"
    contract_months: int | None = Field(None, ge=1, le=120)
    wage: str = Field("", max_length=100)


class RecruiterMatchOut(Schema):
    name: str
    licence_number: str
    status: str
    status_label: str
    status_decision: str
    status_decided_on: dt.date | None
    issued_on: dt.date | None
    expires_on: dt.date | None
    licensed_now: bool
    markets: list[str]
    jobs: list[str]
    licensed_for_destination: bool | None
    licensed_for_job: bool | None
    tax_code: str
    address: str
    website: str
    phones: list[str]
    legal_representative: str


class CapOut(Schema):
    kind: Literal["service", "brokerage"]
    months: Decimal
    forbidden: bool
    source: str


class FeeOut(Schema):
    kind: str
    months: Decimal | None
    vnd: int | None
    cap_months: Decimal
    cap_vnd: int | None
    over: bool | None
    source: str


class RecruiterLookupOut(Schema):
    query: str
    destination: str
    matches: list[RecruiterMatchOut]
    caps: list[CapOut]
    fee: FeeOut | None
