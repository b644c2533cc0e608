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


class EnterpriseStatusIn(Schema):
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


class LicenceRowErrorOut(Schema):
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
    errors: list[LicenceRowErrorOut]


class EnterpriseStatusChangeOut(Schema):
    name: str
    licence_number: str
    status: str
    status_label: str
    decision: str
    decided_on: dt.date | None
    published_at: dt.datetime


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


# Workers abroad and incidents ---------------------------------------------------------

IncidentKindIn = Literal["abuse", "unpaid_wages", "passport", "moved", "end_contract", "other"]
SignIn = Literal[
    "passport_taken",
    "unpaid_wages",
    "debt",
    "threats",
    "violence",
    "no_contact",
    "cannot_leave",
    "forced_work",
    "sold",
    "scam_compound",
    "sexual_exploitation",
]
OutcomeIn = Literal[
    "resolved", "moved_employer", "returned", "contract_ended", "referred", "unfounded"
]


class BoardIn(Schema):
    name: str = Field(max_length=200)
    country: str = Field(max_length=100)
    covers: list[Short] = Field(default_factory=list, max_length=50)
    agency_id: int = Field(ge=1, le=2**63 - 1)
    email: str = Field("", max_length=200)
    phone: str = Field("", max_length=40)


class BoardOut(Schema):
    id: int
    name: str
    country: str
    covers: list[str]
    agency: str
    email: str
    phone: str


class ContractIn(Schema):
    licence_number: str = Field(max_length=60)
    number: str = Field(max_length=60)
    employer: str = Field(max_length=300)
    destination: str = Field(max_length=100)
    job: str = Field(max_length=100)
    starts_on: dt.date
    ends_on: dt.date
    registered_on: dt.date
    # An amount, or months of wages ("2 tháng lương").
    service_fee: str = Field("", max_length=100)
    brokerage: MoneyIn = None
    monthly_wage: MoneyIn = None


class ContractOut(Schema):
    id: int
    number: str
    destination: str
    enterprise: str


class WorkerIn(Schema):
    full_name: str = Field(max_length=200)
    destination: str = Field(max_length=100)
    contract_id: int | None = Field(None, ge=1, le=2**63 - 1)
    birth_date: dt.date | None = None
    identity_number: str = Field("", max_length=20)
    passport_number: str = Field("", max_length=20)
    phone: str = Field("", max_length=40)
    family_contact: str = Field("", max_length=500)
    departed_on: dt.date | None = None


class WorkerRowOut(Schema):
    id: int
    destination: str
    departed_on: dt.date | None
    returned_on: dt.date | None
    contract: str
    enterprise: str
    board: str


class OrientationOut(Schema):
    course: str
    provider: str
    completed_on: dt.date
    certificate: str


class WorkerDetailOut(Schema):
    worker: WorkerRowOut
    full_name: str
    birth_date: dt.date | None
    identity_number: str
    passport_number: str
    phone: str
    family_contact: str
    orientations: list[OrientationOut]
    incidents: list[str]


class OrientationIn(Schema):
    course: str = Field(max_length=200)
    completed_on: dt.date
    provider: str = Field("", max_length=200)
    certificate: str = Field("", max_length=60)


class ReturnIn(Schema):
    returned_on: dt.date


class IncidentIn(Schema):
    kind: IncidentKindIn
    country: str = Field(max_length=100)
    signs: list[SignIn] = Field(default_factory=list, max_length=11)
    worker_name: str = Field("", max_length=200)
    enterprise: str = Field("", max_length=300)
    employer: str = Field("", max_length=300)
    narrative: str = Field("", max_length=5000)
    contact: str = Field("", max_length=300)


class PublicIncidentIn(IncidentIn):
    reporter: Literal["worker", "family"]


class StaffIncidentIn(IncidentIn):
    reporter: Literal["worker", "family", "staff"] = "staff"
    worker_id: int | None = Field(None, ge=1, le=2**63 - 1)
    # A name or alias naming exactly one scam compound of the register.
    compound_name: str = Field("", max_length=200)


class IncidentReceivedOut(Schema):
    reference: str
    # Shown once: with the reference, it follows the incident (POST /incidents/follow).
    secret: str


class RegistryIncidentCaseOut(Schema):
    reference: str  # the incident's
    case_id: int  # the protection case opened (GET /api/v1/cases/{case_id})


class RegistryFollowIn(Schema):
    reference: str = Field(max_length=20)
    secret: str = Field(max_length=100)


class RegistryIncidentFollowOut(Schema):
    reference: str
    status: str
    reported_on: dt.date
    changed_on: dt.date


class IncidentRowOut(Schema):
    id: int
    reference: str
    kind: str
    kind_label: str
    reporter_label: str
    country: str
    status: str
    status_label: str
    trafficking_signs: bool
    board: str
    enterprise: str
    board_due_at: dt.datetime | None
    enterprise_due_at: dt.datetime | None
    overdue: bool
    reported_at: dt.datetime
    case_id: int | None


class IncidentDetailOut(Schema):
    incident: IncidentRowOut
    signs: list[str]
    worker_id: int | None
    worker_name: str
    contact: str
    narrative: str
    employer: str
    outcome: str
    outcome_label: str
    outcome_note: str
    compound: str


class CloseIn(Schema):
    outcome: OutcomeIn
    note: str = Field("", max_length=2000)


class IncidentCompoundIn(Schema):
    """One of the names or aliases of a scam compound of the register; empty clears it."""

    compound_name: str = Field("", max_length=200)


class OpenCaseIn(Schema):
    full_name: str = Field("", max_length=200)


class IdentityDocumentIn(Schema):
    # What a QR scanner gives for the citizen card, or the MRZ lines of a passport.
    text: str = Field(max_length=2000)


class IdentityDocumentOut(Schema):
    kind: Literal["cccd", "passport", "id_card"]
    number: str
    full_name: str
    birth_date: dt.date | None
    sex: Literal["male", "female", "unknown"]
    nationality: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    address: str
    old_number: str
    verification: Literal["consistent", "inconsistent", "unverified"]
    problems: list[str]
