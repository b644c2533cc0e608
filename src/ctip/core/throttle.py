"""Per-address rate limits for public pages and endpoints (``@rate_limited``).

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

import functools
import inspect
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from redis.exceptions import RedisError

from ctip.core.problems import problem

WINDOW_SECONDS = 60
# The clock the windows are counted on (the tests hold it still, so that a test's
# requests never straddle two windows).
_clock = time.time
log = logging.getLogger(__name__)
_fallback = LocMemCache("throttle-fallback", {})


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    retry_after: int


def client_address(request: HttpRequest) -> str:
    # ctip.core.requestlog takes REMOTE_ADDR from X-Forwarded-For only when a trusted
    # proxy sent it, so a client cannot pick its own address by sending the header.
    return str(request.META.get("REMOTE_ADDR", ""))


def check_rate(request: HttpRequest, scope: str, per_minute: int) -> Decision:
    """Count one use of ``scope`` by the request's address; refuse once over the limit."""
    now = int(_clock())
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
    now = int(_clock())
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


def rate_limited(
    scope: str,
    per_minute: Callable[[], int],
    *,
    page: str | None = None,
    context: Callable[[HttpRequest], dict[str, Any]] | None = None,
    methods: tuple[str, ...] = ("POST",),
    only_accepted: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Count each ``methods`` request of a public view per address; over the limit, 429
    with ``Retry-After``: a problem document for the API, or ``page`` rendered again
    with ``context(request)`` (what was posted) and ``limited`` set, for a page.

    With ``only_accepted``, a request the view refuses (an answer of 400 or more, a form
    sent back to be corrected) is not counted: the limit is checked before the view and
    the use counted after it, only when the view accepted it."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method not in methods:
                return view(request, *args, **kwargs)
            if only_accepted:
                decision = peek_rate(request, scope, per_minute())
                if decision.allowed:
                    answer = view(request, *args, **kwargs)
                    if answer.status_code < 400:
                        check_rate(request, scope, per_minute())
                    return answer
            else:
                decision = check_rate(request, scope, per_minute())
                if decision.allowed:
                    return view(request, *args, **kwargs)
            response: HttpResponse
            if page is None:
                response = problem(
                    429, _("Too many checks from your address: wait a minute, then try again.")
                )
            else:
                extra = context(request) if context is not None else {}
                response = render(request, page, {**extra, "limited": True}, status=429)
            response["Retry-After"] = str(decision.retry_after)
            return response

        # The API reads the view's parameters from its signature: give it resolved
        # annotations, since string ones would be looked up in this module.
        wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
        return wrapper

    return decorate
