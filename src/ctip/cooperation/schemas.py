"""API shapes of cross-border cooperation (English words; closed vocabularies as enums).

What the API returns is what the selectors return: each output schema is built from the
selector's frozen dataclass (its fields in order, every one required), less the fields
that only the pages use, with nested dataclasses replaced by their schemas."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from enum import StrEnum
from types import GenericAlias
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import create_model

from ctip.cooperation import selectors
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


class CooperationAssistanceIn(Schema):
    subject: str = Field(..., min_length=1, max_length=4000, description="What is asked")
    days: int = Field(60, ge=1, le=365, description="Days to answer (60 by default)")


class CooperationAssistanceAnswerIn(Schema):
    answer: str = Field(..., min_length=1, max_length=4000)


def many(schema: type[Schema]) -> Any:
    """``list[schema]`` for a schema built at import time."""
    return GenericAlias(list, (schema,))


def _out(
    name: str,
    view: type,
    *,
    leave_out: tuple[str, ...] = (),
    types: dict[str, Any] | None = None,
) -> type[Schema]:
    """The output schema ``name`` of the dataclass ``view``."""
    hints = typing.get_type_hints(view)
    fields: dict[str, Any] = {
        f.name: ((types or {}).get(f.name, hints[f.name]), ...)
        for f in dataclasses.fields(view)
        if f.name not in leave_out
    }
    return create_model(name, __base__=Schema, __module__=__name__, **fields)


VerificationRowOut = _out("VerificationRowOut", selectors.VerificationRow)
VerificationPersonOut = _out("VerificationPersonOut", selectors.PersonView)
VerificationOut = _out(
    "VerificationOut",
    selectors.VerificationPage,
    leave_out=("may_add_photos", "partner_view"),
    types={"request": VerificationRowOut, "persons": many(VerificationPersonOut)},
)
HandoverRowOut = _out("HandoverRowOut", selectors.HandoverRow)
NeedOut = _out("NeedOut", selectors.NeedView)
ArrivalOut = _out("ArrivalOut", selectors.ArrivalView, types={"needs": many(NeedOut)})
HandoverOut = _out(
    "HandoverOut",
    selectors.HandoverPage,
    leave_out=("partner_view",),
    types={
        "handover": HandoverRowOut,
        "transit_countries": list[str],
        "receiving_agencies": list[str],
        "persons": many(ArrivalOut),
    },
)
CooperationJointRowOut = _out("CooperationJointRowOut", selectors.JointRow)
CooperationAssistanceOut = _out(
    "CooperationAssistanceOut", selectors.AssistanceView, types={"direction": DirectionCode}
)
CooperationTransferOut = _out(
    "CooperationTransferOut", selectors.TransferView, leave_out=("accused_id",)
)
CooperationJointOut = _out(
    "CooperationJointOut",
    selectors.JointPage,
    leave_out=("case_id", "partner"),
    types={
        "requests": many(CooperationAssistanceOut),
        "transfers": many(CooperationTransferOut),
    },
)
