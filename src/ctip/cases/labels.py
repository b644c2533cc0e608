"""The cases engine's labels in the language of the current request (core's
:mod:`ctip.core.labels`), and the words of the codes the cases engine defines."""

from __future__ import annotations

from ctip.cases.engine.children import AGE_BASIS_LABELS, AgeBasis
from ctip.cases.engine.support import SUPPORT_TYPES, SupportType
from ctip.core.labels import choices, label, label_in, label_lazy, language

__all__ = [
    "age_basis_label",
    "choices",
    "label",
    "label_in",
    "label_lazy",
    "language",
    "support_label",
]


def support_label(code: str) -> str:
    try:
        return label(SUPPORT_TYPES[SupportType(code)].label)
    except ValueError:
        return code


def age_basis_label(code: str) -> str:
    """How an age was estimated, in words; "" when it was not said."""
    try:
        return label(AGE_BASIS_LABELS[AgeBasis(code)])
    except ValueError:
        return ""
