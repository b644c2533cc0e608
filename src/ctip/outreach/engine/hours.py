"""The hours and limits of the rules on advertising messages (Decree 91/2020/ND-CP)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

OPEN = time(7, 0)
CLOSE = time(22, 0)


def within_hours(moment: datetime) -> bool:
    """Is the local ``moment`` inside 07:00–22:00 (22:00 itself is outside)?"""
    return OPEN <= moment.time() < CLOSE


def next_opening(moment: datetime) -> datetime:
    """The local ``moment`` itself if inside the hours, else the next 07:00."""
    if within_hours(moment):
        return moment
    day = moment.date() if moment.time() < OPEN else moment.date() + timedelta(days=1)
    return datetime.combine(day, OPEN, tzinfo=moment.tzinfo)
