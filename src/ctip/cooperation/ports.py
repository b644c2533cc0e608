"""What cooperation asks of the apps above it, without importing them.

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
