"""API shapes of the hotline. Inputs name closed vocabularies as enumerations; outputs
are built from the selectors' dataclasses."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from ctip.core.values import CountryIn, MoneyIn
from ctip.hotline.models import (
    CallChannel,
    CallerType,
    Counselling,
    DepartureMode,
    Language,
    Outcome,
    RequestStatus,
    Topic,
)


class CallIn(Schema):
    channel: CallChannel
    caller_type: CallerType
    language: Language
    topic: Topic
    outcome: Outcome
    province: str = Field("", max_length=40, description="The province's code, e.g. nghe-an.")
    counselling: list[Counselling] = Field(default_factory=list, max_length=10)
    callback_at: dt.datetime | None = None
    caller_name: str = Field("", max_length=200)
    caller_phone: str = Field("", max_length=40)
    summary: str = Field("", max_length=4000)


class CallOut(Schema):
    id: int
    reference: str
    taken_at: dt.datetime
    channel: str
    caller_type: str
    language: str
    province: str
    topic: str
    counselling: list[str]
    outcome: str
    callback_at: dt.datetime | None
    called_back_at: dt.datetime | None
    anonymous: bool
    caller_name: str
    caller_phone: str
    summary: str
    case_id: int | None
    report_id: int | None
    request_id: int | None
    request_reference: str


class OpenIn(Schema):
    what: Literal["case", "report"]


class OpenedOut(Schema):
    what: str
    id: int


class RecruiterContactIn(Schema):
    kind: Literal["phone", "social", "bank_account", "ewallet", "url", "name", "email", "crypto"]
    value: str = Field(max_length=200)
    bank: str = Field("", max_length=40)
    platform: str = Field("", max_length=40)


class RequestIn(Schema):
    full_name: str = Field(min_length=1, max_length=200)
    departure_mode: DepartureMode
    other_names: list[str] = Field(default_factory=list, max_length=10)
    birth_year: int | None = Field(None, ge=1900, le=2100)
    birth_date: dt.date | None = None
    sex: Literal["", "female", "male", "other"] = ""
    phone: str = Field("", max_length=200)
    home_province: str = Field("", max_length=40, description="The province's code.")
    left_on: dt.date | None = None
    last_contact_on: dt.date | None = None
    last_contact: str = Field("", max_length=4000)
    country: CountryIn = ""
    place: str = Field("", max_length=4000)
    compound_id: int | None = Field(
        None, description="A compound of the register; found from `place` when absent."
    )
    latitude: Decimal | None = Field(None, ge=-90, le=90, decimal_places=5)
    longitude: Decimal | None = Field(None, ge=-180, le=180, decimal_places=5)
    violence: bool = False
    minor: bool = False
    medical: bool = False
    family_name: str = Field("", max_length=200)
    family_relation: str = Field("", max_length=200)
    family_phone: str = Field("", max_length=200)
    narrative: str = Field("", max_length=4000)
    contacts: list[RecruiterContactIn] = Field(default_factory=list, max_length=20)
    call_id: int | None = Field(None, ge=1, le=2**63 - 1)


class RequestCreatedOut(Schema):
    id: int
    reference: str
    secret: str = Field(description="Shown once: give it to the family; it is stored hashed.")
    police: str
    rejected_contacts: list[str]
    similar_requests: list[str] = Field(
        description="Open requests that may seek the same person (references)."
    )


class QueueRowOut(Schema):
    id: int
    reference: str
    status: str
    urgency: int
    flags: list[str]
    recorded_at: dt.datetime
    police: str
    country: str


class QueueOut(Schema):
    counts: dict[str, int]
    rows: list[QueueRowOut]


class RansomViewOut(Schema):
    id: int
    amount: str
    deadline: dt.datetime | None
    account_kind: str
    account: str
    bank: str
    report_id: int | None
    freeze_request_ids: list[int]


class HotlineAbroadIn(Schema):
    counterpart_id: int | None = Field(
        None,
        description=(
            "The counterpart, or the Vietnamese embassy or consulate, of the request's country "
            "that receives it; else the one known there."
        ),
    )
    days: int = Field(30, ge=1, le=180, description="Days the counterpart has to answer.")


class HotlineCustodyOut(Schema):
    seq: int
    step: str
    by: str
    agency: str
    to_agency: str
    at: dt.datetime
    note: str


class EvidenceViewOut(Schema):
    id: int
    reference: str
    filename: str
    media_type: str
    size: int
    sha256: str
    added_at: dt.datetime
    custody: list[HotlineCustodyOut]
    custody_intact: bool
    custody_problem: str


class HotlineHandOverIn(Schema):
    to_agency_id: int
    note: str = Field("", max_length=2000)


class MatchViewOut(Schema):
    id: int
    case_id: int | None
    level: str
    weight: float
    state: str
    state_code: str


class NoticeViewOut(Schema):
    status_told: str
    state: str
    queued_at: dt.datetime
    sent_at: dt.datetime | None
    attempts: int
    last_error: str


class RequestOut(Schema):
    id: int
    reference: str
    status: str
    status_code: str
    urgency: int
    recorded_at: dt.datetime
    police: str
    full_name: str
    other_names: list[str]
    birth_year: int | None
    sex: str
    phone: str
    home_province: str
    departure_mode: str
    left_on: dt.date | None
    last_contact_on: dt.date | None
    last_contact: str
    country: str
    country_code: str
    place: str
    compound_id: int | None = None
    compound_name: str = ""
    latitude: float | None
    longitude: float | None
    violence: bool
    minor: bool
    medical: bool
    ransom_deadline: dt.datetime | None
    family_name: str
    family_relation: str
    family_phone: str
    narrative: str
    notes: str
    case_id: int | None
    verification_id: int | None
    contacts: list[list[str]]
    ransoms: list[RansomViewOut]
    evidence: list[EvidenceViewOut]
    matches: list[MatchViewOut]
    notices: list[NoticeViewOut]


class RansomIn(Schema):
    account_kind: Literal["bank_account", "ewallet", "crypto", "phone"]
    account: str = Field(min_length=1, max_length=200)
    amount: MoneyIn = None
    deadline: dt.datetime | None = None
    bank: str = Field("", max_length=40)
    freeze: bool = False
    legal_basis: str = Field("", max_length=2000)
    answer_by: dt.datetime | None = None


class RansomOut(Schema):
    id: int
    indicator_id: int | None
    freeze_requests: list[str]


class StatusIn(Schema):
    status: RequestStatus
    note: str = Field("", max_length=4000)


class HotlineCompoundIn(Schema):
    compound_id: int | None = Field(None, description="A compound of the register, by number.")
    compound_name: str = Field(
        "",
        max_length=200,
        description="Or one of its names or aliases, naming exactly one compound. "
        "Neither given: the request no longer names a compound.",
    )


class HotlineCompoundChoiceOut(Schema):
    id: int
    name: str
    country: str


class MatchDecisionIn(Schema):
    confirm: bool


class FollowIn(Schema):
    reference: str = Field(max_length=20)
    secret: str = Field(max_length=100)


class FollowOut(Schema):
    reference: str
    status: str
    changed_on: dt.date
