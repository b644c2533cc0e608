"""The time the sending window is judged by: the real time, or on a demo or test instance
the real time shifted by ``CTIP_OUTREACH_CLOCK_SHIFT`` seconds.

Messages may leave only between 07:00 and 22:00 in Viet Nam; a browser journey run at
night sets a shift back into the day so that it can schedule and send a campaign. Only the
window's checks read this clock (the start a campaign is given, the worker's pause at
22:00); the worker's queue and every record's own times stay on the real clock, so a shift
into the past lets a campaign start at once. The setting is read from the environment only
when ``CTIP_DEMO`` is on, and the production settings pin it to zero.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def now() -> datetime:
    shift = int(getattr(settings, "CTIP_OUTREACH_CLOCK_SHIFT", 0))
    return timezone.now() + timedelta(seconds=shift)
