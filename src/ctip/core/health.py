"""Liveness (/healthz), readiness (/readyz) and the task worker's heartbeat.

/healthz says the process answers: a load balancer or systemd restarts it when it does
not. /readyz says it can serve: the database answers, the shared cache takes a write,
and a task worker has reported within ``HEARTBEAT_STALE`` seconds, since imports and
exports wait for one. Both answer over plain HTTP under the
production settings (``SECURE_REDIRECT_EXEMPT``), for probes that talk to the server
directly rather than through the TLS proxy.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from django.core.cache import caches
from django.db import close_old_connections, connection
from django.http import JsonResponse

HEARTBEAT_KEY = "ctip:worker-heartbeat"
HEARTBEAT_EVERY = 10
HEARTBEAT_STALE = 60


def beat() -> None:
    """Record that a task worker is alive, in the cache every process shares."""
    caches["default"].set(HEARTBEAT_KEY, time.time(), timeout=HEARTBEAT_STALE * 10)


def start_heartbeat() -> threading.Thread:
    """Beat now and then every ``HEARTBEAT_EVERY`` seconds, on a daemon thread."""

    def run() -> None:
        while True:
            try:
                beat()
            finally:
                close_old_connections()
            time.sleep(HEARTBEAT_EVERY)

    beat()
    thread = threading.Thread(target=run, name="ctip-heartbeat", daemon=True)
    thread.start()
    return thread


def _database() -> bool:
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return True


def _cache() -> bool:
    # The shared cache (sign-in attempts, the heartbeat). The rate-limit cache is not
    # checked: when Redis fails, each process counts on its own and keeps serving.
    cache = caches["default"]
    cache.set("ctip:ready", "1", timeout=30)
    return bool(cache.get("ctip:ready") == "1")


def _worker() -> bool:
    last = caches["default"].get(HEARTBEAT_KEY)
    return last is not None and time.time() - float(last) < HEARTBEAT_STALE


CHECKS = {"database": _database, "cache": _cache, "worker": _worker}


def readiness() -> JsonResponse:
    checks: dict[str, Any] = {}
    for name, check in CHECKS.items():
        try:
            checks[name] = "ok" if check() else "failing"
        except Exception:  # any failure means not ready; the check's name is enough
            checks[name] = "failing"
    ready = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "failing", "checks": checks}, status=200 if ready else 503
    )
