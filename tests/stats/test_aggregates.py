import datetime as dt

import pytest
from django.utils import timezone

from ctip.core.engine.periods import parse_period
from ctip.stats import aggregates, registry
from ctip.stats.models import Aggregate
from tests.stats.factories import cases, national_picture


@pytest.mark.django_db
def test_closed_months_are_counted_once_then_summed(world, monkeypatch):
    national_picture(world, on=dt.date(2025, 5, 10))
    period = parse_period("2025-Q2")
    live = registry.figures("cases.received", period, ("province", "sex"))
    summed = aggregates.figures("cases.received", period, ("province", "sex"))
    assert summed.as_dict() == live.as_dict()
    assert summed.total == live.total
    assert Aggregate.objects.filter(dataset="cases.received").count() == 3

    def never(*args, **kwargs):
        raise AssertionError("counted the records again")

    monkeypatch.setattr(registry, "figures", never)
    assert aggregates.figures("cases.received", period, ("province", "sex")).total == 80


@pytest.mark.django_db
def test_refresh_recounts_recent_months_for_late_records(world):
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    period = parse_period(f"{last_month:%Y-%m}")
    user = world.users["case_worker"]
    cases(3, agency=world.agency, user=user, on=last_month)
    assert aggregates.figures("cases.received", period, ()).total == 3
    cases(2, agency=world.agency, user=user, on=last_month)  # recorded late
    assert aggregates.figures("cases.received", period, ()).total == 3
    assert aggregates.refresh() == 1
    assert aggregates.figures("cases.received", period, ()).total == 5


@pytest.mark.django_db
def test_distinct_victims_and_open_periods_are_counted_live(world):
    national_picture(world, on=dt.date(2025, 5, 10))
    aggregates.figures("cases.victims_identified", parse_period("2025"), ())
    aggregates.figures("cases.received", parse_period("2025-05-03..2025-05-20"), ())
    assert not Aggregate.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("queue", [False, True])
def test_the_nightly_command_recounts_recent_months(world, queue):
    """``ctip stats refresh`` (run by deploy/systemd/ctip-stats-refresh.timer) recounts
    here, or through the task queue (the tests' queue runs a task at once)."""
    from io import StringIO

    from django.core.management import call_command

    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    period = parse_period(f"{last_month:%Y-%m}")
    user = world.users["case_worker"]
    cases(2, agency=world.agency, user=user, on=last_month)
    assert aggregates.figures("cases.received", period, ()).total == 2
    cases(4, agency=world.agency, user=user, on=last_month)  # recorded late
    out = StringIO()
    call_command("stats", "refresh", *(["--queue"] if queue else []), stdout=out)
    assert aggregates.figures("cases.received", period, ()).total == 6
    assert ("queued" if queue else "1 aggregate(s) recounted") in out.getvalue()
