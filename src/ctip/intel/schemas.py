"""API shapes of the intel app.

Input schemas say what is required and name closed vocabularies as enumerations (see
``ctip.cases.schemas``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from ctip.core.schemas import Id
from ctip.core.values import MoneyIn
from ctip.intel.models import HolderKind, IndicatorKind, ReportType


class IndicatorIn(Schema):
    kind: IndicatorKind
    value: str = Field(max_length=300)
    bank: str = Field("", max_length=100)
    platform: str = Field("", max_length=100)


class ReportIn(Schema):
    external_id: str = Field("", max_length=100)
    type: ReportType
    narrative: str = Field("", max_length=10_000)
    # As typed ("5.000.000", "5 triệu", "500 USD") or whole đồng; stored in đồng.
    amount_lost_vnd: MoneyIn = None
    lost_on: dt.date | None = None
    reported_at: dt.datetime | None = None
    indicators: list[IndicatorIn] = Field(default_factory=list, max_length=50)
    reporter_name: str = Field("", max_length=200)
    reporter_phone: str = Field("", max_length=50)
    reporter_email: str = Field("", max_length=254)


class RejectedOut(Schema):
    kind: str
    value: str
    message: str


class ReportFiledOut(Schema):
    id: int
    reference: str
    external_id: str
    created: bool
    cluster: str | None
    indicators: list[str]
    rejected: list[RejectedOut]


class LookupOut(Schema):
    kind: str
    display: str
    reports: int
    first_month: str
    last_month: str
    verified: bool
    partner_sources: int
    verified_reports: int
    unverified_reports: int
    cleared: bool


class ClusterOut(Schema):
    id: str
    size: int
    first_reported: dt.datetime
    last_reported: dt.datetime
    total_loss_vnd: int
    kinds: list[str]
    linking_indicators: int
    partner_indicators: int
    risk: float


class AccountOut(Schema):
    kind: str
    key: str
    display: str


class FreezeAccountOut(AccountOut):
    id: int | None = Field(None, description="The account's answer row; null on old requests")
    outcome: str = Field("", description="frozen, not_found, closed, refused; empty: waiting")
    amount_held_vnd: int | None = None
    reason: str = ""
    released_at: dt.datetime | None = None
    returned_vnd: int = 0


class FreezeIn(Schema):
    indicators: list[Id] = Field(
        ..., min_length=1, max_length=200, description="Indicator ids of the accounts"
    )
    reports: list[Id] = Field(
        default_factory=list, max_length=500, description="Report ids it rests on"
    )
    legal_basis: str = Field(..., max_length=2000)
    deadline: dt.datetime


class AccountAnswerIn(Schema):
    outcome: Literal["frozen", "not_found", "closed", "refused"]
    amount_held_vnd: int | None = Field(
        None, ge=0, le=10**15, description="Whole dong; required when frozen"
    )
    reason: str = Field("", max_length=2000, description="Required when refused")


class FreezeOut(Schema):
    id: int
    reference: str
    issuing_agency: str
    institution: str
    issued_at: dt.datetime
    deadline: dt.datetime
    overdue: bool
    legal_basis: str
    status: str
    accounts: list[FreezeAccountOut]
    reports: list[str]
    answered_at: dt.datetime | None
    amount_held_vnd: int | None
    answer_note: str
    first_frozen_at: dt.datetime | None = None


class FreezeAnswerIn(Schema):
    status: Literal["done", "partial", "rejected"]
    amount_held_vnd: MoneyIn = None
    note: str = Field("", max_length=2000)


class MatchOut(Schema):
    ref: str
    kind: str
    display: str
    reports: int
    verified: bool
    partner_sources: int


class RefusedObjectOut(Schema):
    """An object or attribute of the document that gives no indicator."""

    position: int = Field(description="Its place in the document, from 1.")
    kind: str = Field(
        description="Its STIX type, MISP object name or MISP attribute type; empty if none."
    )
    value: str = Field(description="Its STIX id or its MISP attribute's value; empty if none.")
    message: str = Field(description="Which object and why, in the reader's language.")


class ExchangeImportOut(Schema):
    indicators: list[MatchOut]
    rejected: list[RefusedObjectOut]


class CaseLinkOut(Schema):
    id: int
    reference: str
    lead_agency: str


class IndicatorOut(Schema):
    id: int
    kind: str
    key: str
    display: str
    links: bool
    reports: int
    first_seen: dt.datetime | None
    last_seen: dt.datetime | None
    verified: bool
    cluster: str | None
    partner_sources: int
    partner_first_seen: dt.datetime | None
    partner_last_seen: dt.datetime | None
    partner_confidence: int | None
    victim_cases: int  # victim cases whose person's account names it
    cases: list[CaseLinkOut]  # those the caller may open


class PartnerSourceOut(Schema):
    id: int
    name: str
    country: str
    kind: str
    documents: int
    last_received: dt.datetime | None


class PartnerDocumentOut(Schema):
    id: int
    reference: str
    source: int
    format: str
    document_id: str
    title: str
    agency: str
    received_by: str
    received_at: dt.datetime
    last_received_at: dt.datetime
    times_received: int
    indicators: int
    error_count: int


class SourceIndicatorOut(Schema):
    ref: str
    kind: str
    display: str
    first_seen: dt.datetime
    last_seen: dt.datetime
    confidence: int | None
    labels: list[str]
    reports: int


class PartnerSourceDetailOut(Schema):
    id: int
    name: str
    country: str
    kind: str
    documents: list[PartnerDocumentOut]
    indicators: list[SourceIndicatorOut]


class InstitutionCodeIn(Schema):
    """An institution and what it holds: a BIN ("970436"), an e-wallet ("MoMo") or a
    mobile operator ("Viettel")."""

    agency_id: Id
    kind: HolderKind
    code: str = Field(..., min_length=1, max_length=60)


class InstitutionCodeOut(Schema):
    id: int
    agency_id: int
    institution: str
    kind: HolderKind
    kind_label: str
    code: str
    label: str
