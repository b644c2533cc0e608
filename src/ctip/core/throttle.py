"""Per-address rate limits for public pages and endpoints.

A fixed one-minute window counted in the ``throttle`` cache. By default that cache lives
in each server process's memory: exact for one process, and with N worker processes a
client gets at most N times the limit. ``CTIP_REDIS_URL`` counts in Redis instead, one
count for every worker and server; ``CTIP_THROTTLE_CACHE=db`` counts in the database
cache table (every public request then writes to the database).

If the shared count cannot be reached (Redis down or slow), the request is counted in
the process's memory instead and a warning is logged: the limit still holds, per
process, and the public pages stay up.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError
from django.http import HttpRequest
from redis.exceptions import RedisError

WINDOW_SECONDS = 60
log = logging.getLogger(__name__)
_fallback = LocMemCache("throttle-fallback", {})


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
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"rate:{scope}:{client_address(request)}:{window}"
    try:
        count = _count(caches["throttle"], key)
    except (RedisError, DatabaseError, OSError):
        log.warning("Rate limit counted in this process: the throttle cache failed.", exc_info=True)
        count = _count(_fallback, key)
    retry_after = (window + 1) * WINDOW_SECONDS - now
    return Decision(count <= per_minute, max(1, retry_after))


def peek_rate(request: HttpRequest, scope: str, per_minute: int) -> Decision:
    """Whether one more use of ``scope`` fits, without counting it: a form refused for
    bad input is not counted; count the accepted one with ``check_rate``."""
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"rate:{scope}:{client_address(request)}:{window}"
    try:
        count = int(caches["throttle"].get(key) or 0)
    except (RedisError, DatabaseError, OSError):
        count = int(_fallback.get(key) or 0)
    retry_after = (window + 1) * WINDOW_SECONDS - now
    return Decision(count < per_minute, max(1, retry_after))


def _count(cache: BaseCache, key: str) -> int:
    # One increment in the common case; add() is a no-op if a concurrent request
    # created the key first.
    try:
        return cache.incr(key)
    except ValueError:
        return 1 if cache.add(key, 1, WINDOW_SECONDS + 5) else cache.incr(key)
