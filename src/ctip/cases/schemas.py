"""API shapes of the cases app.

Input schemas say what is required and name closed vocabularies as enumerations, so the
OpenAPI document shows both and a body that breaks them is a 422 before any handler runs.
A 422 says nothing about a record: the body is judged the same whether the record exists
in the caller's scope or not.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from ctip.cases.engine.children import AgeBasis
from ctip.cases.engine.support import SupportType
from ctip.cases.engine.workflow import CaseStatus, ExitMode, IntakeChannel
from ctip.cases.models import HandoverStatus, IdentificationOutcome, LinkKind, Sex
from ctip.cases.models import IndicatorKind as ContactKind
from ctip.core.schemas import Count, Id, Line, Name, SmallCount, Word
from ctip.core.values import CountryIn, MoneyIn


class CaseIn(Schema):
    # Stored as "api:<account id>:<key>" in a column of 80 characters: 4 + 19 + 1 + 56.
    idempotency_key: str | None = Field(None, max_length=56)
    full_name: str = Field(..., min_length=1, max_length=200)
    intake_channel: IntakeChannel
    intake_date: dt.date
    other_names: list[Name] = Field(default_factory=list, max_length=20)
    identity_kind: str = Field("cccd", max_length=20)
    identity_number: str = Field("", max_length=40)
    phone: str = Field("", max_length=40)
    address: str = Field("", max_length=500)
    birth_date: dt.date | None = None
    age_min: SmallCount | None = None
    age_max: SmallCount | None = None
    age_basis: AgeBasis | None = Field(
        None, description="How the age or the date of birth was estimated."
    )
    sex: Sex = Sex.UNKNOWN
    nationality: CountryIn = "VN"
    ethnicity: str = Field("", max_length=60)
    languages: list[Word] = Field(default_factory=list, max_length=20)
    home_province: str | None = Field(None, max_length=40)
    home_commune: str = Field("", max_length=200)
    exploitation_country: CountryIn = ""
    exploitation_locality: str = Field("", max_length=200)
    compound: str = Field("", max_length=200)
    compound_id: int | None = Field(
        None, description="A compound of the register; found from `compound` when absent."
    )
    exit_mode: ExitMode = ExitMode.UNKNOWN
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

    # Read from a ``Case`` or a ``selectors.CaseFile`` (which reads through to its case).

    @staticmethod
    def resolve_lead_agency(obj: Any) -> str:
        return str(obj.lead_agency.code)

    @staticmethod
    def resolve_assigned_worker(obj: Any) -> str | None:
        return obj.assigned_worker.username if obj.assigned_worker else None

    @staticmethod
    def resolve_has_overdue(obj: Any) -> bool:
        return bool(getattr(obj, "has_overdue", False))


class PersonOut(Schema):
    id: int
    full_name: str
    other_names: list[str]
    identity_number: str
    phone: str
    birth_date: dt.date | None
    age_min: int | None
    age_max: int | None
    age_basis: str = Field(description="How the age was estimated; empty when not said.")
    sex: str
    nationality: str
    ethnicity: str
    languages: list[str]
    home_province: str | None
    home_commune: str

    @staticmethod
    def resolve_other_names(obj: Any) -> list[str]:
        return list(obj.other_names or [])

    @staticmethod
    def resolve_languages(obj: Any) -> list[str]:
        return list(obj.languages or [])

    @staticmethod
    def resolve_home_province(obj: Any) -> str | None:
        return obj.home_province.code if obj.home_province else None


class ReferralOut(Schema):
    id: int
    provider: str
    agency: str
    services: list[str]
    status: str
    created_at: dt.datetime

    @staticmethod
    def resolve_provider(obj: Any) -> str:
        return str(obj.provider.name)

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return str(obj.provider.agency.code)


class FollowUpOut(Schema):
    id: int
    sequence: int
    months: int
    due_on: dt.date
    done_on: dt.date | None
    outcomes: dict[str, int]


class DeliveryOut(Schema):
    id: int
    # "sensitive" for health support when the caller may not read sensitive sections.
    support_type: str
    delivered_on: dt.date
    cost: Decimal | None

    @staticmethod
    def resolve_support_type(obj: Any) -> str:
        return str(obj.support_type or "sensitive")


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

    @staticmethod
    def resolve_approved(obj: Any) -> bool:
        return obj.approved_at is not None


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
    compound_id: int | None = None
    screening_on: dt.date | None = None
    exit_mode: str
    screenings: list[ScreeningOut]
    decisions: list[DecisionOut]
    referrals: list[ReferralOut]
    deliveries: list[DeliveryOut]
    followups: list[FollowUpOut]
    consent: ConsentOut | None = None
    plan: PlanOut | None = None
    shares: list[ShareOut] = []

    @staticmethod
    def resolve_compound_id(obj: Any) -> int | None:
        case = getattr(obj, "case", obj)
        return getattr(case, "linked_compound_id", None)

    @staticmethod
    def resolve_screening_on(obj: Any) -> dt.date | None:
        return getattr(getattr(obj, "case", obj), "screening_on", None)


class TransitionIn(Schema):
    target: CaseStatus
    version: Count | None = None
    reason: str = Field("", max_length=2000)


class ConsentIn(Schema):
    processing: bool
    later_contact: bool = False
    share_agencies: list[Id] = Field(default_factory=list, max_length=100)
    given_on: dt.date


class ScreeningIn(Schema):
    version: Count | None = None
    answers: dict[Word, Word | list[Word]] = Field(max_length=200)
    interviewed_on: dt.date
    minor_at_recruitment: bool = False
    questionnaire_version: str | None = Field(None, max_length=20)


class DecisionIn(Schema):
    outcome: IdentificationOutcome
    legal_basis: str = Field(..., min_length=1, max_length=300)
    evidence: list[Line] = Field(default_factory=list, max_length=50)
    decided_on: dt.date


class ReferralIn(Schema):
    provider_id: Id
    services: list[SupportType] = Field(min_length=1, max_length=20)
    note: str = Field("", max_length=2000)
    override_reason: str = Field("", max_length=2000)


class ReferralAnswerIn(Schema):
    answer: Literal["accept", "decline", "complete"]
    reason: str = Field("", max_length=2000)


class DeliveryIn(Schema):
    support_type: SupportType
    delivered_on: dt.date
    cost: MoneyIn = None
    note: str = Field("", max_length=2000)


class FollowUpDoneIn(Schema):
    done_on: dt.date
    outcomes: dict[Word, SmallCount] = Field(default_factory=dict, max_length=20)
    note: str = Field("", max_length=4000)


class CandidateOut(Schema):
    person_id: int | None
    score: float
    level: str
    reasons: list[str]
    # The lead agency only when the caller may read that record; otherwise null and
    # ``held_elsewhere`` true.
    agency: str | None
    held_elsewhere: bool

    @staticmethod
    def resolve_agency(obj: Any) -> str | None:
        return obj.agency.code if obj.agency else None


class LinkIn(Schema):
    other_id: Id
    kind: LinkKind = LinkKind.LINK
    reason: str = Field(..., min_length=1, max_length=2000)


class LinkOut(Schema):
    id: int
    person_id: int
    other_id: int
    kind: str
    undone: bool

    @staticmethod
    def resolve_undone(obj: Any) -> bool:
        return obj.undone_at is not None


class ProviderOut(Schema):
    id: int
    name: str
    agency: str
    province: str | None
    services: list[str]
    capacity: int | None
    contact: str

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return str(obj.agency.code)

    @staticmethod
    def resolve_province(obj: Any) -> str | None:
        return obj.province.code if obj.province else None


class CtdcOut(Schema):
    k: int
    total: int
    suppressed: int
    generalised: dict[str, str]
    rows: list[dict[str, str]]


class PlanIn(Schema):
    """The whole plan (a PUT replaces it): every field required, nothing else accepted, so a
    body that is not a plan cannot erase the goals."""

    model_config = ConfigDict(extra="forbid")

    goals: str = Field(..., max_length=4000)
    support_types: list[SupportType] = Field(..., max_length=20)
    version: int = Field(
        ..., ge=0, description="The plan's version as read (0 when there is no plan yet)."
    )


class PlanOut(Schema):
    goals: str
    support_types: list[str]
    updated_at: dt.datetime
    version: int


class AssignIn(Schema):
    worker_id: Id | None = Field(None, description="Leave out to unassign.")
    version: Count | None = None


class ShareIn(Schema):
    agency_id: Id
    reason: str = Field(..., min_length=1, max_length=2000)
    override_reason: str = Field("", max_length=2000)


class ShareOut(Schema):
    id: int
    agency: str
    consent_override: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return str(obj.agency.code)

    @staticmethod
    def resolve_consent_override(obj: Any) -> bool:
        return bool(obj.consent_override)


class ScheduleIn(Schema):
    start: dt.date
    months: list[SmallCount] | None = Field(
        None,
        max_length=24,
        description="Months after `start` of each visit; 1, 3, 6 and 12 when absent. A "
        "child's visits are at least as frequent as these.",
    )


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

    @staticmethod
    def resolve_uploaded_by(obj: Any) -> str:
        return str(obj.uploaded_by.username)

    @staticmethod
    def resolve_download(obj: Any) -> str:
        return f"/api/v1/cases/documents/{obj.pk}"


class ForcedActIn(Schema):
    act: str = Field(..., min_length=1, max_length=60)
    coercion: list[Word] = Field(min_length=1, max_length=20)
    description: str = Field("", max_length=2000)
    place: str = Field("", max_length=200)
    period: str = Field("", max_length=200)


class StatementIn(Schema):
    acts: list[ForcedActIn] = Field(min_length=1, max_length=50)
    interviewed_on: dt.date


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
    kind: ContactKind
    value: str = Field(..., min_length=1, max_length=300)
    # The bank or e-wallet (accounts), the platform (social accounts), the network (crypto).
    detail: str = Field("", max_length=100)
    note: str = Field("", max_length=500)


class NetworkOut(Schema):
    id: str
    size: int


class CaseContactOut(Schema):
    id: int
    kind: str
    display: str
    note: str
    reports: int
    networks: list[NetworkOut]
    other_cases: int
    added_by: str
    created_at: dt.datetime


class CaseHandoverAnswer(StrEnum):
    ACCEPT = "accept"
    RETURN = "return"


class CaseHandoverIn(Schema):
    """Hand the case to another agency; the reason is required."""

    agency_id: Id
    reason: str = Field(..., min_length=1, max_length=2000)
    version: int | None = None


class CaseHandoverAnswerIn(Schema):
    """Accept the case (the agency leads it from now on) or return it, with a reason."""

    answer: CaseHandoverAnswer
    reason: str = Field("", max_length=2000)


class CaseHandoverOut(Schema):
    id: int
    case_id: int
    case: str = Field(..., alias="case.reference")
    from_agency: str
    to_agency: str
    status: HandoverStatus
    status_label: str
    reason: str
    answer_reason: str
    created_at: dt.datetime
    answered_at: dt.datetime | None

    @staticmethod
    def resolve_from_agency(obj: Any) -> str:
        return str(obj.from_agency)

    @staticmethod
    def resolve_to_agency(obj: Any) -> str:
        return str(obj.to_agency)

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.get_status_display())


class CaseSearchBy(StrEnum):
    NAME = "name"
    IDENTITY_NUMBER = "identity_number"
    PHONE = "phone"


class CaseSearchIn(Schema):
    """A full name (any order, with or without diacritics), an identity number or a phone.

    Sent in the body, never in the address, so that it stays out of access logs."""

    q: str = Field(..., min_length=3, max_length=200)


class CaseSearchOut(Schema):
    by: list[CaseSearchBy]
    cases: list[CaseSummaryOut]
