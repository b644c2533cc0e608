"""What followed a campaign: calls to 111, scam reports and saved job-offer checks, week by
week, in the provinces it targeted against the others, before and after its start (the
campaign's page and API).

The counts come from the hotline's, intel's and screening's ``figures`` modules, the
contract the statistics app reads: counts by province, never a record. A saved check
carries a province only when the person chose to give one; the checks without one are
counted apart, week by week and over all the weeks shown (the coverage), so that readers
know what share of the checks is compared.

Every count goes through the statistics' disclosure control (``ctip.core.engine.
suppression``, decision 0015) before anyone sees it. Each week's table and each sum
before or after the start is a table by province whose categories are two *groups*, the
targeted provinces and the others (and, for the checks, the records without a province).
It is audited against every release and draft of the same figure in the statistics
(``ctip.core.disclosure``, provided by the statistics app), and against what this page
already shows: a count from 1 to ``CTIP_STATS_THRESHOLD - 1`` is hidden, and so is one
whose difference with a count shown there is (a targeted sum of 43 next to one of its
provinces' 40 in a table by province), with what else would give them back. What the page
shows is then recorded as a draft of the figure, so that every later statistics table and
release is audited against it. The ratio is shown only when its four sums are all shown
(with them it gives the sums back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import disclosure
from ctip.core.engine import suppression
from ctip.core.engine.periods import Period
from ctip.core.figures import Figures
from ctip.core.models import Province, User
from ctip.core.scope import get_visible
from ctip.hotline import figures as hotline_figures
from ctip.intel import figures as intel_figures
from ctip.outreach.engine import outcomes
from ctip.outreach.models import Campaign
from ctip.screening import figures as screening_figures

WEEKS = 4
MAX_WEEKS = 12
Count = Callable[[str, Period, tuple[str, ...]], Figures]
# (indicator, its app's figures function, whether the records without a province are
# shown apart): counted by province.
MEASURES: tuple[tuple[str, Count, bool], ...] = (
    ("hotline.calls", hotline_figures.figures, False),
    ("intel.scam_reports", intel_figures.figures, False),
    ("screening.checks", screening_figures.figures, True),
)
UNPLACED = "unknown"  # the figures' category of a record without a province (as in stats)
BREAKDOWNS = ("province",)  # the statistics' breakdown: its categories here are groups


@dataclass(frozen=True)
class OutcomeWeek:
    start: date
    end: date
    after: bool  # on or after the campaign's start
    targeted: int | None  # None: hidden by disclosure control
    untargeted: int | None
    unplaced: int | None = None  # without a province; None: hidden, or not counted apart


@dataclass(frozen=True)
class Coverage:
    """Over all the weeks shown: the records counted, and those without a province."""

    total: int | None  # None: hidden by disclosure control
    unplaced: int | None

    @property
    def unplaced_percent(self) -> float | None:
        if self.total is None or self.unplaced is None or not self.total:
            return None
        return self.unplaced / self.total * 100


@dataclass(frozen=True)
class Outcome:
    indicator: str
    label: str
    weeks: tuple[OutcomeWeek, ...]
    weeks_compared: int  # as many weeks after as before, complete weeks only
    effect: outcomes.Effect | None  # None until a whole week after has passed, or hidden
    effect_hidden: bool = False  # a sum before or after is too small to show
    coverage: Coverage | None = None  # only for a measure whose records may lack a province


@dataclass(frozen=True)
class OutcomeDraft:
    """One table the page showed, to be recorded as a draft of the statistics (by the
    action ``outcomes_shown``, once the page is built: a selector never writes)."""

    dataset: str
    start: date
    end: date
    breakdowns: tuple[str, ...]
    protected: suppression.Protected


@dataclass(frozen=True)
class CampaignOutcomes:
    campaign_id: int
    start: date | None
    targeted: tuple[str, ...]  # province codes
    weeks_before: int
    outcomes: tuple[Outcome, ...]
    note: str  # why nothing can be compared yet, or ""
    threshold: int = suppression.DEFAULT_THRESHOLD
    drafts: tuple[OutcomeDraft, ...] = field(default=(), repr=False, compare=False)


def _labels() -> dict[str, str]:
    found = {i.code: str(i.label) for i in hotline_figures.INDICATORS}
    found |= {i.code: str(i.label) for i in intel_figures.INDICATORS}
    found |= {i.code: str(i.label) for i in screening_figures.INDICATORS}
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
            campaign.pk, None, targeted, weeks, (), _("The campaign has not started.")
        )
    start = timezone.localdate(campaign.starts_at)
    periods = _weeks(start, weeks, timezone.localdate())
    labels = _labels()
    limit = threshold()
    statistics = disclosure.statistics()
    known = set(Province.objects.values_list("code", flat=True))
    found = []
    drafts: list[OutcomeDraft] = []
    for code, count, apart in MEASURES:
        weekly = [count(code, week, BREAKDOWNS).as_dict() for week in periods]
        seen = {p for by_province in weekly for (p,) in by_province}
        groups = _Groups(
            tuple(sorted(targeted)),
            tuple(sorted((known | seen) - set(targeted) - {UNPLACED})),
            apart,
        )
        raw = []
        for week, by_province in zip(periods, weekly, strict=True):
            inside = sum(n for (p,), n in by_province.items() if p in groups.targeted)
            outside = sum(n for (p,), n in by_province.items() if p in groups.others)
            unplaced = by_province.get((UNPLACED,), 0) if apart else None
            raw.append(_Raw(week, inside, outside, unplaced))
        # What the statistics showed of the measure in the weeks compared (and what is
        # linked to them in time): the tables of other periods narrow none of these.
        published = (
            list(statistics.earlier(code, periods[0].start, periods[-1].end)) if periods else []
        )
        shown = _Shown(code, groups, limit, published, drafts)
        found.append(_outcome(code, labels[code], raw, start, weeks, bool(targeted), shown))
    note = ""
    if not targeted:
        note = _("The campaign went to every province: there is none to compare it with.")
    elif not any(o.weeks_compared for o in found):
        note = _("No whole week has passed since the campaign started.")
    return CampaignOutcomes(
        campaign.pk, start, targeted, weeks, tuple(found), note, limit, tuple(drafts)
    )


def threshold() -> int:
    """The statistics' threshold: a count from 1 to this minus one is never shown."""
    return int(getattr(settings, "CTIP_STATS_THRESHOLD", suppression.DEFAULT_THRESHOLD))


