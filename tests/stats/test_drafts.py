"""Drafts: written by the action after the selector built the table, once per distinct
table and reader, and read back only where the engine links them in time."""

from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from ctip.core.engine import suppression
from ctip.core.engine.periods import Period, parse_period
from ctip.stats import actions, selectors
from ctip.stats.models import TableView
from tests.conftest import World
from tests.stats.factories import cases, national_picture

pytestmark = pytest.mark.django_db

PAGE = {"indicator": "cases.received", "period": "2025-Q2", "rows": "province"}


def test_the_selector_writes_nothing_and_the_action_remembers_what_it_built(
    world: World,
) -> None:
    national_picture(world)
    reader = world.users["statistician"]
    table = selectors.national_table(reader, "cases.received", parse_period("2025-Q2"), ())
    assert not TableView.objects.exists()
    # The table, the previous period and the same period a year earlier.
    assert [d.period for d in table.drafts] == [
        parse_period("2025-Q2"),
        parse_period("2025-Q1"),
        parse_period("2024-Q2"),
    ]
    actions.drafts_shown(reader, table.drafts)
    assert TableView.objects.filter(user=reader).count() == 3


def test_showing_a_table_records_its_drafts_exactly_once(world: World, client_for) -> None:
    national_picture(world)
    reader = world.users["statistician"]
    client = client_for(reader)
    assert client.get("/stats/", PAGE).status_code == 200
    first = sorted(TableView.objects.values_list("period_start", "period_end", "digest"))
    assert [(s, e) for s, e, _d in first] == [
        (dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        (dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        (dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
    ]
    assert client.get("/stats/", PAGE).status_code == 200
    assert sorted(TableView.objects.values_list("period_start", "period_end", "digest")) == first
    # The API's table (no breakdown) and its comparisons (totals) are other tables.
    api = client.get("/api/v1/stats/tables", {"indicator": "cases.received", "period": "2025-Q2"})
    assert api.status_code == 200
    again = sorted(TableView.objects.values_list("period_start", "period_end", "digest"))
    assert len(again) == 6
    assert set(first) < set(again)


def test_another_reader_shown_the_same_table_has_their_own_draft(world: World, client_for) -> None:
    national_picture(world)
    for reader in (world.users["statistician"], world.other_users["statistician"]):
        client_for(reader).get("/stats/", PAGE)
    assert TableView.objects.count() == 6
    assert TableView.objects.values("digest").distinct().count() == 3
    # Audited once each: the two readers' drafts are one table to the engine.
    assert len(selectors.earlier_tables("cases.received", parse_period("2025-Q2"))) == 1


def test_only_the_drafts_and_releases_the_engine_links_are_read(world: World) -> None:
    """Random periods of one dataset, shown or released; for a new table, what is read
    back is exactly what ``suppression.protect`` would keep of all of them."""
    user = world.users["case_worker"]
    cases(15, agency=world.agency, user=user, on=dt.date(2025, 3, 1))
    reader = world.users["statistician"]
    rng = random.Random(7)
    base = dt.date(2025, 1, 1)
    stored: list[Period] = []
    for _i in range(14):
        start = base + dt.timedelta(days=rng.randrange(0, 360))
        end = start + dt.timedelta(days=rng.randrange(0, 40))
        table = selectors.national_table(reader, "cases.received", Period(start, end), ())
        actions.drafts_shown(reader, table.drafts[:1])
        stored.append(Period(start, end))
    everything = [suppression.PublishedTable(p.start, p.end, (), ()) for p in sorted(set(stored))]
    for start_day, length in itertools.product(range(0, 365, 23), (0, 6, 30)):
        period = Period(
            base + dt.timedelta(days=start_day), base + dt.timedelta(days=start_day + length)
        )
        probe = suppression.TableIn(period.start, period.end, (), (), {(): 0})
        linked = {(t.start, t.end) for t in suppression._linked(probe, everything)}
        read = {(t.start, t.end) for t in selectors.earlier_tables("cases.received", period)}
        assert read == linked, period


def test_a_draft_shown_on_an_adjacent_period_is_not_read(world: World) -> None:
    reader = world.users["statistician"]
    january = selectors.national_table(reader, "cases.received", parse_period("2025-01"), ())
    actions.drafts_shown(reader, january.drafts[:1])
    assert selectors.earlier_tables("cases.received", parse_period("2025-02")) == []
    linked = selectors.earlier_tables("cases.received", parse_period("2025-01-31..2025-02-28"))
    assert [(t.start, t.end) for t in linked] == [(dt.date(2025, 1, 1), dt.date(2025, 1, 31))]
