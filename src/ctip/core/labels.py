"""The engines' labels in the language of the current request.

An engine's :class:`~ctip.core.engine.labels.Label` is an English message id with the
values of its placeholders; the Vietnamese is in the catalogue of the app that wrote it,
so a label reads as any other translated string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, override

from ctip.core.engine.labels import Label, Named


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


def label_of(labels: Mapping[str, Label], code: str, missing: str = "—") -> str:
    """The label of ``code`` in ``labels`` in the reader's language; ``missing`` for a code
    the table does not hold."""
    value = labels.get(code)
    return label(value) if value is not None else missing


def stored(value: Mapping[str, Any]) -> Label:
    """A label kept in a record as ``{"message": msgid, "params": {...}}`` (see
    :func:`to_stored`); a record written before labels were kept reads as its text."""
    params = value.get("params")
    return Label(str(value.get("message", "")), **(params if isinstance(params, dict) else {}))


def to_stored(value: Label) -> dict[str, Any]:
    """What a record keeps of a label so it is read in each reader's language later; the
    values of its placeholders are plain text or numbers."""
    return {"message": value.msgid, "params": {k: _plain(v) for k, v in value.params.items()}}


def _plain(value: Any) -> Any:
    return value if isinstance(value, (int, str)) else str(value)


def _word(value: Any) -> str:
    if isinstance(value, Label):
        return label(value)
    if isinstance(value, tuple):
        return ", ".join(_word(v) for v in value)
    if isinstance(value, Named):
        return value.en if language() == "en" else value.vi
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return number_format(value.normalize())
    return str(value)


def choices(labels: Mapping[Any, Label]) -> list[tuple[str, str]]:
    return [(code.value, label(value)) for code, value in labels.items()]
