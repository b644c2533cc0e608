"""The ASGI handler ``ctip serve`` runs: one pooled thread per request, WSGI semantics."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core import signals
from django.db import connection

from ctip.core.asgi import PooledSyncHandler


def _scope(path: str, *, method: str = "GET", headers: list[tuple[bytes, bytes]] | None = None):
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *(headers or [])],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }


async def _call(app: PooledSyncHandler, scope: dict[str, Any], body: bytes = b"") -> dict[str, Any]:
    messages = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.sleep(3600)
        raise AssertionError("the handler read past the request")

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    start = sent[0]
    return {
        "status": start["status"],
        "headers": {k.decode().lower(): v.decode() for k, v in start["headers"]},
        "body": b"".join(m.get("body", b"") for m in sent[1:]),
    }


def _run(coroutine: Any) -> Any:
    """Run on a thread of its own: the browser tests' Playwright keeps an event loop
    running on the main thread for the whole session."""
    with ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(asyncio.run, coroutine).result()


def _on_thread(executor: Any, fn: Any) -> Any:
    return executor.submit(fn).result()


@pytest.mark.django_db(transaction=True)
def test_a_request_keeps_its_thread_and_database_connection(settings):
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 60
    app = PooledSyncHandler(threads=1)

    async def twice() -> list[int]:
        ids = []
        for _ in range(2):
            response = await _call(app, _scope("/healthz"))
            assert response["status"] == 200
            (executor,) = app._pool()._queue  # type: ignore[attr-defined]
            ids.append(_on_thread(executor, lambda: id(connection.connection)))
        return ids

    first, second = _run(twice())
    assert first == second  # the second request reused the first one's connection


@pytest.mark.django_db(transaction=True)
def test_the_request_finishes_on_its_own_thread():
    # request_finished closes the connections past their age; they belong to the thread
    # that opened them, so it must run there, after the response went out.
    app = PooledSyncHandler(threads=1)
    events: list[tuple[str, str]] = []

    def started(**_: Any) -> None:
        events.append(("started", threading.current_thread().name))

    def finished(**_: Any) -> None:
        events.append(("finished", threading.current_thread().name))

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        response = _run(_call(app, _scope("/healthz")))
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)
    assert response["status"] == 200
    assert [kind for kind, _ in events] == ["started", "finished"]
    assert events[0][1] == events[1][1] != threading.current_thread().name


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("threads", [1, 2])
def test_requests_run_side_by_side_up_to_the_pool_size(threads):
    app = PooledSyncHandler(threads=threads)
    spans: list[tuple[str, float, float]] = []
    both_started = threading.Barrier(2, timeout=2)

    def slow(**_: Any) -> None:
        import time

        begun = time.monotonic()
        if threads == 2:
            both_started.wait()  # fails unless the two requests really run at once
        time.sleep(0.05)
        spans.append((threading.current_thread().name, begun, time.monotonic()))

    signals.request_started.connect(slow)
    try:

        async def two() -> list[dict[str, Any]]:
            return list(
                await asyncio.gather(_call(app, _scope("/healthz")), _call(app, _scope("/healthz")))
            )

        responses = _run(two())
    finally:
        signals.request_started.disconnect(slow)
    assert [r["status"] for r in responses] == [200, 200]
    names = {name for name, _, _ in spans}
    assert len(names) == threads
    if threads == 1:
        first, second = sorted((s, e) for _, s, e in spans)
        assert first[1] <= second[0]  # one thread: one request after the other


@pytest.mark.django_db(transaction=True)
def test_the_language_of_one_request_does_not_leak_into_the_next():
    app = PooledSyncHandler(threads=1)

    async def both() -> list[str]:
        english = await _call(app, _scope("/login/", headers=[(b"accept-language", b"en")]))
        default = await _call(app, _scope("/login/"))
        return [english["headers"]["content-language"], default["headers"]["content-language"]]

    assert _run(both()) == ["en", "vi"]


@pytest.mark.django_db(transaction=True)
def test_bad_requests_get_clear_answers():
    app = PooledSyncHandler(threads=1)

    async def run() -> tuple[dict[str, Any], dict[str, Any]]:
        bad_length = await _call(
            app,
            _scope(
                "/api/v1/screening/assess",
                method="POST",
                headers=[(b"content-type", b"application/json"), (b"content-length", b"abc")],
            ),
        )
        missing = await _call(app, _scope("/api/v1/no-such-thing"))
        return bad_length, missing

    bad_length, missing = _run(run())
    assert bad_length["status"] == 400
    assert bad_length["headers"]["content-type"] == "application/problem+json"
    assert missing["status"] == 404
    assert missing["headers"]["content-type"] == "application/problem+json"


def test_a_client_gone_before_its_body_arrived_gets_no_answer():
    app = PooledSyncHandler(threads=1)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    _run(app(_scope("/healthz", method="POST"), receive, send))
    assert sent == []


def test_only_http_is_served():
    app = PooledSyncHandler(threads=1)

    async def nothing(*_: Any) -> None:
        raise AssertionError("not reached")

    with pytest.raises(ValueError, match="HTTP"):
        _run(app({"type": "lifespan"}, nothing, nothing))
    with pytest.raises(ValueError, match="at least one"):
        PooledSyncHandler(threads=0)


def test_the_served_application_loads_the_engine_and_freezes_what_it_loaded(tmp_path):
    import subprocess
    import sys

    from tests.serving import instance_env

    probe = (
        "import gc, ctip.config.asgi as served, ctip.screening.engine.model as model; "
        "print(gc.get_freeze_count() > 10_000, model.default_model.cache_info().currsize)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=instance_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.split() == ["True", "1"]
