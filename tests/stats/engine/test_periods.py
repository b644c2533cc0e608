from datetime import date

import pytest

from ctip.core.engine.periods import InvalidPeriod, Period, PeriodKind, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2025-H2", date(2025, 7, 1), date(2025, 12, 31)),
        ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-01-05..2025-02-11", date(2025, 1, 5), date(2025, 2, 11)),
    ],
)
def test_parse(text, start, end):
    p = parse_period(text)
    assert (p.start, p.end) == (start, end)
    assert parse_period(p.code) == p


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(InvalidPeriod):
        parse_period("2025-03-01..2025-02-01")
    with pytest.raises(InvalidPeriod):
        Period(date(2025, 3, 1), date(2025, 2, 1))


@pytest.mark.parametrize("text", ["", "2025-13", "2025-Q5", "last year", "2025-02-30..2025-03-01"])
def test_nonsense_is_refused(text):
    with pytest.raises(InvalidPeriod):
        parse_period(text)


def test_previous_and_a_year_earlier():
    q1 = parse_period("2025-Q1")
    assert q1.previous().code == "2024-Q4"
    assert q1.year_earlier().code == "2024-Q1"
    assert parse_period("2025-01").previous().code == "2024-12"
    assert parse_period("2025-H1").previous().code == "2024-H2"
    assert parse_period("2025").previous().code == "2024"
    dates = parse_period("2025-01-11..2025-01-20")
    assert dates.previous() == Period(date(2025, 1, 1), date(2025, 1, 10), PeriodKind.DATES)
    assert parse_period("2024-02-29..2024-03-01").year_earlier().start == date(2023, 2, 28)
