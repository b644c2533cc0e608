"""The cases engine's codes in the reader's language, for templates."""

from __future__ import annotations

from django import template

from ctip.cases.engine.duplicates import MATCH_LEVEL_LABELS, REASON_LABELS
from ctip.cases.engine.workflow import (
    CASE_STATUS_LABELS,
    EXIT_MODE_LABELS,
    INTAKE_CHANNEL_LABELS,
    CaseStatus,
    ExitMode,
    IntakeChannel,
)
from ctip.cases.labels import age_basis_label, label, support_label
from ctip.core.labels import label_of

register = template.Library()


@register.filter
def case_status(code: str) -> str:
    """A case's stage in words ("Identification"), never its code."""
    try:
        return label(CASE_STATUS_LABELS[CaseStatus(code)])
    except ValueError:
        return "—"


@register.filter
def intake_channel(code: str) -> str:
    try:
        return label(INTAKE_CHANNEL_LABELS[IntakeChannel(code)])
    except ValueError:
        return "—"


@register.filter
def exit_mode(code: str) -> str:
    try:
        return label(EXIT_MODE_LABELS[ExitMode(code)])
    except ValueError:
        return "—"


@register.filter
def support(code: str) -> str:
    return support_label(code)


@register.filter
def age_basis(code: str) -> str:
    return age_basis_label(code)


@register.filter
def match_level(code: str) -> str:
    """How likely a candidate is the same person, in words."""
    return label_of(MATCH_LEVEL_LABELS, code)


@register.filter
def match_reasons(codes: tuple[str, ...]) -> str:
    """Why a candidate was found, the strongest reasons first, in words."""
    return "; ".join(label(REASON_LABELS[c]) for c in codes if c in REASON_LABELS)
