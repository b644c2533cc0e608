"""What followed a campaign, from real calls to 111, scam reports and saved checks."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from ctip.core import actions as core_actions
from ctip.core.models import Province
from ctip.hotline.models import Call
from ctip.intel.models import Report
from ctip.outreach import selectors
from ctip.outreach.models import Campaign
from ctip.screening.models import SavedCheck
from tests.conftest import World
from tests.hotline.factories import make_call
from tests.intel.factories import make_report
from tests.outreach import factories as f


def _at(day, hour: int = 10) -> datetime:  # type: ignore[no-untyped-def]
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def _calls(world: World, province: str, day, n: int) -> None:  # type: ignore[no-untyped-def]
    for _i in range(n):
        call = make_call(
            world.users["hotline_operator"], province=Province.objects.get(code=province)
        )
        Call.objects.filter(pk=call.pk).update(taken_at=_at(day))


def _reports(province: str, day, n: int) -> None:  # type: ignore[no-untyped-def]
    for _i in range(n):
        report = make_report(None, province=Province.objects.get(code=province))
        Report.objects.filter(pk=report.pk).update(reported_at=_at(day))


def _checks(province: str | None, day, n: int) -> None:  # type: ignore[no-untyped-def]
    """Saved job-offer checks of a day; ``province`` None: the person gave none."""
    place = None if province is None else Province.objects.get(code=province)
    for _i in range(n):
        SavedCheck.objects.create(
            created=day,
            source="page",
            language="vi",
            category="trafficking_lure",
            level="high",
            risk_bucket=8,
            pay_band="1000_2000",
            province=place,
        )


@pytest.fixture
def started(world: World, settings) -> Campaign:  # type: ignore[no-untyped-def]
    """A campaign to Ha Noi that started two weeks and two days ago; calls and reports in
    Ha Noi and Nghe An the two weeks before and the two weeks after. The counts are small:
    disclosure control is lowered so that the arithmetic can be read."""
    settings.CTIP_STATS_THRESHOLD = 1
    officer = world.users["communication_officer"]
    campaign = f.campaign(officer, f.subscriber_list(officer))
    start = timezone.localdate() - timedelta(days=16)
    Campaign.objects.filter(pk=campaign.pk).update(starts_at=_at(start, 9))
    before, after = start - timedelta(days=3), start + timedelta(days=2)
    _calls(world, "ha-noi", before, 2)
    _calls(world, "ha-noi", after, 8)
    _calls(world, "nghe-an", before, 10)
    _calls(world, "nghe-an", after, 10)
    _reports("ha-noi", before, 5)
    _reports("ha-noi", after, 5)
    _reports("nghe-an", after, 3)  # nothing before in Nghe An: half a count is added
    _checks("ha-noi", before, 1)
    _checks("ha-noi", after, 4)
    _checks("nghe-an", before, 2)
    _checks("nghe-an", after, 2)
    _checks(None, before, 1)
    _checks(None, after, 2)
    return campaign


def test_outcomes_compare_the_targeted_provinces_with_the_others(
    world: World, started: Campaign
) -> None:
    view = selectors.campaign_outcomes(world.users["communication_officer"], started.pk, weeks=2)
    assert view.targeted == ("ha-noi",)
    calls, reports = view.outcomes[:2]
    assert calls.indicator == "hotline.calls"
    assert [w.after for w in calls.weeks] == [False, False, True, True]
    assert sum(w.targeted for w in calls.weeks) == 10
    assert sum(w.untargeted for w in calls.weeks) == 20
    cells = calls.effect.cells
    assert (cells.targeted_before, cells.targeted_after) == (2, 8)
    assert (cells.untargeted_before, cells.untargeted_after) == (10, 10)
    assert calls.effect.ratio == pytest.approx(4.0)
    assert calls.effect.low < 4.0 < calls.effect.high
    assert not calls.effect.corrected
    assert reports.effect.corrected
    assert reports.effect.ratio == pytest.approx((5.5 / 5.5) / (3.5 / 0.5))
    assert calls.coverage is None  # calls and reports: no count apart
    assert view.note == ""


def test_checks_that_carry_a_province_are_compared_and_the_others_counted_apart(
    world: World, started: Campaign
) -> None:
    checks = selectors.campaign_outcomes(
        world.users["communication_officer"], started.pk, weeks=2
    ).outcomes[2]
    assert checks.indicator == "screening.checks"
    assert [(w.targeted, w.untargeted, w.unplaced) for w in checks.weeks] == [
        (0, 0, 0),
        (1, 2, 1),
        (4, 2, 2),
        (0, 0, 0),
    ]
    cells = checks.effect.cells
    assert (cells.targeted_before, cells.targeted_after) == (1, 4)
    assert (cells.untargeted_before, cells.untargeted_after) == (2, 2)
    assert checks.effect.ratio == pytest.approx(4.0)
    assert (checks.coverage.total, checks.coverage.unplaced) == (12, 3)
    assert checks.coverage.unplaced_percent == pytest.approx(25.0)


def test_the_page_draws_the_weeks_and_the_interval_with_tables(
    world: World, started: Campaign, client_for
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users["communication_officer"])
    page = client.get(
        f"/outreach/campaigns/{started.pk}/outcomes/?weeks=2", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") == 4  # three measures by week, and the ratios
    assert 'data-testid="outcomes-effect"' in html
    assert "4.00" in html or "4,00" in html
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    ET.fromstring(svg)  # noqa: S314 - our own output, well formed


def test_the_api_gives_the_same_numbers(world: World, started: Campaign, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users["communication_officer"])
    body = client.get(f"/api/v1/outreach/campaigns/{started.pk}/outcomes?weeks=2").json()
    assert body["outcomes"][0]["effect"]["cells"]["targeted_after"] == 8
    assert body["outcomes"][0]["effect"]["ratio"] == pytest.approx(4.0)
    assert body["outcomes"][1]["effect"]["corrected"] is True
    checks = body["outcomes"][2]
    assert checks["indicator"] == "screening.checks"
    assert checks["coverage"] == {"total": 12, "unplaced": 3}
    assert [w["unplaced"] for w in checks["weeks"]] == [0, 1, 2, 0]
    assert body["outcomes"][0]["coverage"] is None
    assert "checks" not in body


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", "không ghi tỉnh"),
        ("en", "carried no province"),
    ],
)
def test_the_page_says_how_many_checks_carried_no_province(
    world: World, started: Campaign, client_for, language: str, words: str
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.users["communication_officer"])
    page = client.get(
        f"/outreach/campaigns/{started.pk}/outcomes/?weeks=2", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    coverage = page[page.index('data-testid="outcomes-coverage-screening.checks"') :]
    coverage = coverage[: coverage.index("</p>")]
    assert words in coverage
    assert "12" in coverage
    assert "25" in coverage
    assert 'data-testid="outcomes-coverage-hotline.calls"' not in page


def test_a_campaign_is_read_by_its_agency_and_those_above_only(
    world: World, started: Campaign, client_for
) -> None:  # type: ignore[no-untyped-def]
    sibling = world.other_users["communication_officer"]
    assert client_for(sibling).get(f"/outreach/campaigns/{started.pk}/outcomes/").status_code == 404
    api = client_for(sibling).get(f"/api/v1/outreach/campaigns/{started.pk}/outcomes")
    assert api.status_code == 404
    parent = core_actions.user_create(
        actor=None,
        agency=world.national,
        username="comms-national",
        password="correct horse battery staple",
        roles=["communication_officer"],
    )
    assert client_for(parent).get(f"/outreach/campaigns/{started.pk}/outcomes/").status_code == 200
    reader = world.users["hotline_operator"]  # no outreach permission
    assert client_for(reader).get(f"/outreach/campaigns/{started.pk}/outcomes/").status_code == 403


def test_a_campaign_not_yet_started_or_sent_everywhere_says_why(world: World) -> None:
    officer = world.users["communication_officer"]
    draft = f.campaign(officer, f.subscriber_list(officer))
    view = selectors.campaign_outcomes(officer, draft.pk)
    assert view.outcomes == ()
    assert view.note
    everywhere = f.campaign(officer, f.subscriber_list(officer, name="b"), provinces=())
    Campaign.objects.filter(pk=everywhere.pk).update(starts_at=timezone.now() - timedelta(days=20))
    view = selectors.campaign_outcomes(officer, everywhere.pk)
    assert all(o.effect is None for o in view.outcomes)
    assert "every province" in view.note


def _small_cell(world: World) -> Campaign:
    """Three calls in Ha Noi and twelve elsewhere the week before a campaign to Ha Noi."""
    officer = world.users["communication_officer"]
    campaign = f.campaign(officer, f.subscriber_list(officer))
    start = timezone.localdate() - timedelta(days=9)
    Campaign.objects.filter(pk=campaign.pk).update(starts_at=_at(start, 9))
    before, after = start - timedelta(days=3), start + timedelta(days=2)
    _calls(world, "ha-noi", before, 3)
    _calls(world, "nghe-an", before, 12)
    _calls(world, "nghe-an", after, 11)
    _calls(world, "ha-noi", after, 11)
    return campaign


def test_a_small_count_is_hidden_with_a_second_one_on_page_and_api(
    world: World, client_for
) -> None:  # type: ignore[no-untyped-def]
    campaign = _small_cell(world)
    view = selectors.campaign_outcomes(world.users["communication_officer"], campaign.pk, weeks=1)
    calls = view.outcomes[0]
    before, after = calls.weeks
    # 3 is under 11; 12 is hidden too, or the week's national 15 would give the 3 back.
    assert (before.targeted, before.untargeted) == (None, None)
    assert (after.targeted, after.untargeted) == (11, 11)
    # The sums before are the hidden week itself: the ratio would give them back.
    assert calls.effect is None
    assert calls.effect_hidden

    client = client_for(world.users["communication_officer"])
    body = client.get(f"/api/v1/outreach/campaigns/{campaign.pk}/outcomes?weeks=1").json()
    weeks = body["outcomes"][0]["weeks"]
    assert [(w["targeted"], w["untargeted"]) for w in weeks] == [(None, None), (11, 11)]
    assert body["outcomes"][0]["effect"] is None
    assert body["outcomes"][0]["effect_hidden"] is True
    assert body["threshold"] == 11
    page = client.get(
        f"/outreach/campaigns/{campaign.pk}/outcomes/?weeks=1", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    table = page[page.index('data-testid="outcomes-hotline.calls"') :]
    table = table[: table.index("</table>")]
    assert table.count('data-status="hidden"') == 2
    assert ">3<" not in table
    assert ">12<" not in table
    assert 'data-testid="outcomes-effect-hidden"' in page
    effect = page[page.index('data-testid="outcomes-effect"') :]
    assert calls.label not in effect[: effect.index("</table>")]  # only the scam reports
    svg = page[page.index('id="weeks-hotline-calls-t"') :]
    assert ": 3</title>" not in svg[: svg.index("</svg>")]


def test_small_counts_of_checks_are_hidden_and_the_coverage_with_them(
    world: World, client_for
) -> None:  # type: ignore[no-untyped-def]
    """The week before: 3 checks in Ha Noi, 12 elsewhere, 4 with no province; the week
    after: 11, 11 and 15."""
    officer = world.users["communication_officer"]
    campaign = f.campaign(officer, f.subscriber_list(officer))
    start = timezone.localdate() - timedelta(days=9)
    Campaign.objects.filter(pk=campaign.pk).update(starts_at=_at(start, 9))
    before, after = start - timedelta(days=3), start + timedelta(days=2)
    _checks("ha-noi", before, 3)
    _checks("nghe-an", before, 12)
    _checks(None, before, 4)
    _checks("ha-noi", after, 11)
    _checks("nghe-an", after, 11)
    _checks(None, after, 15)
    checks = selectors.campaign_outcomes(officer, campaign.pk, weeks=1).outcomes[2]
    first, second = checks.weeks
    # 3 and 4 are under 11; 12 is hidden too, or the week's national 19 gives back 3 + 4.
    assert (first.targeted, first.untargeted, first.unplaced) == (None, None, None)
    assert (second.targeted, second.untargeted, second.unplaced) == (11, 11, 15)
    assert checks.effect is None
    assert checks.effect_hidden
    # 19 without a province in the two weeks, 15 of them the week after: 19 would give the
    # hidden 4 back; 56 checks in all, 37 of them the week after: 56 would give back the
    # first week's 19, and with its 12 the hidden 3 + 4. Neither is shown.
    assert (checks.coverage.total, checks.coverage.unplaced) == (None, None)

    client = client_for(officer)
    body = client.get(f"/api/v1/outreach/campaigns/{campaign.pk}/outcomes?weeks=1").json()
    weeks = body["outcomes"][2]["weeks"]
    assert [(w["targeted"], w["untargeted"], w["unplaced"]) for w in weeks] == [
        (None, None, None),
        (11, 11, 15),
    ]
    assert body["outcomes"][2]["coverage"] == {"total": None, "unplaced": None}
    page = client.get(
        f"/outreach/campaigns/{campaign.pk}/outcomes/?weeks=1", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    table = page[page.index('data-testid="outcomes-screening.checks"') :]
    table = table[: table.index("</table>")]
    assert table.count('data-status="hidden"') == 3
    assert ">3<" not in table
    assert ">4<" not in table
    coverage = page[page.index('data-testid="outcomes-coverage-screening.checks"') :]
    assert "hidden" in coverage[: coverage.index("</p>")]
    assert " 56 " not in page
    assert " 19 " not in page
