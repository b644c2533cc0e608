"""Words the engines show people: English message ids the translation catalogues hold.

The engines stay free of Django: a :class:`Label` carries the English text, which is the
message id in the catalogue of the app that writes it (``locale/vi/LC_MESSAGES/django.po``),
and the values its ``{placeholders}`` take. The Django layer (``ctip.core.labels``)
translates it into the reader's language. ``makemessages`` extracts every
``Label("...")`` written in code (the keyword is declared in
``ctip.core.management.commands.makemessages``), and ``make translations-check`` fails
when one has no Vietnamese translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Named:
    """A name that data, not a catalogue, keeps in both languages (a country, the legal
    source of a cap): as a label's value it reads in the reader's language."""

    vi: str
    en: str


class Label:
    """An English message id and the values of its placeholders (numbers, dates, words,
    names in both languages, other labels, or a tuple of them read as a list)."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, /, **params: Any) -> None:
        self.msgid = msgid
        self.params: Mapping[str, Any] = params

    @property
    def en(self) -> str:
        """The English text, its placeholders filled in (what the catalogue's msgid reads)."""
        return self.msgid.format(**{k: _english(v) for k, v in self.params.items()})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Label) and (self.msgid, self.params) == (
            other.msgid,
            other.params,
        )

    def __hash__(self) -> int:
        return hash((self.msgid, tuple(sorted(self.params))))

    def __repr__(self) -> str:
        return f"Label({self.msgid!r}{''.join(f', {k}={v!r}' for k, v in self.params.items())})"


def _english(value: Any) -> str:
    if isinstance(value, Label):
        return value.en
    if isinstance(value, Named):
        return value.en
    if isinstance(value, tuple):
        return ", ".join(_english(v) for v in value)
    return str(value)
