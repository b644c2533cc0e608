"""A port for text messages to phones, so that an app below ``ctip.outreach`` (the
hotline's status texts to families) can send one without importing it.

The outreach app registers its SMPP gateway here when it starts (``register``); a caller
asks ``sender()`` for it. Each message carries the caller's own key; the caller records
the message's state before and after ``send``, and never sends again one whose outcome
is ``unknown`` (it may have reached the phone).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Text:
    key: int  # the caller's id of the message
    to: str  # E.164, "+84912345678"
    body: str


@dataclass(frozen=True)
class Sent:
    key: int
    outcome: str  # "accepted", "rejected", "not_sent" (safe to send later), "unknown"
    message_ids: tuple[str, ...] = ()  # the carrier's id of each part, which receipts quote


class TextSender(Protocol):
    def send(self, texts: Sequence[Text]) -> list[Sent]: ...


_FACTORIES: list[Callable[[], TextSender]] = []


def register(factory: Callable[[], TextSender]) -> None:
    """Make ``factory`` the way to get a sender (the last one registered wins)."""
    _FACTORIES.append(factory)


def sender() -> TextSender:
    if not _FACTORIES:
        raise RuntimeError("No text-message sender is installed (the outreach app provides one).")
    return _FACTORIES[-1]()
