"""A message centre on loopback for the tests (fixture ``smsc``), shared by every app that
sends text messages: the ``smpp34`` package's SMPP 3.4 server.

It runs in a thread with its own event loop, accepts every ``submit_sm`` with an id of its
own, remembers what it received, and can send delivery receipts and replies back through
``deliver_sm`` as a carrier does. ``drop_after(n)`` makes it close every connection when
its ``n``-th PDU arrives, without answering it: the client cannot know whether that
message was taken.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import smpp34


@dataclass(frozen=True)
class Received:
    message_id: str
    source: str
    destination: str
    data_coding: int
    esm_class: int
    registered_delivery: int
    body: bytes

    @property
    def payload(self) -> bytes:
        """The text octets, without a concatenation header."""
        if self.esm_class & 0x40:
            return self.body[self.body[0] + 1 :]
        return self.body

    @property
    def text(self) -> str:
        if self.data_coding == 0x08:
            return self.payload.decode("utf-16-be")
        from ctip.outreach.engine.text import decode

        return decode(self.payload, self.data_coding)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LoopbackSmsc:
    def __init__(self, *, receipts: bool = True, receipt_stat: str = "DELIVRD") -> None:
        self.port = free_port()
        self.receipts = receipts
        self.receipt_stat = receipt_stat
        self.received: list[Received] = []
        self.binds = 0
        self.deliver_results: list[int] = []
        self._drop_at: int | None = None
        self._held: list[Any] = []
        self._esmes: list[Any] = []
        self._tasks: set[Any] = set()
        self._loop = asyncio.new_event_loop()
        self._server: Any = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._call(self._start())
        self._serving = asyncio.run_coroutine_threadsafe(self._serve(), self._loop)

    # -- plumbing ----------------------------------------------------------------------

    def _call(self, coro: Any, timeout: float = 10) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _start(self) -> None:
        for _ in range(50):
            try:
                self._server = smpp34.Server("127.0.0.1", self.port, system_id="ctip-test-smsc")
                await self._server.start()
                return
            except Exception:  # the old listener may still hold the port a moment
                await asyncio.sleep(0.05)
        raise RuntimeError("the loopback SMSC could not listen")

    async def _serve(self) -> None:
        while True:
            server = self._server
            try:
                event = await server.next()
            except Exception:
                if server is self._server:
                    await asyncio.sleep(0.01)
                continue
            if isinstance(event, smpp34.Esme):
                self.binds += 1
                self._esmes.append(event)
            elif isinstance(event, smpp34.SubmitSmEvent):
                await self._on_submit(event)

    async def _on_submit(self, event: Any) -> None:
        message_id = f"m{len(self.received) + 1:07d}"
        self.received.append(
            Received(
                message_id,
                event.source_addr,
                event.destination_addr,
                event.data_coding,
                event.esm_class,
                event.registered_delivery,
                bytes(event.short_message),
            )
        )
        if self._drop_at is not None and len(self.received) >= self._drop_at:
            self._drop_at = None
            self._held.append(event)  # never answered
            await self._restart()
            return
        event.accept(message_id)
        if self.receipts and event.registered_delivery:
            task = asyncio.ensure_future(self._receipt(event.destination_addr, message_id))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _receipt(self, destination: str, message_id: str) -> None:
        stamp = time.strftime("%y%m%d%H%M")
        text = (
            f"id:{message_id} sub:001 dlvrd:001 submit date:{stamp} done date:{stamp} "
            f"stat:{self.receipt_stat} err:000 text:"
        )
        await self.deliver(destination, text.encode("ascii"), esm_class=0x04)

    async def deliver(
        self, source: str, body: bytes, *, esm_class: int = 0, data_coding: int = 0
    ) -> None:
        for esme in list(self._esmes):
            if not esme.can_receive:
                continue
            try:
                resp = await esme.deliver_sm(
                    "CANHBAO",
                    body,
                    source_addr=source,
                    source_addr_ton=1,
                    source_addr_npi=1,
                    esm_class=esm_class,
                    data_coding=data_coding,
                )
                self.deliver_results.append(resp.command_status)
                return
            except Exception:  # noqa: S112 - a session that just closed; try the next
                continue

    async def _restart(self) -> None:
        old = self._server
        self._esmes.clear()
        await old.stop()
        await self._start()

    # -- what tests call ---------------------------------------------------------------

    def drop_after(self, n: int) -> None:
        """Close every connection when the ``n``-th PDU from now arrives, unanswered."""
        self._drop_at = len(self.received) + n

    def reply(self, source: str, text: str) -> None:
        """A subscriber's reply (mobile-originated message) to the bound client."""
        body = text.encode("utf-16-be")
        # Not awaited here: the answer comes only once the client reads it.
        asyncio.run_coroutine_threadsafe(self.deliver(source, body, data_coding=0x08), self._loop)

    def send_receipt(self, destination: str, message_id: str) -> None:
        """A delivery receipt for an earlier message, pushed now (not awaited)."""
        asyncio.run_coroutine_threadsafe(self._receipt(destination, message_id), self._loop)

    def wait_for_bind(self, count: int, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while self.binds < count and time.monotonic() < deadline:
            time.sleep(0.01)

    def wait_for(self, count: int, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.01)

    def stop(self) -> None:
        async def _stop() -> None:
            await self._server.stop()

        try:
            self._call(_stop())
        finally:
            self._serving.cancel()
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)


@pytest.fixture
def smsc() -> Iterator[LoopbackSmsc]:
    server = LoopbackSmsc()
    yield server
    server.stop()
