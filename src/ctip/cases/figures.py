"""Counts the statistics and proceedings apps read: frozen dataclasses, never identities."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ctip.cases.models import IdentificationDecision, IdentificationOutcome


@dataclass(frozen=True)
class Identifications:
    verified: int  # protection cases with an identification decision in the period
    confirmed: int  # of which identified as victims


def identifications(start: dt.date, end: dt.date) -> Identifications:
    """Suspected cases verified and victims confirmed, decided from ``start`` to ``end``."""
    rows = IdentificationDecision.objects.filter(decided_on__gte=start, decided_on__lte=end)
    verified = rows.values("case_id").distinct().count()
    confirmed = (
        rows.filter(outcome=IdentificationOutcome.VICTIM.value).values("case_id").distinct().count()
    )
    return Identifications(verified=verified, confirmed=confirmed)
