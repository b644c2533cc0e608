"""What the hotline does: calls (``calls``), tracing requests (``requests``), ransom
demands (``ransom``), evidence and its custody (``evidence``), families' notices
(``family``) and matching (``matching``). Each action takes the actor and a frozen
dataclass, is atomic as a whole and records its audit event in the same transaction."""

from ctip.hotline.actions.abroad import AbroadInput, request_pass_abroad
from ctip.hotline.actions.calls import (
    CallInput,
    call_called_back,
    call_log,
    call_open_case,
    call_open_report,
)
from ctip.hotline.actions.child import request_open_case
from ctip.hotline.actions.compound import CompoundInput, request_compound
from ctip.hotline.actions.evidence import (
    EvidenceInput,
    HandOverInput,
    evidence_add,
    evidence_export,
    evidence_hand_over,
    evidence_read,
)
from ctip.hotline.actions.family import notices_deliver
from ctip.hotline.actions.matching import MatchDecision, match_decide, request_match
from ctip.hotline.actions.ransom import RansomInput, ransom_freeze, ransom_record
from ctip.hotline.actions.requests import (
    ContactInput,
    RequestInput,
    StatusInput,
    request_record,
    request_status,
)

__all__ = [
    "AbroadInput",
    "CallInput",
    "CompoundInput",
    "ContactInput",
    "EvidenceInput",
    "HandOverInput",
    "MatchDecision",
    "RansomInput",
    "RequestInput",
    "StatusInput",
    "call_called_back",
    "call_log",
    "call_open_case",
    "call_open_report",
    "evidence_add",
    "evidence_export",
    "evidence_hand_over",
    "evidence_read",
    "match_decide",
    "notices_deliver",
    "ransom_freeze",
    "ransom_record",
    "request_compound",
    "request_match",
    "request_open_case",
    "request_pass_abroad",
    "request_record",
    "request_status",
]
