"""Per-address limit on public checks, shared by the page and the API.

A fixed one-minute window counted in the cache (the database cache table by default,
Redis in larger deployments), so every server process shares one count. The limit is
``CTIP_SCREENING_RATE_PER_MINUTE``; benchmarks raise it through the environment.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    retry_after: int


def client_address(request: HttpRequest) -> str:
    # The ASGI server fills REMOTE_ADDR from X-Forwarded-For only for trusted proxies,
    # so a client cannot pick its own address by sending the header.
    return str(request.META.get("REMOTE_ADDR", ""))


def check_rate(request: HttpRequest) -> Decision:
    """Count one check for the request's address; refuse once over the limit."""
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"screening-rate:{client_address(request)}:{window}"
    # One increment in the common case; the key is created only by the first check of
    # a window, and add() is a no-op if a concurrent request created it first.
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1 if cache.add(key, 1, WINDOW_SECONDS + 5) else cache.incr(key)
    retry_after = (window + 1) * WINDOW_SECONDS - now
    return Decision(count <= settings.CTIP_SCREENING_RATE_PER_MINUTE, max(1, retry_after))