@dataclass(frozen=True)
class _Raw:
    """One week's true counts, before disclosure control."""

    period: Period
    targeted: int
    untargeted: int
    unplaced: int | None  # None: records without a province are not counted apart


@dataclass(frozen=True)
class _Groups:
    """The categories of the tables: the targeted provinces and the others, each a group
    of the statistics' province codes, and the records without a province when apart."""

    targeted: tuple[str, ...]
    others: tuple[str, ...]
    apart: bool

    @property
    def categories(self) -> tuple[suppression.Category, ...]:
        found: tuple[suppression.Category, ...] = (self.targeted, self.others)
        return (*found, UNPLACED) if self.apart else found


@dataclass
class _Shown:
    """One measure's disclosure control: what it is audited against (the statistics'
    releases and drafts, then what this page shows), and the drafts it shows."""

    dataset: str
    groups: _Groups
    limit: int
    published: list[suppression.PublishedTable]
    drafts: list[OutcomeDraft]

    def protect(
        self, period: Period, targeted: int, untargeted: int, unplaced: int | None
    ) -> dict[str | None, int | None] | None:
        """What may be shown of one table (None: nothing protects it), recorded as shown."""
        g = self.groups
        counts: dict[tuple[suppression.Category, ...], int] = {
            (g.targeted,): targeted,
            (g.others,): untargeted,
        }
        if g.apart:
            counts[(UNPLACED,)] = unplaced or 0
        table = suppression.TableIn(period.start, period.end, BREAKDOWNS, (g.categories,), counts)
        try:
            result = suppression.protect(table, threshold=self.limit, earlier=self.published)
        except suppression.Unprotectable:
            return None
        self.published.append(
            suppression.PublishedTable(period.start, period.end, BREAKDOWNS, result.cells)
        )
        self.drafts.append(OutcomeDraft(self.dataset, period.start, period.end, BREAKDOWNS, result))
        shown = result.shown()
        found: dict[str | None, int | None] = {
            "targeted": shown[(g.targeted,)],
            "untargeted": shown[(g.others,)],
            None: shown[(None,)],
        }
        return found | {UNPLACED: shown[(UNPLACED,)]} if g.apart else found


def _outcome(
    code: str,
    label: str,
    raw: list[_Raw],
    start: date,
    weeks: int,
    compared: bool,
    control: _Shown,
) -> Outcome:
    """One measure's weeks, ratio and coverage, after disclosure control: every table is
    audited against the statistics' and those shown before it on the same page."""
    rows = []
    whole = True  # every week could be protected: sums over them may be audited
    apart = control.groups.apart
    for r in raw:
        shown = control.protect(r.period, r.targeted, r.untargeted, r.unplaced)
        whole = whole and shown is not None
        seen: dict[str | None, int | None] = shown or {}
        rows.append(
            OutcomeWeek(
                r.period.start,
                r.period.end,
                r.period.start >= start,
                seen.get("targeted"),
                seen.get("untargeted"),
                seen.get(UNPLACED) if apart else None,
            )
        )
    after = sum(1 for r in rows if r.after)
    n = min(after, weeks)
    effect, hidden = None, False
    if compared and after:
        cells = outcomes.weekly_cells(
            [r.targeted for r in raw], [r.untargeted for r in raw], weeks_before=weeks
        )
        for part, (a, b) in (
            (raw[weeks - n : weeks], (cells.targeted_before, cells.untargeted_before)),
            (raw[weeks : weeks + n], (cells.targeted_after, cells.untargeted_after)),
        ):
            sums = _summed(part, a, b, control) if whole else None
            hidden = hidden or sums is None or any(v is None for v in sums.values())
        effect = None if hidden else outcomes.effect(cells)
    coverage = None
    if apart:
        total = (
            _summed(raw, sum(r.targeted for r in raw), sum(r.untargeted for r in raw), control)
            if whole
            else None
        )
        summed: dict[str | None, int | None] = total or {}
        coverage = Coverage(summed.get(None), summed.get(UNPLACED))
    return Outcome(code, label, tuple(rows), n, effect, hidden, coverage)


def _summed(
    part: list[_Raw], targeted: int, untargeted: int, control: _Shown
) -> dict[str | None, int | None] | None:
    """The sums over consecutive weeks, audited against the weeks they add up and the
    statistics; None when no suppression protects them."""
    period = Period(part[0].period.start, part[-1].period.end)
    unplaced = None if part[0].unplaced is None else sum(r.unplaced or 0 for r in part)
    return control.protect(period, targeted, untargeted, unplaced)
