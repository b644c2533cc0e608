"""What cooperation asks of the apps above it, without importing them.

A request the hotline passes abroad is an outgoing verification request; when the
counterpart (or the Vietnamese embassy or consulate it was sent to) answers for the
person, the hotline must move its tracing request. It registers an
:class:`AnswerListener` with :func:`register_answers`; cooperation calls
:func:`answered_abroad` inside the transaction of the answer.

The hotline app keeps tracing requests (a family looking for someone). When a person is
verified as a citizen or received at a gate, the tracing requests that may be about them
must be found and their agencies told. The hotline registers a :class:`TracingMatcher`
in its ``AppConfig.ready()`` with :func:`register_tracing`; cooperation calls
:func:`tracing_person_found` inside the transaction of the verification or reception.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ctip.core.models import User


@dataclass(frozen=True)
class FoundPerson:
    """A person verified or received: what the tracing side may match on."""

    full_name: str
    sex: str  # "female", "male", "unknown"
    birth_date: dt.date | None
    birth_year: int | None
    home_province_id: int | None
    document_number: str
    # Where they were found, as a reference the notice may show ("HO-2026-0003").
    context_reference: str
    context_kind: str  # "verification" or "handover"


class TracingMatcher(Protocol):
    def person_found(self, *, actor: User, person: FoundPerson) -> int:
        """Match ``person`` against open tracing requests, notify each matching request's
        agency (never naming the person in the notice), and return how many matched."""
        ...


_MATCHERS: dict[str, TracingMatcher] = {}


def register_tracing(name: str, matcher: TracingMatcher) -> None:
    _MATCHERS[name] = matcher


def tracing_person_found(*, actor: User, person: FoundPerson) -> int:
    """Every registered matcher's count of tracing requests that matched (0 without any)."""
    return sum(_MATCHERS[n].person_found(actor=actor, person=person) for n in sorted(_MATCHERS))


@dataclass(frozen=True)
class AnswerFromAbroad:
    """An answer for a person of a request sent abroad: references and the answer only."""

    verification_id: int
    number: str  # "VR-2026-00012"
    their_reference: str  # what the asking side called it ("TR-XXXX-XXXX")
    answer: str  # "confirmed", "not_found" or "more_info"


class AnswerListener(Protocol):
    def answered(self, *, actor: User, answer: AnswerFromAbroad) -> None:
        """Act on the answer inside its transaction (a refusal undoes the answer)."""
        ...


_LISTENERS: dict[str, AnswerListener] = {}


def register_answers(name: str, listener: AnswerListener) -> None:
    _LISTENERS[name] = listener


def answered_abroad(*, actor: User, answer: AnswerFromAbroad) -> None:
    """Tell every registered listener (none: nothing happens)."""
    for name in sorted(_LISTENERS):
        _LISTENERS[name].answered(actor=actor, answer=answer)
