"""What the hotline does: calls (``calls``), tracing requests (``requests``), ransom
demands and evidence (``ransom``), families' notices (``family``) and matching
(``matching``). Each action takes the actor and a frozen dataclass, is atomic as a whole
and records its audit event in the same transaction."""

from ctip.hotline.actions.calls import (
    CallInput,
    call_called_back,
    call_log,
    call_open_case,
    call_open_report,
)
from ctip.hotline.actions.compound import CompoundInput, request_compound
from ctip.hotline.actions.family import notices_deliver
from ctip.hotline.actions.matching import MatchDecision, match_decide, request_match
from ctip.hotline.actions.ransom import (
    EvidenceInput,
    RansomInput,
    evidence_add,
    evidence_read,
    ransom_freeze,
    ransom_record,
)
from ctip.hotline.actions.requests import (
    ContactInput,
    RequestInput,
    StatusInput,
    request_record,
    request_status,
)

__all__ = [
    "CallInput",
    "CompoundInput",
    "ContactInput",
    "EvidenceInput",
    "MatchDecision",
    "RansomInput",
    "RequestInput",
    "StatusInput",
    "call_called_back",
    "call_log",
    "call_open_case",
    "call_open_report",
    "evidence_add",
    "evidence_read",
    "match_decide",
    "notices_deliver",
    "ransom_freeze",
    "ransom_record",
    "request_compound",
    "request_match",
    "request_record",
    "request_status",
]
