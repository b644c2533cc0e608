"""The engines' bilingual labels in the language of the current request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language

from ctip.cases.engine.children import AGE_BASIS_LABELS, AgeBasis
from ctip.cases.engine.labels import Label
from ctip.cases.engine.support import SUPPORT_TYPES, SupportType


def language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def label(value: Label) -> str:
    return value.en if language() == "en" else value.vi


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


def choices(labels: Mapping[Any, Label]) -> list[tuple[str, str]]:
    return [(code.value, label(value)) for code, value in labels.items()]
