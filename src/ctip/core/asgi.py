"""Serve the (synchronous) Django application over ASGI with one thread hop per request.

Every view, middleware and query in CTIP is synchronous. Django's own ASGI handler
runs such an application in async mode: the middleware chain goes to a thread, comes
back to the event loop for the view, goes to the thread again for the view, and again
to close the response; each request also starts a thread of its own and joins it at
the end. Since database connections belong to a thread, every request then opens a new
database connection, so ``CONN_MAX_AGE`` keeps nothing. On the two-core machines CTIP
is deployed to, those hops cost more than most requests' own work.

:class:`PooledSyncHandler` keeps the ASGI server (the event loop reads and writes
sockets) and runs each request the way a WSGI server would: the request's whole
synchronous part (the ``request_started`` signal, the middleware chain, the view) as
one call on a thread borrowed from a fixed pool of long-lived threads, and the
response's ``close()`` (``request_finished``: database connections past their age are
closed there) as a second call on the same thread. A thread runs one request at a time,
so per-thread state (the database connection, the active language) never mixes two
requests; at most ``threads`` requests run at once per process, and the rest wait
without holding a thread. Threads are lent through asgiref's
``ThreadSensitiveContext(executor=...)``, so any ``sync_to_async`` call made while
sending the response (a streaming body) lands on the same thread.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import ThreadSensitiveContext
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.http import HttpResponseBase
from django.urls import set_script_prefix


class PooledSyncHandler(ASGIHandler):
    """Django's ASGI handler with the middleware loaded in sync mode and pooled threads."""

    def __init__(self, threads: int) -> None:
        if threads < 1:
            raise ValueError("The ASGI thread pool needs at least one thread.")
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        self.threads = threads
        self._idle: asyncio.Queue[ThreadPoolExecutor] | None = None

    def _pool(self) -> asyncio.Queue[ThreadPoolExecutor]:
        # Made on first use, inside the server's event loop.
        if self._idle is None:
            self._idle = asyncio.Queue()
            for n in range(self.threads):
                self._idle.put_nowait(
                    ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"ctip-request-{n}")
                )
        return self._idle

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"CTIP serves HTTP connections only, not {scope['type']}.")
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        idle = self._pool()
        executor = await idle.get()
        loop = asyncio.get_running_loop()
        try:
            async with ThreadSensitiveContext(executor=executor):
                response = await loop.run_in_executor(executor, self._respond, scope, body_file)
                try:
                    await self.send_response(response, send)
                finally:
                    await loop.run_in_executor(executor, response.close)
        finally:
            body_file.close()
            idle.put_nowait(executor)

    def _respond(self, scope: dict[str, Any], body_file: Any) -> HttpResponseBase:
        """The synchronous part of a request, as a WSGI handler runs it."""
        set_script_prefix(get_script_prefix(scope))
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, error_response = self.create_request(scope, body_file)
        response = error_response if request is None else self.get_response(request)
        # request_finished names the handler that sent the response, as Django's do.
        response._handler_class = self.__class__  # type: ignore[union-attr]
        return response  # type: ignore[return-value]
