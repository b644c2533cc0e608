"""The outcomes and the statistics show counts of the same figures: differencing what both
show must not give a hidden count back, whichever is read first.

A campaign to Ha Noi and Nghe An; the week before it, 3 calls in Ha Noi, 40 in Nghe An and
30 elsewhere. Alone, the outcomes would show the targeted 43 and a table by province the
40 of Nghe An, hiding the 3: 43 - 40 = 3. The attacker here knows every number both show
and solves for each province's count by linear programming.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone
from scipy.optimize import linprog

from ctip.core.engine.periods import Period
from ctip.core.models import Province
from ctip.outreach import actions, selectors
from ctip.outreach.models import Campaign
from ctip.stats import selectors as stats
from ctip.stats.models import TableView
from tests.conftest import World
from tests.outreach import factories as f
from tests.outreach.test_outcomes import _at, _calls
from tests.stats.factories import shown

TARGETED = ("ha-noi", "nghe-an")
THRESHOLD = 11


def _setting(world: World) -> tuple[Campaign, Period, str]:
    officer = world.users["communication_officer"]
    campaign = f.campaign(
        officer,
        f.subscriber_list(officer),
        provinces=TARGETED,
    )
    start = timezone.localdate() - timedelta(days=9)
    Campaign.objects.filter(pk=campaign.pk).update(starts_at=_at(start, 9))
    other = Province.objects.exclude(code__in=TARGETED).order_by("code").first()
    assert other is not None
    week = Period(start - timedelta(days=7), start - timedelta(days=1))
    for code, n in (("ha-noi", 3), ("nghe-an", 40), (other.code, 30)):
        _calls(world, code, week.start + timedelta(days=2), n)
    for code in (*TARGETED, other.code):
        _calls(world, code, start + timedelta(days=2), 15)
    return campaign, week, other.code


def _outcomes(world: World, campaign: Campaign, week: Period) -> dict[str, int | None]:
    officer = world.users["communication_officer"]
    view = selectors.campaign_outcomes(officer, campaign.pk, weeks=1)
    actions.outcomes_shown(officer, view)
    calls = view.outcomes[0]
    assert calls.indicator == "hotline.calls"
    shown = next(w for w in calls.weeks if w.start == week.start)
    assert shown.end == week.end
    return {"targeted": shown.targeted, "untargeted": shown.untargeted}


def _table(world: World, week: Period) -> dict[str | None, int | None]:
    table = shown(world.users["statistician"], "hotline.calls", week, ("province",))
    return {c.categories[0]: c.value for c in table.cells}  # type: ignore[misc]


def _bounds(outcomes: dict[str, int | None], table: dict[str | None, int | None]) -> dict:  # type: ignore[type-arg]
    """The smallest and largest count of each province the attacker can prove."""
    places = sorted(set(Province.objects.values_list("code", flat=True)) | {"unknown"})
    groups = {
        "targeted": set(TARGETED),
        "untargeted": set(places) - set(TARGETED) - {"unknown"},
    }
    rows, values = [], []
    for name, value in outcomes.items():
        if value is not None:
            rows.append([1.0 if p in groups[name] else 0.0 for p in places])
            values.append(value)
    for key, value in table.items():
        if value is not None:
            rows.append([1.0 if key is None or p == key else 0.0 for p in places])
            values.append(value)
    out = {}
    for i, p in enumerate(places):
        c = np.zeros(len(places))
        c[i] = 1
        low = linprog(c, A_eq=np.array(rows), b_eq=values, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=np.array(rows), b_eq=values, bounds=(0, None), method="highs")
        assert low.status == 0  # what both show is consistent
        out[p] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return out


def _nothing_small_recovered(bounds: dict) -> None:  # type: ignore[type-arg]
    low, high = bounds["ha-noi"]
    assert high - low >= THRESHOLD, f"Ha Noi's 3 calls lie in [{low}, {high}]"


@pytest.mark.parametrize("first", ["outcomes", "statistics"])
def test_the_outcomes_and_a_table_by_province_cannot_be_differenced(
    world: World, first: str
) -> None:
    campaign, week, _other = _setting(world)
    if first == "outcomes":
        outcomes = _outcomes(world, campaign, week)
        table = _table(world, week)
    else:
        table = _table(world, week)
        outcomes = _outcomes(world, campaign, week)
    _nothing_small_recovered(_bounds(outcomes, table))
    # Whichever comes second hides what would give the 3 back with the first's numbers.
    assert table["ha-noi"] is None
    if first == "outcomes":
        assert (outcomes["targeted"], table["nghe-an"]) == (43, None)
    else:
        assert (outcomes["targeted"], table["nghe-an"]) == (None, 40)


def test_the_outcomes_are_remembered_as_drafts_with_their_groups(world: World) -> None:
    campaign, week, other = _setting(world)
    _outcomes(world, campaign, week)
    views = TableView.objects.filter(
        dataset="hotline.calls", period_start=week.start, period_end=week.end
    )
    # The week, and the sum before the start over it: the same table, kept once.
    assert views.count() == 1
    view = views.first()
    assert view is not None
    assert view.user == world.users["communication_officer"]
    assert view.breakdowns == ["province"]
    groups = [c["categories"][0] for c in view.cells if c["categories"][0] is not None]
    assert groups[0] == list(TARGETED)
    assert other in groups[1]
    assert "ha-noi" not in groups[1]
    assert "unknown" not in groups[1]
    # Read back as the statistics audit them: groups are tuples again.
    drafts = [
        d
        for d in stats.earlier_tables("hotline.calls", week)
        if (d.start, d.end) == (week.start, week.end)
    ]
    assert {c.categories[0] for d in drafts for c in d.cells} >= {TARGETED, None}


def test_the_same_outcomes_shown_again_record_nothing_new(world: World) -> None:
    campaign, week, _other = _setting(world)
    _outcomes(world, campaign, week)
    first = TableView.objects.count()
    assert first > 0
    _outcomes(world, campaign, week)
    assert TableView.objects.count() == first
    distinct = TableView.objects.values("digest").distinct().count()
    assert distinct == first


def test_the_selector_writes_nothing_and_the_page_records_its_drafts(
    world: World, client_for
) -> None:  # type: ignore[no-untyped-def]
    campaign, _week, _other = _setting(world)
    officer = world.users["communication_officer"]
    view = selectors.campaign_outcomes(officer, campaign.pk, weeks=1)
    assert view.drafts
    assert not TableView.objects.exists()
    page = client_for(officer).get(f"/outreach/campaigns/{campaign.pk}/outcomes/?weeks=1")
    assert page.status_code == 200
    assert TableView.objects.filter(user=officer).count() == len(
        {(d.dataset, d.start, d.end, d.protected.cells) for d in view.drafts}
    )
