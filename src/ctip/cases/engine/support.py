"""The support catalogue (Law 53/2024/QH15, Chapter V) and referral status moves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from ctip.cases.engine.labels import Label
from ctip.cases.engine.transitions import Requirement, Transition, TransitionTable


class SupportType(StrEnum):
    ESSENTIAL_NEEDS = "essential_needs"
    TRAVEL = "travel"
    MEDICAL_CARE = "medical_care"
    PSYCHOLOGICAL_SUPPORT = "psychological_support"
    LEGAL_AID = "legal_aid"
    EDUCATION = "education"
    VOCATIONAL_TRAINING = "vocational_training"
    INITIAL_HARDSHIP_ALLOWANCE = "initial_hardship_allowance"
    LOAN = "loan"
    EMPLOYMENT_COUNSELLING = "employment_counselling"
    HEALTH_INSURANCE = "health_insurance"
    SHELTER = "shelter"
    INTERPRETATION = "interpretation"
    ACCOMPANYING_CHILD = "accompanying_child"
    CHILD_PROTECTION = "child_protection"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class SupportTypeInfo:
    code: SupportType
    label: Label
    # Immediate types are given from intake on, before identification is decided: the law
    # extends support to people still being identified.
    immediate: bool
    # Counted separately when the platform reports "victims supported, by type of support".
    counted_in_statistics: bool = True


SUPPORT_TYPES: Mapping[SupportType, SupportTypeInfo] = {
    info.code: info
    for info in (
        SupportTypeInfo(
            SupportType.ESSENTIAL_NEEDS,
            Label("Essential needs (food, lodging, clothing)"),
            immediate=True,
        ),
        SupportTypeInfo(SupportType.TRAVEL, Label("Travel home"), immediate=True),
        SupportTypeInfo(SupportType.MEDICAL_CARE, Label("Medical care"), immediate=True),
        SupportTypeInfo(
            SupportType.PSYCHOLOGICAL_SUPPORT,
            Label("Psychological support"),
            immediate=True,
        ),
        SupportTypeInfo(SupportType.LEGAL_AID, Label("Legal aid"), immediate=True),
        SupportTypeInfo(SupportType.EDUCATION, Label("Education"), immediate=False),
        SupportTypeInfo(
            SupportType.VOCATIONAL_TRAINING,
            Label("Vocational training"),
            immediate=False,
        ),
        SupportTypeInfo(
            SupportType.INITIAL_HARDSHIP_ALLOWANCE,
            Label("Initial hardship allowance"),
            immediate=False,
        ),
        SupportTypeInfo(SupportType.LOAN, Label("Loan"), immediate=False),
        SupportTypeInfo(
            SupportType.EMPLOYMENT_COUNSELLING,
            Label("Employment counselling"),
            immediate=False,
        ),
        SupportTypeInfo(
            SupportType.HEALTH_INSURANCE,
            Label("Health insurance in the first year"),
            immediate=False,
        ),
        SupportTypeInfo(
            SupportType.SHELTER,
            Label("Shelter"),
            immediate=True,
        ),
        SupportTypeInfo(
            SupportType.INTERPRETATION,
            Label("Interpretation and translation"),
            immediate=True,
        ),
        SupportTypeInfo(
            SupportType.ACCOMPANYING_CHILD,
            Label("Support to an accompanying child"),
            immediate=True,
        ),
        SupportTypeInfo(
            SupportType.CHILD_PROTECTION,
            Label("Child-protection services (case management under Decree 56/2017)"),
            immediate=True,
        ),
        SupportTypeInfo(SupportType.OTHER, Label("Other support"), immediate=False),
    )
}


class ReferralStatus(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"


REFERRAL_STATUS_LABELS: Mapping[ReferralStatus, Label] = {
    ReferralStatus.SENT: Label("Sent"),
    ReferralStatus.ACCEPTED: Label("Accepted"),
    ReferralStatus.DECLINED: Label("Declined"),
    ReferralStatus.COMPLETED: Label("Completed"),
}

REFERRAL_TRANSITIONS: TransitionTable[ReferralStatus] = TransitionTable(
    transitions=(
        Transition(ReferralStatus.SENT, ReferralStatus.ACCEPTED),
        # The referring worker needs the reason to find another provider.
        Transition(ReferralStatus.SENT, ReferralStatus.DECLINED, frozenset({Requirement.REASON})),
        Transition(ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED),
    ),
    labels=REFERRAL_STATUS_LABELS,
)

FINAL_REFERRAL_STATUSES: frozenset[ReferralStatus] = frozenset(
    {ReferralStatus.DECLINED, ReferralStatus.COMPLETED}
)
