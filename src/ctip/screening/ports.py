"""What the job-offer check asks of apps above it, as Protocols they implement.

``LicensedRecruiterLookup``: the registry of licensed recruitment enterprises answers
whether the recruiters and licence numbers a post names are licensed, for the
destinations it names, and whether the fees it asks for are within the legal caps
(facts ``licensed_recruiter``, ``licence_mismatch``, ``fee_over_cap``). The registry app
registers its implementation with :func:`register_licensed_lookup` in its
``AppConfig.ready()``; until one is registered, no recruiter is known as licensed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ctip.screening.engine import IndicatorFact, IndicatorQuery


class LicensedRecruiterLookup(Protocol):
    def facts(self, query: IndicatorQuery) -> Sequence[IndicatorFact]:
        """The facts about the query's recruiter names, licence numbers and fees."""
        ...


_LICENSED: list[LicensedRecruiterLookup] = []


def register_licensed_lookup(lookup: LicensedRecruiterLookup) -> None:
    """Make ``lookup`` the one that answers (a second registration replaces the first)."""
    _LICENSED[:] = [lookup]


def licensed_lookup() -> LicensedRecruiterLookup | None:
    return _LICENSED[0] if _LICENSED else None
