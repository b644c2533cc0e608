"""Text messages through an SMPP 3.4 connection (SMSC), behind a Protocol other apps use.

``SmsGateway`` is what the rest of CTIP sees: submit a batch of messages, get back what the
SMSC answered for each one, and collect what it sent us (delivery receipts, replies). The
implementation here, ``SmppGateway``, speaks SMPP 3.4 through ``smpplib``: one
``bind_transceiver`` session, ``submit_sm`` with an alphanumeric sender and
``registered_delivery=1``, a window of outstanding PDUs (it does not wait for each answer
before sending the next), ``deliver_sm`` parsed into receipts and replies, and a fresh bind
after a dropped connection.

The gateway never decides whether a message may be sent again: it tells the caller, for each
message, whether the SMSC accepted it (with its id), refused it, never saw it (the
connection was down before its PDU left: safe to send later), or may have it (the PDU left
and no answer came: unknown, never resent). The caller records each message's state in the
database before and after ``submit``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import smpplib.client
import smpplib.consts
import smpplib.exceptions
import smpplib.smpp

from ctip.outreach.engine import text as sms_text
from ctip.outreach.engine.receipts import Receipt, parse_receipt

log = logging.getLogger(__name__)
# smpplib logs every PDU, phone numbers included, at DEBUG: never let it.
logging.getLogger("ctip.outreach.smpp").setLevel(logging.INFO)

ESM_UDHI = 0x40
ESM_RECEIPT_MASK = 0x3C  # message type bits of esm_class in a deliver_sm
RECEIPTED_MESSAGE_ID = "receipted_message_id"
# Refusals that say "not now" (system error, queue full, throttled): the SMSC did not take
# the message, so it may be offered again later without anyone getting it twice.
RETRYABLE = frozenset({0x08, 0x14, 0x58})


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # submit_sm_resp with ESME_ROK for every part
    REJECTED = "rejected"  # the SMSC refused a part (its command_status says why)
    NOT_SENT = "not_sent"  # no PDU of it left: safe to send later
    UNKNOWN = "unknown"  # a PDU left and no answer came: never send it again


@dataclass(frozen=True)
class Outbound:
    key: int  # the caller's id of the message
    to: str  # E.164, "+84912345678"
    text: str
    encoding: sms_text.Encoding | None = None  # None: GSM-7 if it fits, else UCS-2


@dataclass(frozen=True)
class Submitted:
    key: int
    outcome: Outcome
    message_ids: tuple[str, ...] = ()  # the SMSC's id of each part, in order
    status: int = 0  # the SMPP command_status of a refusal


@dataclass(frozen=True)
class Inbound:
    """A deliver_sm: a delivery receipt (``receipt`` set) or a reply from a phone."""

    source: str  # E.164 when it is a Vietnamese number, else as received
    text: str
    receipt: Receipt | None


class SmsGateway(Protocol):
    """What CTIP needs from a text-message carrier."""

    def submit(self, messages: Sequence[Outbound]) -> list[Submitted]: ...

    def listen(self, seconds: float) -> None: ...

    def take_inbound(self) -> list[Inbound]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class SmppConfig:
    host: str
    port: int
    system_id: str
    password: str
    sender: str = "CANHBAO"  # an alphanumeric brand name (TON 5)
    window: int = 64  # submit_sm PDUs outstanding at once
    timeout: float = 5.0  # seconds to wait for an answer before calling it lost
    max_tps: float = 0.0  # 0: as fast as the SMSC answers
    system_type: str = ""


def national(e164: str) -> str:
    """SMPP destination address: international format without the "+"."""
    return e164.lstrip("+")


def from_smsc(address: str) -> str:
    digits = "".join(ch for ch in address if ch.isdigit())
    if digits.startswith("84"):
        return "+" + digits
    if digits.startswith("0") and len(digits) >= 10:
        return "+84" + digits[1:]
    return address


@dataclass
class _Pending:
    key: int
    part: int
    sent_at: float


@dataclass
class _Batch:
    parts: dict[int, int] = field(default_factory=dict)  # key -> number of parts
    ids: dict[int, dict[int, str]] = field(default_factory=dict)
    refused: dict[int, int] = field(default_factory=dict)
    unknown: set[int] = field(default_factory=set)


class SmppError(Exception):
    pass


class SmppGateway:
    """An ESME bound as transceiver to one SMSC; not thread-safe (one worker owns it)."""

    def __init__(self, config: SmppConfig) -> None:
        self.config = config
        self._client: smpplib.client.Client | None = None
        self._pending: dict[int, _Pending] = {}
        self._batch: _Batch | None = None
        self._inbound: list[Inbound] = []
        self._last_send = 0.0
        self.binds = 0

    # -- session -----------------------------------------------------------------------

    def _bound(self) -> smpplib.client.Client:
        if self._client is not None:
            return self._client
        client = smpplib.client.Client(
            self.config.host,
            self.config.port,
            timeout=self.config.timeout,
            allow_unknown_opt_params=True,
            logger_name="ctip.outreach.smpp",
        )
        client.set_message_sent_handler(self._on_submit_resp)
        client.set_message_received_handler(self._on_deliver)
        client.set_error_pdu_handler(self._on_error_pdu)
        try:
            client.connect()
            client.bind_transceiver(
                system_id=self.config.system_id,
                password=self.config.password,
                system_type=self.config.system_type,
            )
        except (smpplib.exceptions.ConnectionError, smpplib.exceptions.PDUError, OSError) as e:
            self._drop(client)
            raise SmppError(f"bind failed: {e}") from e
        self._client = client
        self.binds += 1
        return client

    def _drop(self, client: smpplib.client.Client | None = None) -> None:
        client = client or self._client
        self._client = None
        if client is not None:
            try:
                client.disconnect()
            except Exception:
                client._socket = None
        # Every PDU still awaiting an answer may or may not have reached the SMSC.
        if self._batch is not None:
            self._batch.unknown.update(p.key for p in self._pending.values())
        self._pending.clear()

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.unbind()
            except Exception:
                log.info("smpp unbind without an answer")
            self._drop()

    # -- handlers ----------------------------------------------------------------------

    def _on_submit_resp(self, pdu: Any, **kwargs: Any) -> None:
        pending = self._pending.pop(pdu.sequence, None)
        batch = self._batch
        if pending is None or batch is None:
            return
        status = int(pdu.status or 0)
        if status == smpplib.consts.SMPP_ESME_ROK:
            message_id = pdu.message_id
            if isinstance(message_id, bytes):
                message_id = message_id.decode("ascii", "replace")
            batch.ids.setdefault(pending.key, {})[pending.part] = str(message_id or "")
        else:
            batch.refused[pending.key] = status

    def _on_error_pdu(self, pdu: Any) -> None:
        # A refused submit_sm arrives here first; read_once then hands it to
        # _on_submit_resp, which records the refusal. Nothing else is fatal.
        log.info("smpp %s answered with status %s", pdu.command, pdu.status)

    def _on_deliver(self, pdu: Any, **kwargs: Any) -> int:
        raw = pdu.short_message or b""
        message = sms_text.decode(
            raw if isinstance(raw, bytes) else raw.encode(), int(pdu.data_coding or 0)
        )
        source = pdu.source_addr
        if isinstance(source, bytes):
            source = source.decode("ascii", "replace")
        receipt = None
        if int(pdu.esm_class or 0) & ESM_RECEIPT_MASK:
            receipted = getattr(pdu, RECEIPTED_MESSAGE_ID, None)
            if isinstance(receipted, bytes):
                receipted = receipted.decode("ascii", "replace")
            receipt = parse_receipt(message, receipted or None)
        self._inbound.append(Inbound(from_smsc(str(source)), message, receipt))
        return int(smpplib.consts.SMPP_ESME_ROK)

    # -- sending -----------------------------------------------------------------------

    def _throttle(self) -> None:
        if self.config.max_tps <= 0:
            return
        gap = 1.0 / self.config.max_tps
        wait = self._last_send + gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_send = time.monotonic()

    def _read_until(self, client: smpplib.client.Client, outstanding: int) -> None:
        """Read answers until at most ``outstanding`` PDUs wait for one."""
        deadline = time.monotonic() + self.config.timeout
        while len(self._pending) > outstanding:
            if time.monotonic() > deadline:
                raise SmppError("no answer from the SMSC")
            client.read_once(auto_send_enquire_link=False)

    def submit(self, messages: Sequence[Outbound]) -> list[Submitted]:
        """Submit ``messages`` (windowed) and say what became of each one.

        A dropped connection is not an exception for the caller: the messages whose PDUs
        had left without an answer come back ``UNKNOWN``, the rest ``NOT_SENT``.
        """
        batch = self._batch = _Batch()
        started: set[int] = set()
        try:
            client = self._bound()
            for message in messages:
                encoding = message.encoding or sms_text.best_encoding(message.text)
                parts = sms_text.split(message.text, encoding)
                batch.parts[message.key] = len(parts)
                reference = message.key % 256
                for number, body in enumerate(parts, start=1):
                    esm_class = smpplib.consts.SMPP_MSGTYPE_DEFAULT
                    if len(parts) > 1:
                        body = bytes((5, 0, 3, reference, len(parts), number)) + body
                        esm_class |= ESM_UDHI
                    if len(self._pending) >= self.config.window:
                        self._read_until(client, self.config.window - 1)
                    self._throttle()
                    pdu = smpplib.smpp.make_pdu(
                        "submit_sm",
                        client=client,
                        source_addr_ton=smpplib.consts.SMPP_TON_ALNUM,
                        source_addr_npi=smpplib.consts.SMPP_NPI_UNK,
                        source_addr=self.config.sender,
                        dest_addr_ton=smpplib.consts.SMPP_TON_INTL,
                        dest_addr_npi=smpplib.consts.SMPP_NPI_ISDN,
                        destination_addr=national(message.to),
                        short_message=body,
                        data_coding=sms_text.DATA_CODING[encoding],
                        esm_class=esm_class,
                        registered_delivery=1,
                    )
                    started.add(message.key)
                    self._pending[pdu.sequence] = _Pending(message.key, number, time.monotonic())
                    client.send_pdu(pdu)
            self._read_until(client, 0)
        except (TimeoutError, SmppError, smpplib.exceptions.ConnectionError, OSError) as e:
            log.warning("smpp connection lost: %s", e)
            self._drop()
        finally:
            self._batch = None
        results: list[Submitted] = []
        for message in messages:
            key = message.key
            if key not in started:
                results.append(Submitted(key, Outcome.NOT_SENT))
            elif key in batch.refused:
                status = batch.refused[key]
                retry = status in RETRYABLE and batch.parts[key] == 1
                outcome = Outcome.NOT_SENT if retry else Outcome.REJECTED
                results.append(Submitted(key, outcome, status=status))
            elif key in batch.unknown or len(batch.ids.get(key, {})) < batch.parts[key]:
                results.append(Submitted(key, Outcome.UNKNOWN))
            else:
                ids = batch.ids[key]
                results.append(Submitted(key, Outcome.ACCEPTED, tuple(ids[n] for n in sorted(ids))))
        return results

    # -- receiving ---------------------------------------------------------------------

    def listen(self, seconds: float) -> None:
        """Read receipts and replies for ``seconds`` (binding first if needed)."""
        deadline = time.monotonic() + seconds
        try:
            client = self._bound()
            while (left := deadline - time.monotonic()) > 0:
                if client._socket is None:
                    break
                client._socket.settimeout(min(left, self.config.timeout))
                try:
                    client.read_once(auto_send_enquire_link=False)
                except TimeoutError:
                    continue
        except (SmppError, smpplib.exceptions.ConnectionError, OSError) as e:
            log.warning("smpp connection lost while listening: %s", e)
            self._drop()
        finally:
            if self._client is not None and self._client._socket is not None:
                self._client._socket.settimeout(self.config.timeout)

    def take_inbound(self) -> list[Inbound]:
        inbound, self._inbound = self._inbound, []
        return inbound


_FACTORY: list[Any] = []


def gateway() -> SmsGateway:
    """The configured gateway (tests and other carriers replace it with ``use``)."""
    if _FACTORY:
        return _FACTORY[-1]()
    from ctip.outreach import conf

    return SmppGateway(
        SmppConfig(
            host=str(conf.get("CTIP_SMPP_HOST")),
            port=int(conf.get("CTIP_SMPP_PORT")),
            system_id=str(conf.get("CTIP_SMPP_SYSTEM_ID")),
            password=str(conf.get("CTIP_SMPP_PASSWORD")),
            sender=str(conf.get("CTIP_SMS_SENDER")),
            window=int(conf.get("CTIP_SMS_WINDOW")),
            max_tps=float(conf.get("CTIP_SMS_MAX_TPS")),
            timeout=float(conf.get("CTIP_SMPP_TIMEOUT")),
        )
    )


def use(factory: Any) -> None:
    """Replace the gateway factory (a test's loopback SMSC, another carrier)."""
    _FACTORY.append(factory)


def reset() -> None:
    _FACTORY.clear()


class PortSender:
    """The gateway behind ``ctip.core.texting``: one bind for a few messages, then closed."""

    def __init__(self, factory: Any = None) -> None:
        self._factory = factory or gateway

    def send(self, texts: Sequence[Any]) -> list[Any]:
        from ctip.core.texting import Sent

        carrier = self._factory()
        try:
            results = carrier.submit([Outbound(t.key, t.to, t.body) for t in texts])
        finally:
            carrier.close()
        return [Sent(r.key, str(r.outcome), r.message_ids) for r in results]
