"""API shapes of cross-border cooperation (English words; closed vocabularies as enums)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from ninja import Field, Schema

from ctip.core.schemas import Id

Country = Annotated[str, Field(max_length=100, examples=["TH"])]


class DirectionCode(StrEnum):
    FROM_ABROAD = "from_abroad"
    TO_ABROAD = "to_abroad"


class AnswerCode(StrEnum):
    CONFIRMED = "confirmed"
    NOT_FOUND = "not_found"
    MORE_INFO = "more_info"


class ArrivalCode(StrEnum):
    ARRIVED = "arrived"
    ABSENT = "absent"


class OutcomeCode(StrEnum):
    VICTIM_SUPPORT = "victim_support"
    CRIMINAL_POLICE = "criminal_police"
    ADMINISTRATIVE = "administrative"
    PLAIN_RETURN = "plain_return"


class NeedCode(StrEnum):
    TRAVEL_DOCUMENT = "travel_document"
    CONSULAR = "consular"
    TRANSPORT = "transport"
    MEDICAL = "medical"
    OTHER = "other"


class VerificationPersonIn(Schema):
    full_name: str = Field(
        ..., min_length=1, max_length=200, description="As written, Latin letters"
    )
    sex: str = Field("", max_length=10, description="M, F or empty")
    birth: str = Field(
        "", max_length=20, description="A date (DD/MM/YYYY or YYYY-MM-DD), a year or an age"
    )
    home_place: str = Field("", max_length=200, description="Home place in any spelling")
    document_number: str = Field("", max_length=40)


class VerificationIn(Schema):
    persons: list[VerificationPersonIn] = Field(..., min_length=1, max_length=2000)
    counterpart: Id | None = Field(None, description="The counterpart abroad (its own staff: omit)")
    verifying_agency: Id | None = Field(None, description="The Vietnamese agency that answers")
    direction: DirectionCode = DirectionCode.FROM_ABROAD
    received_on: dt.date | None = None
    days: int = Field(30, ge=1, le=180, description="Days to answer (30 by default)")
    their_reference: str = Field("", max_length=60)
    compound: Id | None = None


class AnswerIn(Schema):
    answer: AnswerCode
    note: str = Field("", max_length=2000)


class VerificationRowOut(Schema):
    id: int
    number: str
    direction: str
    counterpart: str
    verifying_agency: str
    received_on: dt.date
    deadline: dt.date
    days_left: int
    status: str
    status_label: str
    persons: int
    answered: int


class VerificationPersonOut(Schema):
    id: int
    row: int
    full_name: str
    sex: str
    birth: str
    child: str  # in words when the list makes the person possibly under 18, else ""
    home_place: str
    home_province: str
    document_number: str
    answer: str
    answer_label: str
    answer_note: str
    on_file: str
    tracing_matches: int | None
    has_photo: bool


class VerificationOut(Schema):
    request: VerificationRowOut
    their_reference: str
    compound: str
    compound_id: int | None
    may_answer: bool
    persons: list[VerificationPersonOut]


class HandoverIn(Schema):
    on: dt.date
    gate: str = Field(..., max_length=60, description="A code from GET /cooperation/gates")
    counterpart: Id
    receiving_agencies: list[Id] = Field(default_factory=list, max_length=20)
    transit_countries: list[Country] = Field(default_factory=list, max_length=10)
    compound: Id | None = None


class ReceptionIn(Schema):
    arrival: ArrivalCode
    identity_checked: bool = False
    outcome: OutcomeCode | None = None


class NeedIn(Schema):
    kind: NeedCode
    agency: Id
    note: str = Field("", max_length=2000)


class NeedDoneIn(Schema):
    on: dt.date


class CooperationScreeningIn(Schema):
    on: dt.date
    reason: str = Field(..., max_length=1000)


class CooperationScreeningOut(Schema):
    old_on: dt.date
    new_on: dt.date


class GateOut(Schema):
    code: str
    name_vi: str
    name_en: str
    province: str
    country: str
    neighbour_gate: str
    kind: str


class HandoverRowOut(Schema):
    id: int
    number: str
    on: dt.date
    gate: str
    gate_name: str
    counterpart: str
    status: str
    status_label: str
    persons: int
    arrived: int


class NeedOut(Schema):
    id: int
    kind: str
    kind_label: str
    agency: str
    note: str
    done_on: dt.date | None


class ArrivalOut(Schema):
    id: int
    row: int
    full_name: str
    sex: str
    birth: str
    child: str  # in words when the list makes the person possibly under 18, else ""
    home_place: str
    home_province: str
    document_number: str
    remark: str
    arrival: str
    arrival_label: str
    identity_checked: bool | None
    outcome_label: str
    case_id: int | None
    on_file: str
    needs: list[NeedOut]


class HandoverOut(Schema):
    handover: HandoverRowOut
    transit_countries: list[str]
    receiving_agencies: list[str]
    lead_agency: str
    compound: str
    compound_id: int | None
    may_receive: bool
    may_close: bool
    may_import: bool
    persons: list[ArrivalOut]


class JobOut(Schema):
    job: int
    url: str


class CooperationJointRowOut(Schema):
    id: int
    number: str
    case_reference: str
    counterpart: str
    agency: str
    opened_on: dt.date
    requests_open: int


class CooperationAssistanceOut(Schema):
    id: int
    direction: DirectionCode
    direction_label: str
    subject: str
    sent_on: dt.date
    deadline: dt.date
    answer: str
    answered_on: dt.date | None
    overdue: bool
    may_answer: bool


class CooperationTransferOut(Schema):
    id: int
    full_name: str
    nationality: str
    kind: str
    kind_label: str
    direction: str
    direction_label: str
    transferred_on: dt.date


class CooperationJointOut(Schema):
    id: int
    number: str
    case_reference: str
    counterpart: str
    agency: str
    summary: str
    opened_on: dt.date
    requests: list[CooperationAssistanceOut]
    transfers: list[CooperationTransferOut]


class CooperationAssistanceIn(Schema):
    subject: str = Field(..., min_length=1, max_length=4000, description="What is asked")
    days: int = Field(60, ge=1, le=365, description="Days to answer (60 by default)")


class CooperationAssistanceAnswerIn(Schema):
    answer: str = Field(..., min_length=1, max_length=4000)
