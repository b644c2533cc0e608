"""API shapes of the cases app.

Bodies of operations on an existing record give every field a default: the record is found
(or 404) before the body is judged, so another agency learns nothing from a 422, and a
missing field is reported by the action as a problem+json 422.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from ctip.core.values import CountryIn, MoneyIn


class CaseIn(Schema):
    idempotency_key: str | None = None
    full_name: str
    intake_channel: str
    intake_date: dt.date
    other_names: list[str] = []
    identity_kind: str = "cccd"
    identity_number: str = ""
    phone: str = ""
    address: str = ""
    birth_date: dt.date | None = None
    age_min: int | None = None
    age_max: int | None = None
    sex: str = "unknown"
    nationality: CountryIn = "VN"
    ethnicity: str = ""
    languages: list[str] = []
    home_province: str | None = None
    home_commune: str = ""
    exploitation_country: CountryIn = ""
    exploitation_locality: str = ""
    compound: str = ""
    exit_mode: str = "unknown"
    left_on: dt.date | None = None
    consent_processing: bool = False
    consent_later_contact: bool = False


class CaseSummaryOut(Schema):
    id: int
    reference: str
    status: str
    intake_channel: str
    intake_date: dt.date
    lead_agency: str
    assigned_worker: str | None
    version: int
    has_overdue: bool = False

    @staticmethod
    def resolve_lead_agency(obj: Any) -> str:
        return obj["lead_agency"] if isinstance(obj, dict) else obj.lead_agency.code

    @staticmethod
    def resolve_assigned_worker(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj["assigned_worker"]
        return obj.assigned_worker.username if obj.assigned_worker else None


class PersonOut(Schema):
    id: int
    full_name: str
    other_names: list[str]
    identity_number: str
    phone: str
    birth_date: dt.date | None
    age_min: int | None
    age_max: int | None
    sex: str
    nationality: str
    ethnicity: str
    languages: list[str]
    home_province: str | None
    home_commune: str


class ReferralOut(Schema):
    id: int
    provider: str
    agency: str
    services: list[str]
    status: str
    created_at: dt.datetime


class FollowUpOut(Schema):
    id: int
    sequence: int
    months: int
    due_on: dt.date
    done_on: dt.date | None
    outcomes: dict[str, int]


class DeliveryOut(Schema):
    id: int
    support_type: str
    delivered_on: dt.date
    cost: Decimal | None


class ScreeningOut(Schema):
    id: int
    questionnaire_version: str
    recommendation: str
    interviewed_on: dt.date
    indicators: list[dict[str, str]]
    flags: list[str]


class DecisionOut(Schema):
    id: int
    outcome: str
    legal_basis: str
    decided_on: dt.date
    approved: bool


class ConsentOut(Schema):
    """The consent in force (the latest not withdrawn)."""

    processing: bool
    later_contact: bool
    share_agencies: list[str]  # agency codes
    given_on: dt.date


class CaseOut(CaseSummaryOut):
    person: PersonOut
    exploitation_country: str
    exploitation_locality: str
    compound: str
    exit_mode: str
    screenings: list[ScreeningOut]
    decisions: list[DecisionOut]
    referrals: list[ReferralOut]
    deliveries: list[DeliveryOut]
    followups: list[FollowUpOut]
    consent: ConsentOut | None = None
    plan: PlanOut | None = None
    shares: list[ShareOut] = []


class TransitionIn(Schema):
    target: str = ""
    version: int | None = None
    reason: str = ""


class ConsentIn(Schema):
    processing: bool = False
    later_contact: bool = False
    share_agencies: list[int] = []
    given_on: dt.date | None = None


class ScreeningIn(Schema):
    version: int | None = None
    answers: dict[str, str | list[str]] = {}
    interviewed_on: dt.date | None = None
    minor_at_recruitment: bool = False
    questionnaire_version: str | None = None


class DecisionIn(Schema):
    outcome: str = ""
    legal_basis: str = ""
    evidence: list[str] = []
    decided_on: dt.date | None = None


class ReferralIn(Schema):
    provider_id: int | None = None
    services: list[str] = []
    note: str = ""
    override_reason: str = ""


class AnswerIn(Schema):
    answer: str = ""
    reason: str = ""


class DeliveryIn(Schema):
    support_type: str = ""
    delivered_on: dt.date | None = None
    cost: MoneyIn = None
    note: str = ""


class FollowUpDoneIn(Schema):
    done_on: dt.date | None = None
    outcomes: dict[str, int] = {}
    note: str = ""


class CandidateOut(Schema):
    person_id: int | None
    score: float
    level: str
    reasons: list[str]
    agency: str | None


class LinkIn(Schema):
    other_id: int | None = None
    kind: str = "link"
    reason: str = ""


class LinkOut(Schema):
    id: int
    person_id: int
    other_id: int
    kind: str
    undone: bool


class ProviderOut(Schema):
    id: int
    name: str
    agency: str
    province: str | None
    services: list[str]
    capacity: int | None
    contact: str


class ImportOut(Schema):
    id: int
    already_imported: bool
    rows_total: int
    cases_created: list[int]
    skipped_rows: list[int]
    problems: list[dict[str, str | int]]


class CtdcOut(Schema):
    k: int
    total: int
    suppressed: int
    generalised: dict[str, str]
    rows: list[dict[str, str]]


class PlanIn(Schema):
    goals: str = ""
    support_types: list[str] = []


class PlanOut(Schema):
    goals: str
    support_types: list[str]
    updated_at: dt.datetime


class AssignIn(Schema):
    worker_id: int | None = None
    version: int | None = None


class ShareIn(Schema):
    agency_id: int | None = None
    reason: str = ""
    override_reason: str = ""


class ShareOut(Schema):
    id: int
    agency: str
    consent_override: bool
    created_at: dt.datetime


class ScheduleIn(Schema):
    start: dt.date | None = None


class DocumentOut(Schema):
    id: int
    case_id: int
    kind: str
    # Empty for a medical record when the caller may not read sensitive sections.
    title: str
    content_type: str
    size: int
    sensitive: bool
    uploaded_by: str
    created_at: dt.datetime
    download: str


class ForcedActIn(Schema):
    act: str = ""
    coercion: list[str] = []
    description: str = ""
    place: str = ""
    period: str = ""


class StatementIn(Schema):
    acts: list[ForcedActIn] = []
    interviewed_on: dt.date | None = None


class StatementOut(Schema):
    id: int
    interviewed_on: dt.date
    acts: list[dict[str, Any]]


class NoteOut(Schema):
    case: str
    language: str
    text: str
    printed_by: str


class OverdueOut(Schema):
    id: int
    case_id: int
    case: str = Field(..., alias="case.reference")
    sequence: int
    months: int
    due_on: dt.date


class IncomingReferralOut(Schema):
    id: int
    case_id: int
    case: str = Field(..., alias="case.reference")
    provider: str = Field(..., alias="provider.name")
    services: list[str]
    status: str
    created_at: dt.datetime


class TimelineOut(Schema):
    seq: int
    occurred_at: dt.datetime
    event_type: str
    actor: str = Field(..., alias="actor_label")
    fields: list[str]


class ContactIn(Schema):
    kind: str = ""
    value: str = ""
    # The bank or e-wallet (accounts), the platform (social accounts), the network (crypto).
    detail: str = ""
    note: str = ""


class NetworkOut(Schema):
    id: str
    size: int


class ContactOut(Schema):
    id: int
    kind: str
    display: str
    note: str
    reports: int
    networks: list[NetworkOut]
    other_cases: int
    added_by: str
    created_at: dt.datetime
