"""What followed a campaign: calls to 111 and scam reports, week by week, in the provinces it
targeted against the others, before and after its start (the campaign's page and API).

The counts come from the hotline's and intel's ``figures`` modules, the contract the
statistics app reads: counts by province, never a record. Saved job-offer checks carry no
province, so they cannot be compared between targeted and untargeted provinces; their
national weekly count is shown beside, for what it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core.engine.periods import Period
from ctip.core.figures import Figures
from ctip.core.models import User
from ctip.core.scope import get_visible
from ctip.hotline import figures as hotline_figures
from ctip.intel import figures as intel_figures
from ctip.outreach.engine import outcomes
from ctip.outreach.models import Campaign
from ctip.screening import figures as screening_figures

WEEKS = 4
MAX_WEEKS = 12
Count = Callable[[str, Period, tuple[str, ...]], Figures]
# (indicator, its app's figures function): counted by province.
MEASURES: tuple[tuple[str, Count], ...] = (
    ("hotline.calls", hotline_figures.figures),
    ("intel.scam_reports", intel_figures.figures),
)
CHECKS = "screening.checks"


@dataclass(frozen=True)
class OutcomeWeek:
    start: date
    end: date
    after: bool  # on or after the campaign's start
    targeted: int
    untargeted: int


@dataclass(frozen=True)
class Outcome:
    indicator: str
    label: str
    weeks: tuple[OutcomeWeek, ...]
    weeks_compared: int  # as many weeks after as before, complete weeks only
    effect: outcomes.Effect | None  # None until a whole week after has passed


@dataclass(frozen=True)
class NationalWeek:
    start: date
    count: int


@dataclass(frozen=True)
class CampaignOutcomes:
    campaign_id: int
    start: date | None
    targeted: tuple[str, ...]  # province codes
    weeks_before: int
    outcomes: tuple[Outcome, ...]
    checks: tuple[NationalWeek, ...]  # job-offer checks, the whole country
    note: str  # why nothing can be compared yet, or ""


def _labels() -> dict[str, str]:
    found = {i.code: str(i.label) for i in hotline_figures.INDICATORS}
    found |= {i.code: str(i.label) for i in intel_figures.INDICATORS}
    return found


def _weeks(start: date, before: int, today: date) -> list[Period]:
    """``before`` weeks before ``start`` and as many after, each whole and already over."""
    out = []
    for k in range(-before, before):
        first = start + timedelta(weeks=k)
        week = Period(first, first + timedelta(days=6))
        if week.end < today:
            out.append(week)
    return out


def campaign_outcomes(actor: User, campaign_id: int, *, weeks: int = WEEKS) -> CampaignOutcomes:
    campaign = get_visible(Campaign.objects.all(), actor, "outreach.run_campaigns", pk=campaign_id)
    weeks = max(1, min(MAX_WEEKS, weeks))
    targeted = tuple(campaign.provinces.values_list("code", flat=True))
    if campaign.starts_at is None:
        return CampaignOutcomes(
            campaign.pk, None, targeted, weeks, (), (), _("The campaign has not started.")
        )
    start = timezone.localdate(campaign.starts_at)
    periods = _weeks(start, weeks, timezone.localdate())
    labels = _labels()
    found = []
    for code, count in MEASURES:
        rows = []
        for week in periods:
            by_province = count(code, week, ("province",)).as_dict()
            inside = sum(n for (p,), n in by_province.items() if p in targeted)
            outside = sum(
                n for (p,), n in by_province.items() if p not in targeted and p != "unknown"
            )
            rows.append(OutcomeWeek(week.start, week.end, week.start >= start, inside, outside))
        after = sum(1 for r in rows if r.after)
        effect = None
        if targeted and after:
            cells = outcomes.weekly_cells(
                [r.targeted for r in rows], [r.untargeted for r in rows], weeks_before=weeks
            )
            effect = outcomes.effect(cells)
        found.append(Outcome(code, labels[code], tuple(rows), min(after, weeks), effect))
    checks = tuple(
        NationalWeek(w.start, screening_figures.figures(CHECKS, w, ()).total) for w in periods
    )
    note = ""
    if not targeted:
        note = _("The campaign went to every province: there is none to compare it with.")
    elif not any(o.effect for o in found):
        note = _("No whole week has passed since the campaign started.")
    return CampaignOutcomes(campaign.pk, start, targeted, weeks, tuple(found), checks, note)
