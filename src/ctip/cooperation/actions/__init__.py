"""Writes of cross-border cooperation: each checked, atomic, audited in its transaction."""

from ctip.cooperation.actions.handover import (
    HandoverInput,
    ReceptionInput,
    ScreeningChangeInput,
    handover_close,
    handover_plan,
    person_receive,
    screening_reschedule,
)
from ctip.cooperation.actions.joint import (
    AssistanceAnswerInput,
    AssistanceInput,
    JointInput,
    TransferDirection,
    TransferInput,
    TransferKind,
    assistance_answer,
    assistance_send,
    joint_open,
    transfer_record,
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
    "AssistanceAnswerInput",
    "AssistanceInput",
    "HandoverInput",
    "JointInput",
    "ManifestReport",
    "NeedInput",
    "PersonInput",
    "ReceptionInput",
    "RowProblem",
    "ScreeningChangeInput",
    "TransferDirection",
    "TransferInput",
    "TransferKind",
    "VerificationInput",
    "assistance_answer",
    "assistance_send",
    "handover_close",
    "handover_plan",
    "joint_open",
    "manifest_check",
    "manifest_import",
    "need_done",
    "need_record",
    "person_receive",
    "photo_add",
    "screening_reschedule",
    "transfer_record",
    "verification_create",
    "verification_person_answer",
    "verification_remind",
]
