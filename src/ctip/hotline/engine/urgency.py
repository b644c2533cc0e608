"""Urgency of a tracing request: what orders the police's queue (pure Python)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

VIOLENCE, MINOR, MEDICAL = 8, 4, 2
DEADLINE_NEAR, DEADLINE_LATER = 4, 2
NEAR = dt.timedelta(hours=72)


@dataclass(frozen=True)
class UrgencyFacts:
    violence: bool
    minor: bool
    medical: bool
    ransom_deadline: dt.datetime | None


def score(facts: UrgencyFacts, now: dt.datetime) -> int:
    """Higher is more urgent: violence, then a minor or a ransom deadline within three
    days, then a medical need or a later deadline. A deadline already past still counts
    as near: the family is under pressure until the police act."""
    total = 0
    if facts.violence:
        total += VIOLENCE
    if facts.minor:
        total += MINOR
    if facts.medical:
        total += MEDICAL
    if facts.ransom_deadline is not None:
        total += DEADLINE_NEAR if facts.ransom_deadline - now <= NEAR else DEADLINE_LATER
    return total


class Flagged(Protocol):
    """A tracing request, as far as its urgency goes."""

    violence: bool
    minor: bool
    medical: bool
    ransom_deadline: dt.datetime | None


def urgency_at(row: Flagged, now: dt.datetime) -> int:
    """The urgency of ``row`` at ``now``: a ransom deadline that has come within three
    days raises it without any write (the queue computes it when it is read)."""
    return score(UrgencyFacts(row.violence, row.minor, row.medical, row.ransom_deadline), now)
