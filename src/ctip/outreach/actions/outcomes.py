"""A campaign's outcomes shown: what the page showed is recorded as drafts of the
statistics (through ``ctip.core.disclosure``), so that every later table and release of
those figures is audited against it."""

from __future__ import annotations

from django.db import transaction

from ctip.core import disclosure
from ctip.core.models import User
from ctip.outreach.selectors.outcomes import CampaignOutcomes


def outcomes_shown(actor: User, shown: CampaignOutcomes) -> None:
    """Record every table of ``shown`` as a draft ``actor`` was shown, all or none; the
    same table shown again records nothing new."""
    statistics = disclosure.statistics()
    with transaction.atomic():
        for d in shown.drafts:
            statistics.shown(actor, d.dataset, d.start, d.end, d.breakdowns, d.protected)
