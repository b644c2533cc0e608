"""Case statuses, intake channels and exit modes, with the allowed status moves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from ctip.cases.engine.labels import Label
from ctip.cases.engine.transitions import (
    Requirement,
    Transition,
    TransitionCheck,
    TransitionTable,
)


class CaseStatus(StrEnum):
    INTAKE = "intake"
    SCREENING = "screening"
    IDENTIFICATION = "identification"
    SUPPORT = "support"
    REINTEGRATION = "reintegration"
    CLOSED = "closed"


CASE_STATUS_LABELS: Mapping[CaseStatus, Label] = {
    CaseStatus.INTAKE: Label("Intake"),
    CaseStatus.SCREENING: Label("Screening"),
    CaseStatus.IDENTIFICATION: Label("Identification"),
    CaseStatus.SUPPORT: Label("Support"),
    CaseStatus.REINTEGRATION: Label("Reintegration"),
    CaseStatus.CLOSED: Label("Closed"),
}


class IntakeChannel(StrEnum):
    HANDOVER = "handover"
    BORDER_DETECTION = "border_detection"
    HOTLINE = "hotline"
    WALK_IN = "walk_in"
    FAMILY_REPORT = "family_report"
    POLICE_OPERATION = "police_operation"
    NGO_REFERRAL = "ngo_referral"
    NOTIFICATION_FROM_ABROAD = "notification_from_abroad"


INTAKE_CHANNEL_LABELS: Mapping[IntakeChannel, Label] = {
    IntakeChannel.HANDOVER: Label("Handover at the border"),
    IntakeChannel.BORDER_DETECTION: Label("Detected at the border"),
    IntakeChannel.HOTLINE: Label("Hotline"),
    IntakeChannel.WALK_IN: Label("Walk-in report"),
    IntakeChannel.FAMILY_REPORT: Label("Family report"),
    IntakeChannel.POLICE_OPERATION: Label("Police operation"),
    IntakeChannel.NGO_REFERRAL: Label("Referral by an NGO"),
    IntakeChannel.NOTIFICATION_FROM_ABROAD: Label("Notification from abroad"),
}


class ExitMode(StrEnum):
    """How the person left the place of exploitation."""

    ESCAPE = "escape"
    RESCUE = "rescue"
    RANSOM = "ransom"
    HANDOVER = "handover"
    DEPORTATION = "deportation"
    RELEASED = "released"
    SELF_RETURN = "self_return"
    STILL_INSIDE = "still_inside"
    UNKNOWN = "unknown"


EXIT_MODE_LABELS: Mapping[ExitMode, Label] = {
    ExitMode.ESCAPE: Label("Escaped"),
    ExitMode.RESCUE: Label("Rescued"),
    ExitMode.RANSOM: Label("Ransom paid"),
    ExitMode.HANDOVER: Label("Handed over"),
    ExitMode.DEPORTATION: Label("Deported"),
    ExitMode.RELEASED: Label("Released"),
    ExitMode.SELF_RETURN: Label("Returned on their own"),
    # Hotline calls and family reports often concern someone who has not got out yet.
    ExitMode.STILL_INSIDE: Label("Still held"),
    ExitMode.UNKNOWN: Label("Unknown"),
}

_REASON = frozenset({Requirement.REASON})

CASE_TRANSITIONS: TransitionTable[CaseStatus] = TransitionTable(
    transitions=(
        Transition(CaseStatus.INTAKE, CaseStatus.SCREENING),
        # Closing at intake covers records opened by mistake or for someone who was not
        # trafficked (for example a tourist caught in a police sweep).
        Transition(CaseStatus.INTAKE, CaseStatus.CLOSED, _REASON),
        Transition(
            CaseStatus.SCREENING,
            CaseStatus.IDENTIFICATION,
            frozenset({Requirement.SCREENING_DONE}),
        ),
        Transition(CaseStatus.SCREENING, CaseStatus.CLOSED, _REASON),
        Transition(
            CaseStatus.IDENTIFICATION,
            CaseStatus.SUPPORT,
            frozenset({Requirement.IDENTIFICATION_DECIDED}),
        ),
        # Not identified as a victim: the case closes with the decision as its reason.
        Transition(
            CaseStatus.IDENTIFICATION,
            CaseStatus.CLOSED,
            frozenset({Requirement.IDENTIFICATION_DECIDED, Requirement.REASON}),
        ),
        Transition(CaseStatus.SUPPORT, CaseStatus.REINTEGRATION),
        # A person may refuse further support or move out of reach.
        Transition(CaseStatus.SUPPORT, CaseStatus.CLOSED, _REASON),
        Transition(CaseStatus.REINTEGRATION, CaseStatus.SUPPORT, _REASON),
        Transition(CaseStatus.REINTEGRATION, CaseStatus.CLOSED, _REASON),
        # Reopening: new information goes back to screening, a new need back to support.
        Transition(CaseStatus.CLOSED, CaseStatus.SCREENING, _REASON),
        Transition(CaseStatus.CLOSED, CaseStatus.SUPPORT, _REASON),
    ),
    labels=CASE_STATUS_LABELS,
)

ACTIVE_STATUSES: frozenset[CaseStatus] = frozenset(CaseStatus) - {CaseStatus.CLOSED}


@dataclass(frozen=True, slots=True)
class TransitionFacts:
    """What the caller knows about the case when it asks to move it."""

    reason: str = ""
    screening_done: bool = False
    identification_decided: bool = False

    def established(self) -> frozenset[Requirement]:
        facts: set[Requirement] = set()
        if self.reason.strip():
            facts.add(Requirement.REASON)
        if self.screening_done:
            facts.add(Requirement.SCREENING_DONE)
        if self.identification_decided:
            facts.add(Requirement.IDENTIFICATION_DECIDED)
        return frozenset(facts)


def check_transition(
    current: CaseStatus | str,
    target: CaseStatus | str,
    facts: TransitionFacts | None = None,
) -> TransitionCheck:
    """Check a case status move; an unknown status code raises ``ValueError``."""
    source = CaseStatus(current)
    destination = CaseStatus(target)
    return CASE_TRANSITIONS.check(source, destination, (facts or TransitionFacts()).established())


def is_reopening(current: CaseStatus | str, target: CaseStatus | str) -> bool:
    return CaseStatus(current) is CaseStatus.CLOSED and CaseStatus(target) in ACTIVE_STATUSES
