"""The families' status texts go out through the SMS port (``ctip.core.texting``) to a
real SMPP message centre on loopback, and the outbox logs each outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from ctip.core.models import AuditEvent
from ctip.hotline import actions
from ctip.hotline.actions.family import MAX_ATTEMPTS, notices_deliver
from ctip.hotline.models import FamilyNotice
from tests.hotline.factories import make_request
from tests.smsc import LoopbackSmsc, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def carrier(smsc: LoopbackSmsc, settings: object) -> LoopbackSmsc:
    settings.CTIP_SMPP_PORT = smsc.port  # type: ignore[attr-defined]
    # The centre on loopback answers within milliseconds: an answer that never comes is
    # given up after one second, not the five a carrier gets.
    settings.CTIP_SMPP_TIMEOUT = 1.0  # type: ignore[attr-defined]
    return smsc


def test_a_status_change_is_texted_by_the_worker_once_committed(
    world, carrier, django_capture_on_commit_callbacks
) -> None:
    row = make_request(world.users["hotline_operator"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_status(
            actor=world.users["investigator"],
            request=row,
            data=actions.StatusInput("verifying", note="Nguồn tin ở Bavet"),
        )
    assert {r.destination for r in carrier.received} == {"84912345678"}
    notices = list(FamilyNotice.objects.order_by("pk"))
    assert [n.state for n in notices] == ["sent", "sent"]
    parts = {r.message_id: r.text for r in carrier.received}
    told = "".join(parts[i] for i in notices[1].carrier_ids.split())
    assert told == notices[1].body
    assert row.follow_code in told
    assert "Bavet" not in told
    assert "An" not in told
    assert len(carrier.received) == sum(len(n.carrier_ids.split()) for n in notices)
    assert notices[1].sent_at is not None
    assert notices[1].attempts == 1
    assert AuditEvent.objects.filter(event_type="HOTLINE_FAMILY_NOTICE_SENT").count() == 2
    received = len(carrier.received)
    assert notices_deliver() == 0  # nothing is sent twice
    assert len(carrier.received) == received


def test_an_unreachable_carrier_leaves_the_text_queued_then_failed(world, settings) -> None:
    settings.CTIP_SMPP_PORT = free_port()  # nobody listens there
    make_request(world.users["hotline_operator"])
    assert notices_deliver() == 0
    notice = FamilyNotice.objects.get()
    assert (notice.state, notice.attempts, notice.last_error) == ("queued", 1, "not sent")
    for _ in range(MAX_ATTEMPTS - 1):
        notices_deliver()
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == ("failed", MAX_ATTEMPTS)


def test_a_text_whose_outcome_is_unknown_is_never_sent_again(world, carrier) -> None:
    make_request(world.users["hotline_operator"])
    carrier.drop_after(2)  # its last part reaches the message centre, no answer comes back
    assert notices_deliver() == 0
    notice = FamilyNotice.objects.get()
    assert notice.state == "unknown"
    call_command("hotline", "notices")
    assert len(carrier.received) == 2
    notice.refresh_from_db()
    assert (notice.state, notice.attempts) == ("unknown", 1)


def test_a_send_left_without_an_answer_is_settled_as_unknown(world, carrier) -> None:
    make_request(world.users["hotline_operator"])
    FamilyNotice.objects.update(
        state="sending", attempts=1, tried_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert notices_deliver() == 0
    assert FamilyNotice.objects.get().state == "unknown"
    assert carrier.received == []


def test_a_number_that_is_not_a_phone_fails_without_reaching_the_carrier(world, carrier) -> None:
    make_request(world.users["hotline_operator"], family_phone="không có")
    notices_deliver()
    notice = FamilyNotice.objects.get()
    assert (notice.state, notice.last_error) == ("failed", "not a phone number")
    assert carrier.received == []
