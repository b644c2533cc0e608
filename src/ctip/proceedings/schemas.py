"""API shapes of criminal proceedings: inputs with closed vocabularies as enumerations,
outputs built from the selectors' dataclasses."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from ninja import Field, Schema

from ctip.core.schemas import Id
from ctip.core.values import CountryIn, MoneyIn
from ctip.proceedings.actions.victims import PROTECTION_MEASURES
from ctip.proceedings.models import (
    AssetStatus,
    DenunciationKind,
    LinkKind,
    MeasureKind,
    Outcome,
    Resolution,
    SentenceKind,
    Seriousness,
    Sex,
    SourceKind,
    WitnessStatus,
)


class DecisionChoice(StrEnum):
    """The decisions that follow an initiation (``actions.cases.STEPS``)."""

    CHARGE_ACCUSED = "charge_accused"
    CONCLUDE_INVESTIGATION = "conclude_investigation"
    INDICT = "indict"
    FIRST_INSTANCE_JUDGMENT = "first_instance_judgment"
    APPEAL = "appeal"
    FINAL_JUDGMENT = "final_judgment"


class ProtectionMeasure(StrEnum):
    IDENTITY_WITHHELD = "identity_withheld"
    ESCORT = "escort"
    SHELTER = "shelter"
    NO_CONTACT = "no_contact"
    CLOSED_HEARING = "closed_hearing"


if {m.value for m in ProtectionMeasure} != set(PROTECTION_MEASURES):
    raise ImportError("The API's protection measures differ from the actions'.")


class DenunciationIn(Schema):
    kind: DenunciationKind
    received_on: dt.date
    summary: str = Field(min_length=1, max_length=10_000)
    source_kind: SourceKind = SourceKind.NONE
    source_case_id: Id | None = None
    source_reference: str = Field("", max_length=80)


class ExtensionIn(Schema):
    days: int = Field(ge=1, le=366)
    reason: str = Field(min_length=1, max_length=2000)
    procuracy_decision: str = Field("", max_length=80)


class ResolutionIn(Schema):
    resolution: Resolution
    decided_on: dt.date
    note: str = Field("", max_length=5000)
    transferred_to_id: Id | None = None
    case_title: str = Field("", max_length=300)
    seriousness: Seriousness = Seriousness.SERIOUS


class InitiateIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    initiated_on: dt.date
    seriousness: Seriousness = Seriousness.SERIOUS
    note: str = Field("", max_length=5000)


class StageDecisionIn(Schema):
    kind: DecisionChoice
    decided_on: dt.date
    agency_id: Id | None = None
    note: str = Field("", max_length=5000)
    version: int | None = None


class AccusedIn(Schema):
    full_name: str = Field(min_length=1, max_length=200)
    nationality: CountryIn = "VN"
    sex: Sex = Sex.UNKNOWN
    birth_date: dt.date | None = None
    identity_number: str = Field("", max_length=50)


class ChargeIn(Schema):
    article: str = Field(min_length=1, max_length=10)
    clause: int | None = Field(None, ge=1, le=9)
    act: str = Field(min_length=1, max_length=2000)


class AccusedMeasureIn(Schema):
    kind: MeasureKind
    starts_on: dt.date
    ends_on: dt.date | None = None


class AccusedOutcomeIn(Schema):
    outcome: Outcome


class SentenceIn(Schema):
    kind: SentenceKind
    months: int | None = Field(None, ge=1, le=360)
    fine: MoneyIn = None


class ProceedingsVictimIn(Schema):
    protection_case_id: Id | None = None
    sex: Sex = Sex.UNKNOWN
    under_16: bool = False
    under_18: bool = False
    witness_status: WitnessStatus = WitnessStatus.NOT_HEARD
    protection_measures: list[ProtectionMeasure] = Field(default_factory=list, max_length=10)
    legal_aid: bool = False


class CompensationIn(Schema):
    ordered: MoneyIn = None
    paid: MoneyIn = None


class CriminalCaseLinkIn(Schema):
    kind: LinkKind
    ref: str = Field(min_length=1, max_length=80)


class AssetIn(Schema):
    description: str = Field(min_length=1, max_length=2000)
    amount: MoneyIn = None
    status: AssetStatus
    status_on: dt.date
    returned_to_id: Id | None = None


class FileShareIn(Schema):
    agency_id: Id


class ProceedingsJointIn(Schema):
    counterpart_id: Id
    summary: str = Field(
        ...,
        min_length=1,
        max_length=4000,
        description="In English: all the counterpart reads of the case",
    )


class ProceedingsTransferKind(StrEnum):
    EXTRADITION = "extradition"
    SENTENCED = "sentenced"
    SUSPECT = "suspect"


class ProceedingsTransferDirection(StrEnum):
    TO_VIET_NAM = "to_vn"
    FROM_VIET_NAM = "from_vn"


class ProceedingsTransferIn(Schema):
    joint_id: Id
    kind: ProceedingsTransferKind
    direction: ProceedingsTransferDirection
    transferred_on: dt.date


class DenunciationOut(Schema):
    id: int
    reference: str
    kind: str
    received_on: dt.date
    due_on: dt.date
    extensions: int
    source: str
    resolution: str
    decided_on: dt.date | None
    overdue: bool
    decided_late: bool
    criminal_case_id: int | None
    open: bool


class DenunciationDetailOut(Schema):
    row: DenunciationOut
    summary: str
    reasons: str
    source_case_id: int | None
    source_call_id: int | None
    source_request_id: int | None
    source_reference: str
    received_by: str
    transferred_to: str
    resolve_source: str


class CriminalCaseOut(Schema):
    id: int
    reference: str
    title: str
    stage: str
    agency_in_charge: str
    initiated_on: dt.date
    due_on: dt.date | None
    overdue: bool


class StageDecisionOut(Schema):
    kind: str
    decided_on: dt.date
    agency: str
    stage: str


class ChargeOut(Schema):
    id: int
    article: str
    clause: int | None
    act: str
    sentence: str
    months: int | None
    fine_vnd: int | None


class MeasureOut(Schema):
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None


class AccusedOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date | None
    identity_number: str
    nationality: str
    nationality_name: str
    sex: str
    role: str
    outcome: str
    charges: list[ChargeOut]
    measures: list[MeasureOut]


class ProceedingsVictimOut(Schema):
    id: int
    protection_case_id: int | None
    sex: str
    under_16: bool
    child: bool
    witness_status: str
    protection_measures: list[str]
    legal_aid: bool
    compensation_ordered_vnd: int | None
    compensation_paid_vnd: int | None


class CriminalCaseLinkOut(Schema):
    kind: str
    ref: str


class AssetOut(Schema):
    id: int
    description: str
    amount_vnd: int
    status: str
    status_code: AssetStatus
    status_on: dt.date
    returned_to_id: int | None
    history: list[tuple[str, dt.date]]


class AssetStatusIn(Schema):
    status: AssetStatus
    status_on: dt.date
    returned_to_id: Id | None = None


class ProceedingsJointOut(Schema):
    id: int
    number: str
    counterpart: str
    opened_on: dt.date
    requests_open: int


class CaseFileOut(Schema):
    row: CriminalCaseOut
    stage_code: str
    seriousness: str
    initiating_agency: str
    stage_began_on: dt.date
    limit_source: str
    version: int
    next_decisions: list[str]
    decisions: list[StageDecisionOut]
    accused: list[AccusedOut]
    victims: list[ProceedingsVictimOut]
    links: list[CriminalCaseLinkOut]
    assets: list[AssetOut]
    origin_id: int | None
    shared_with: list[tuple[int, str]]
    joints: list[ProceedingsJointOut]


class ProceedingsCreatedOut(Schema):
    id: int


class ProceedingsFiguresOut(Schema):
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date
    current: dict[str, int]
    previous: dict[str, int]
    change: dict[str, int]
