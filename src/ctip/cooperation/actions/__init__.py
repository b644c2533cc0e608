"""Writes of cross-border cooperation: each checked, atomic, audited in its transaction."""

from ctip.cooperation.actions.handover import (
    HandoverInput,
    ReceptionInput,
    handover_close,
    handover_plan,
    person_receive,
)
from ctip.cooperation.actions.manifest import (
    ManifestReport,
    RowProblem,
    manifest_check,
    manifest_import,
)
from ctip.cooperation.actions.needs import NeedInput, need_done, need_record
from ctip.cooperation.actions.photos import photo_add
from ctip.cooperation.actions.verification import (
    AnswerInput,
    PersonInput,
    VerificationInput,
    verification_create,
    verification_person_answer,
    verification_remind,
)

__all__ = [
    "AnswerInput",
    "HandoverInput",
    "ManifestReport",
    "NeedInput",
    "PersonInput",
    "ReceptionInput",
    "RowProblem",
    "VerificationInput",
    "handover_close",
    "handover_plan",
    "manifest_check",
    "manifest_import",
    "need_done",
    "need_record",
    "person_receive",
    "photo_add",
    "verification_create",
    "verification_person_answer",
    "verification_remind",
]
