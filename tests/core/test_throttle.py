"""Rate limits counted in each process, in a real Redis shared by processes, and in
memory again when Redis cannot be reached."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from ctip.core import throttle

REDIS_URL = os.environ.get("CTIP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_cache(url: str = REDIS_URL, prefix: str = "") -> dict[str, dict[str, object]]:
    return {
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            # Each test counts under its own prefix, so runs never share a count.
            "KEY_PREFIX": prefix or f"ctip-test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def _reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.exceptions.RedisError:
        return False


needs_redis = pytest.mark.skipif(
    os.environ.get("CTIP_REQUIRE_REDIS") != "1" and not _reachable(),
    reason="no Redis on 127.0.0.1:6379 (CI sets CTIP_REQUIRE_REDIS=1)",
)


def _from(address: str):
    return RequestFactory().get("/api/v1/intel/lookup", REMOTE_ADDR=address)


def test_the_limit_holds_per_address():
    decisions = [throttle.check_rate(_from("198.51.100.7"), "t-per-address", 3) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert 1 <= decisions[-1].retry_after <= throttle.WINDOW_SECONDS
    assert throttle.check_rate(_from("198.51.100.8"), "t-per-address", 3).allowed


@needs_redis
def test_redis_gives_every_process_one_count():
    import redis

    prefix = f"ctip-test-{uuid.uuid4().hex}"
    with override_settings(CACHES=_redis_cache(prefix=prefix)):
        for _ in range(2):
            assert throttle.check_rate(_from("203.0.113.5"), "t-shared", 3).allowed
        # Another worker process: another client and connection pool, the same Redis.
        del caches["throttle"]
        assert throttle.check_rate(_from("203.0.113.5"), "t-shared", 3).allowed
        assert not throttle.check_rate(_from("203.0.113.5"), "t-shared", 3).allowed
    server = redis.Redis.from_url(REDIS_URL)
    (key,) = server.keys(f"{prefix}:*")
    assert b"t-shared:203.0.113.5" in key
    assert int(server.get(key)) == 4
    assert 0 < server.ttl(key) <= throttle.WINDOW_SECONDS + 5
    server.delete(key)


def test_an_unreachable_redis_falls_back_to_this_process(caplog):
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    with override_settings(CACHES=_redis_cache("redis://127.0.0.1:9/0")):
        decisions = [throttle.check_rate(_from("192.0.2.44"), "t-fallback", 2) for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, False]
    assert "counted in this process" in caplog.text


def test_every_public_limit_goes_through_the_one_decorator():
    """No view counts its own rate any more: each public limit is one ``@rate_limited``."""
    import ast
    from pathlib import Path

    src = Path(throttle.__file__).resolve().parents[1]
    callers = [
        path.relative_to(src).as_posix()
        for path in src.rglob("*.py")
        if path.name != "throttle.py"
        and any(
            isinstance(node, ast.Name) and node.id == "check_rate"
            for node in ast.walk(ast.parse(path.read_text()))
        )
    ]
    assert callers == []
