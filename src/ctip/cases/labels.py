"""The engines' labels in the language of the current request.

An engine's :class:`Label` is an English message id with the values of its placeholders;
the Vietnamese is in the app's catalogue, so a label reads as any other translated string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, override

from ctip.cases.engine.children import AGE_BASIS_LABELS, AgeBasis
from ctip.cases.engine.labels import Label
from ctip.cases.engine.support import SUPPORT_TYPES, SupportType


def language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def label(value: Label) -> str:
    """``value`` in the reader's language, its placeholders filled in the same language."""
    text = gettext(value.msgid) if value.msgid else ""
    if not value.params:
        return text
    return text.format(**{name: _word(v) for name, v in value.params.items()})


def label_in(value: Label, lang: str) -> str:
    with override(lang):
        return label(value)


label_lazy = lazy(label, str)


def _word(value: Any) -> str:
    if isinstance(value, Label):
        return label(value)
    if isinstance(value, tuple):
        return ", ".join(_word(v) for v in value)
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


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
