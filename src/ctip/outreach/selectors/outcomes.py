"""What followed a campaign: calls to 111 and scam reports, week by week, in the provinces it
targeted against the others, before and after its start (the campaign's page and API).

The counts come from the hotline's and intel's ``figures`` modules, the contract the
statistics app reads: counts by province, never a record. Saved job-offer checks carry no
province, so they cannot be compared between targeted and untargeted provinces; their
national weekly count is shown beside, for what it is.

Every count goes through the statistics' disclosure control (``ctip.core.engine.
suppression``, decision 0015) before anyone sees it: a week's count in the targeted or the
other provinces from 1 to ``CTIP_STATS_THRESHOLD - 1`` is hidden, and so is a second cell
of that week, because the week's national total can be read in the statistics. The sums
before and after the start are audited against the weeks they add up; the ratio is shown
only when its four sums are all shown (with them it gives the sums back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core.engine import suppression
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
GROUPS = ("targeted", "untargeted")


@dataclass(frozen=True)
class OutcomeWeek:
    start: date
    end: date
    after: bool  # on or after the campaign's start
    targeted: int | None  # None: hidden by disclosure control
    untargeted: int | None


@dataclass(frozen=True)
class Outcome:
    indicator: str
    label: str
    weeks: tuple[OutcomeWeek, ...]
    weeks_compared: int  # as many weeks after as before, complete weeks only
    effect: outcomes.Effect | None  # None until a whole week after has passed, or hidden
    effect_hidden: bool = False  # a sum before or after is too small to show


@dataclass(frozen=True)
class NationalWeek:
    start: date
    count: int | None  # None: hidden by disclosure control


@dataclass(frozen=True)
class CampaignOutcomes:
    campaign_id: int
    start: date | None
    targeted: tuple[str, ...]  # province codes
    weeks_before: int
    outcomes: tuple[Outcome, ...]
    checks: tuple[NationalWeek, ...]  # job-offer checks, the whole country
    note: str  # why nothing can be compared yet, or ""
    threshold: int = suppression.DEFAULT_THRESHOLD


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
    limit = threshold()
    found = []
    for code, count in MEASURES:
        raw = []
        for week in periods:
            by_province = count(code, week, ("province",)).as_dict()
            inside = sum(n for (p,), n in by_province.items() if p in targeted)
            outside = sum(
                n for (p,), n in by_province.items() if p not in targeted and p != "unknown"
            )
            raw.append((week, inside, outside))
        found.append(_outcome(code, labels[code], raw, start, weeks, bool(targeted), limit))
    checks = tuple(
        NationalWeek(
            w.start, _shown_total(w, screening_figures.figures(CHECKS, w, ()).total, limit)
        )
        for w in periods
    )
    note = ""
    if not targeted:
        note = _("The campaign went to every province: there is none to compare it with.")
    elif not any(o.weeks_compared for o in found):
        note = _("No whole week has passed since the campaign started.")
    return CampaignOutcomes(campaign.pk, start, targeted, weeks, tuple(found), checks, note, limit)


def threshold() -> int:
    """The statistics' threshold: a count from 1 to this minus one is never shown."""
    return int(getattr(settings, "CTIP_STATS_THRESHOLD", suppression.DEFAULT_THRESHOLD))


def _group_table(period: Period, targeted: int, untargeted: int) -> suppression.TableIn:
    return suppression.TableIn(
        period.start,
        period.end,
        ("group",),
        (GROUPS,),
        {("targeted",): targeted, ("untargeted",): untargeted},
    )


def _shown(result: suppression.Protected) -> tuple[int | None, int | None]:
    shown = result.shown()
    return shown[("targeted",)], shown[("untargeted",)]


def _shown_total(period: Period, total: int, limit: int) -> int | None:
    table = suppression.TableIn(period.start, period.end, (), (), {(): total})
    return suppression.protect(table, threshold=limit).shown()[()]


def _outcome(
    code: str,
    label: str,
    raw: list[tuple[Period, int, int]],
    start: date,
    weeks: int,
    compared: bool,
    limit: int,
) -> Outcome:
    """One measure's weeks and ratio, after disclosure control."""
    rows = []
    published: list[suppression.PublishedTable] = []
    for week, inside, outside in raw:
        result = suppression.protect(_group_table(week, inside, outside), threshold=limit)
        published.append(suppression.PublishedTable(week.start, week.end, ("group",), result.cells))
        shown_in, shown_out = _shown(result)
        rows.append(OutcomeWeek(week.start, week.end, week.start >= start, shown_in, shown_out))
    after = sum(1 for r in rows if r.after)
    if not (compared and after):
        return Outcome(code, label, tuple(rows), min(after, weeks), None)
    cells = outcomes.weekly_cells(
        [inside for _w, inside, _o in raw], [outside for _w, _i, outside in raw], weeks_before=weeks
    )
    n = min(after, weeks)
    before_weeks, after_weeks = raw[weeks - n : weeks], raw[weeks : weeks + n]
    hidden = False
    for part, (a, b) in (
        (before_weeks, (cells.targeted_before, cells.untargeted_before)),
        (after_weeks, (cells.targeted_after, cells.untargeted_after)),
    ):
        period = Period(part[0][0].start, part[-1][0].end)
        try:
            result = suppression.protect(
                _group_table(period, a, b), threshold=limit, earlier=published
            )
        except suppression.Unprotectable:
            hidden = True
            continue
        published.append(
            suppression.PublishedTable(period.start, period.end, ("group",), result.cells)
        )
        hidden = hidden or any(c.suppressed for c in result.cells)
    effect = None if hidden else outcomes.effect(cells)
    return Outcome(code, label, tuple(rows), n, effect, hidden)
