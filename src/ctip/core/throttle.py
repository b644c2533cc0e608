"""Per-address rate limits for public pages and endpoints.

A fixed one-minute window counted in the ``throttle`` cache. In the embedded mode that
cache lives in each server process's memory: exact for one process, and with N worker
processes a client gets at most N times the limit. Set ``CTIP_THROTTLE_CACHE=db`` to
share one count through the database cache table (every public request then writes to
the database), or point the ``throttle`` cache at Redis in larger deployments.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import caches
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


def check_rate(request: HttpRequest, scope: str, per_minute: int) -> Decision:
    """Count one use of ``scope`` by the request's address; refuse once over the limit."""
    cache = caches["throttle"]
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"rate:{scope}:{client_address(request)}:{window}"
    # One increment in the common case; add() is a no-op if a concurrent request
    # created the key first.
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1 if cache.add(key, 1, WINDOW_SECONDS + 5) else cache.incr(key)
    retry_after = (window + 1) * WINDOW_SECONDS - now
    return Decision(count <= per_minute, max(1, retry_after))
