import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctip.cases.engine.followup import (
    OUTCOME_DOMAINS,
    OutcomeDomain,
    add_months,
    overdue,
    schedule,
    summarise_outcomes,
)
from ctip.cases.labels import label_in


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2025, 8, 31), 1, dt.date(2025, 9, 30)),
        (dt.date(2025, 11, 15), 3, dt.date(2026, 2, 15)),
        (dt.date(2025, 12, 31), 12, dt.date(2026, 12, 31)),
        (dt.date(2025, 3, 31), -1, dt.date(2025, 2, 28)),
        (dt.date(2025, 7, 1), 0, dt.date(2025, 7, 1)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_add_months_outside_calendar():
    with pytest.raises(ValueError, match="outside the calendar"):
        add_months(dt.date(9999, 12, 1), 1)


def test_default_schedule():
    due = schedule(dt.date(2025, 8, 31))
    assert [d.months for d in due] == [1, 3, 6, 12]
    assert [d.due for d in due] == [
        dt.date(2025, 9, 30),
        dt.date(2025, 11, 30),
        dt.date(2026, 2, 28),
        dt.date(2026, 8, 31),
    ]
    assert [d.sequence for d in due] == [1, 2, 3, 4]


def test_configured_schedule_and_overdue():
    due = schedule(dt.date(2025, 1, 10), (2, 24))
    assert [d.due for d in due] == [dt.date(2025, 3, 10), dt.date(2027, 1, 10)]
    assert overdue(due, dt.date(2025, 3, 11)) == due[:1]
    assert overdue(due, dt.date(2025, 3, 10)) == ()


@pytest.mark.parametrize("offsets", [(), (0, 3), (3, 1), (1, 1, 3), (-1,)])
def test_bad_offsets(offsets):
    with pytest.raises(ValueError, match="offset"):
        schedule(dt.date(2025, 1, 1), offsets)


@given(st.dates(dt.date(1900, 1, 1), dt.date(2900, 1, 1)), st.integers(0, 600))
def test_add_months_never_overshoots_the_target_month(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day <= start.day


def test_outcome_scales_are_complete_and_bilingual():
    assert set(OUTCOME_DOMAINS) == set(OutcomeDomain)
    for scale in OUTCOME_DOMAINS.values():
        assert len(scale.levels) == 4
        assert all(label_in(level, "vi") != level.en for level in scale.levels)


def test_summary_names_concerns_and_missing_domains():
    summary = summarise_outcomes({"safety": 4, "housing": 2, "retrafficking_risk": 1})
    assert summary.concerns == (OutcomeDomain.HOUSING, OutcomeDomain.RETRAFFICKING_RISK)
    assert summary.missing == (OutcomeDomain.HEALTH, OutcomeDomain.WORK_AND_INCOME)


@pytest.mark.parametrize(
    ("levels", "message"),
    [({"safety": 5}, "1 to 4"), ({"safety": 0}, "1 to 4"), ({"safety": True}, "integer")],
)
def test_summary_rejects_bad_levels(levels, message):
    with pytest.raises(ValueError, match=message):
        summarise_outcomes(levels)


def test_summary_rejects_unknown_domain():
    with pytest.raises(ValueError, match="happiness"):
        summarise_outcomes({"happiness": 3})
