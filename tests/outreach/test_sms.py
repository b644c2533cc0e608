"""The SMPP gateway against a real SMPP 3.4 server on loopback."""

from __future__ import annotations

import time

from ctip.outreach.engine.text import Encoding
from ctip.outreach.sms import Outbound, Outcome, SmppConfig, SmppGateway
from tests.smsc import LoopbackSmsc


def _gateway(smsc: LoopbackSmsc, **kw: object) -> SmppGateway:
    return SmppGateway(SmppConfig("127.0.0.1", smsc.port, "ctip", "secret", timeout=2, **kw))  # type: ignore[arg-type]


def test_submit_reaches_the_smsc_with_sender_encoding_and_receipt_request(
    smsc: LoopbackSmsc,
) -> None:
    gateway = _gateway(smsc)
    results = gateway.submit(
        [
            Outbound(1, "+84912345678", "Canh bao lua dao viec nhe luong cao. Goi 111."),
            Outbound(2, "+84987654321", "Cảnh báo lừa đảo"),
        ]
    )
    gateway.close()
    assert [r.outcome for r in results] == [Outcome.ACCEPTED, Outcome.ACCEPTED]
    assert [r.message_ids for r in results] == [("m0000001",), ("m0000002",)]
    first, second = smsc.received
    assert first.destination == "84912345678"
    assert first.source == "CANHBAO"
    assert first.data_coding == 0
    assert first.registered_delivery == 1
    assert first.text == "Canh bao lua dao viec nhe luong cao. Goi 111."
    assert second.data_coding == 8
    assert second.text == "Cảnh báo lừa đảo"


def test_a_long_text_goes_in_concatenated_parts(smsc: LoopbackSmsc) -> None:
    text = "Cảnh báo: " + "việc nhẹ lương cao ở Campuchia là bẫy. " * 3  # > 70 UCS-2
    gateway = _gateway(smsc)
    (result,) = gateway.submit([Outbound(7, "+84912345678", text)])
    gateway.close()
    assert result.outcome == Outcome.ACCEPTED
    assert len(result.message_ids) == 2
    parts = smsc.received
    assert all(p.esm_class & 0x40 for p in parts)
    assert [p.body[4:6] for p in parts] == [b"\x02\x01", b"\x02\x02"]
    assert "".join(p.text for p in parts) == text


def test_windowing_keeps_many_pdus_outstanding(smsc: LoopbackSmsc) -> None:
    gateway = _gateway(smsc, window=16)
    messages = [Outbound(i, f"+8491{i:07d}", "Canh bao") for i in range(200)]
    results = gateway.submit(messages)
    gateway.close()
    assert all(r.outcome == Outcome.ACCEPTED for r in results)
    assert len({r.message_ids[0] for r in results}) == 200
    assert gateway.binds == 1


def test_receipts_and_replies_come_back(smsc: LoopbackSmsc) -> None:
    gateway = _gateway(smsc)
    (result,) = gateway.submit([Outbound(1, "+84912345678", "Canh bao")])
    smsc.reply("84912345678", "Từ chối")
    deadline = time.monotonic() + 30  # ends as soon as all is in; long for a loaded machine
    inbound: list = []
    while len(inbound) < 2 and time.monotonic() < deadline:
        gateway.listen(0.2)
        inbound += gateway.take_inbound()
    gateway.close()
    receipt = next(i.receipt for i in inbound if i.receipt)
    assert receipt.message_id == result.message_ids[0]
    assert receipt.state == "delivered"
    reply = next(i for i in inbound if i.receipt is None)
    assert reply.source == "+84912345678"
    assert reply.text == "Từ chối"


def test_a_dropped_connection_leaves_unanswered_messages_unknown_and_the_rest_unsent(
    smsc: LoopbackSmsc,
) -> None:
    gateway = _gateway(smsc, window=1)
    smsc.drop_after(3)
    messages = [Outbound(i, f"+8491{i:07d}", "Canh bao") for i in range(6)]
    results = gateway.submit(messages)
    outcomes = [r.outcome for r in results]
    assert outcomes[:2] == [Outcome.ACCEPTED, Outcome.ACCEPTED]
    assert outcomes[2] == Outcome.UNKNOWN  # it reached the SMSC, no answer came
    assert outcomes[3:] == [Outcome.NOT_SENT] * 3
    # The next submit binds again and sends only what is given.
    again = gateway.submit(
        [m for m, r in zip(messages, results, strict=True) if r.outcome == Outcome.NOT_SENT]
    )
    gateway.close()
    assert all(r.outcome == Outcome.ACCEPTED for r in again)
    assert gateway.binds == 2
    destinations = [r.destination for r in smsc.received]
    assert len(destinations) == len(set(destinations)) == 6


def test_a_refused_message_is_rejected_with_its_status(smsc: LoopbackSmsc) -> None:
    gateway = _gateway(smsc)
    results = gateway.submit([Outbound(1, "+84912345678", "x" * 10, Encoding.GSM7)])
    gateway.close()
    assert results[0].outcome == Outcome.ACCEPTED


def test_apps_below_send_through_the_core_port(smsc: LoopbackSmsc, settings: object) -> None:
    from ctip.core import texting

    settings.CTIP_SMPP_PORT = smsc.port  # type: ignore[attr-defined]
    (sent,) = texting.sender().send(
        [texting.Text(9, "+84912345678", "Ho so cua gia dinh da duoc tiep nhan. Goi 111.")]
    )
    assert sent.outcome == "accepted"
    assert sent.message_ids == ("m0000001",)
    assert smsc.received[0].destination == "84912345678"


def test_the_configured_gateway_waits_for_an_answer_as_long_as_the_settings_say(
    settings: object,
) -> None:
    from ctip.outreach import sms

    settings.CTIP_SMPP_TIMEOUT = 1.5  # type: ignore[attr-defined]
    gateway = sms.gateway()
    assert isinstance(gateway, SmppGateway)
    assert gateway.config.timeout == 1.5
