"""Incidents abroad: how fast each must be answered, and which show signs of trafficking.

The signs follow the ILO indicators of forced labour (2012) that a worker or a family can
tell from afar. One strong sign, or two of the others, is enough to open a protection
case: a confiscated passport alone is a labour violation the Board handles; with unpaid
wages or a debt it is how workers are held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# Strong signs: any one of them opens a protection case.
STRONG_SIGNS = frozenset(
    {
        "cannot_leave",  # locked in, watched, not allowed to go out
        "forced_work",  # made to work under threat, or at something else than agreed
        "sold",  # moved to another employer or country against their will, for money
        "scam_compound",  # made to scam others online
        "sexual_exploitation",
    }
)
# Other signs: two of them (the incident's own kind counts) open one.
SIGNS = STRONG_SIGNS | frozenset(
    {
        "passport_taken",
        "unpaid_wages",
        "debt",  # a debt to the recruiter or employer that grows or cannot be repaid
        "threats",
        "violence",
        "no_contact",  # the family has lost contact
    }
)
# What the incident's kind says by itself.
KIND_SIGNS = {
    "abuse": "violence",
    "unpaid_wages": "unpaid_wages",
    "passport": "passport_taken",
}
# Hours within which the Board and the enterprise must answer, by kind: a danger to the
# person first. Configured here, changed by the authority.
BOARD_HOURS = {
    "abuse": 24,
    "passport": 48,
    "moved": 48,
    "unpaid_wages": 120,
    "end_contract": 120,
    "other": 120,
}
ENTERPRISE_HOURS = {
    "abuse": 24,
    "passport": 48,
    "moved": 48,
    "unpaid_wages": 120,
    "end_contract": 120,
    "other": 168,
}
# Any strong sign brings the deadline to 24 hours.
URGENT_HOURS = 24


def signs_of(kind: str, signs: Iterable[str]) -> frozenset[str]:
    """The known signs of a report, its kind's own included."""
    found = {s for s in signs if s in SIGNS}
    if kind in KIND_SIGNS:
        found.add(KIND_SIGNS[kind])
    return frozenset(found)


def shows_trafficking(kind: str, signs: Iterable[str]) -> bool:
    found = signs_of(kind, signs)
    return bool(found & STRONG_SIGNS) or len(found) >= 2


def deadlines(
    kind: str, signs: Iterable[str], reported_at: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
    """(the Board's deadline, the enterprise's deadline)."""
    urgent = bool(signs_of(kind, signs) & STRONG_SIGNS)
    board = URGENT_HOURS if urgent else BOARD_HOURS.get(kind, BOARD_HOURS["other"])
    enterprise = URGENT_HOURS if urgent else ENTERPRISE_HOURS.get(kind, ENTERPRISE_HOURS["other"])
    return reported_at + dt.timedelta(hours=board), reported_at + dt.timedelta(hours=enterprise)
