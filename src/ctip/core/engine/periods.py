"""Statistical periods: month, quarter, half-year, year or two dates, and their comparisons.

Pure Python: apps' ``figures.py`` receive a :class:`Period` and the statistics engine
compares it with the previous period of the same kind and the same period a year earlier.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    DATES = "dates"


class InvalidPeriod(ValueError):
    """A period that cannot be counted over (for instance one that ends before it starts)."""


@dataclass(frozen=True, order=True)
class Period:
    """Both ends included."""

    start: date
    end: date
    kind: PeriodKind = PeriodKind.DATES

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidPeriod("The period ends before it starts.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def code(self) -> str:
        """A stable code: 2025, 2025-H1, 2025-Q3, 2025-07 or 2025-01-05..2025-02-11."""
        y = self.start.year
        if self.kind is PeriodKind.YEAR:
            return f"{y}"
        if self.kind is PeriodKind.HALF:
            return f"{y}-H{1 if self.start.month == 1 else 2}"
        if self.kind is PeriodKind.QUARTER:
            return f"{y}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.MONTH:
            return f"{y}-{self.start.month:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before (for dates: the same number of days)."""
        if self.kind is PeriodKind.DATES:
            end = self.start - timedelta(days=1)
            return Period(end - timedelta(days=self.days - 1), end, PeriodKind.DATES)
        months = _MONTHS[self.kind]
        return calendar_period(self.kind, *_shift(self.start.year, self.start.month, -months))

    def year_earlier(self) -> Period:
        if self.kind is PeriodKind.DATES:
            return Period(_minus_year(self.start), _minus_year(self.end), PeriodKind.DATES)
        return calendar_period(self.kind, self.start.year - 1, self.start.month)

    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) the period touches."""
        out = []
        y, m = self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = _shift(y, m, 1)
        return out


_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _minus_year(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def calendar_period(kind: PeriodKind, year: int, month: int) -> Period:
    """The calendar period of ``kind`` that starts in (or contains) ``year``-``month``."""
    if kind is PeriodKind.DATES:
        raise InvalidPeriod("Dates need a start and an end.")
    length = _MONTHS[kind]
    first = ((month - 1) // length) * length + 1
    start = date(year, first, 1)
    last_y, last_m = _shift(year, first, length - 1)
    end = date(last_y, last_m, calendar.monthrange(last_y, last_m)[1])
    return Period(start, end, kind)


_PATTERNS = [
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
    (re.compile(r"^(\d{4})-H([12])$", re.I), PeriodKind.HALF),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.I), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-(\d{2})$"), PeriodKind.MONTH),
]


def parse_period(text: str) -> Period:
    """``2025``, ``2025-H1``, ``2025-Q3``, ``2025-07`` or ``2025-01-05..2025-02-11``."""
    text = (text or "").strip()
    if ".." in text:
        a, _, b = text.partition("..")
        try:
            return Period(date.fromisoformat(a.strip()), date.fromisoformat(b.strip()))
        except ValueError as exc:
            if isinstance(exc, InvalidPeriod):
                raise
            raise InvalidPeriod("A date is not a valid date (YYYY-MM-DD).") from exc
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        year = int(m.group(1))
        if not 1900 <= year <= 2999:
            break
        if kind is PeriodKind.YEAR:
            return calendar_period(kind, year, 1)
        n = int(m.group(2))
        if kind is PeriodKind.HALF:
            return calendar_period(kind, year, 1 + (n - 1) * 6)
        if kind is PeriodKind.QUARTER:
            return calendar_period(kind, year, 1 + (n - 1) * 3)
        if not 1 <= n <= 12:
            break
        return calendar_period(kind, year, n)
    raise InvalidPeriod("Not a period: give a year, a half, a quarter, a month or two dates.")
