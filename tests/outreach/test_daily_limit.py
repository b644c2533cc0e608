"""The daily limit per number holds when several campaigns send at the same instant.

The race runs threads, each with its own database connection, released together. SQLite's
in-memory test database fails shared tables instead of queueing writers (the embedded
mode's file database queues them: IMMEDIATE transactions), so the race is run on
PostgreSQL (DATABASE_URL); the giving back of slots runs on both.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from ctip.outreach import sending, sms
from ctip.outreach.models import Campaign, DailySlot, Message, MessageState
from tests.conftest import World
from tests.outreach import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

CAMPAIGNS = 4
LIMIT = 2


def _claim_together(campaigns: list[Campaign], day: date) -> list[BaseException]:
    """Each campaign claims its batch in its own thread and connection, all at once."""
    start = threading.Barrier(len(campaigns))
    errors: list[BaseException] = []

    def claim(campaign: Campaign) -> None:
        try:
            start.wait()
            sending._claim(campaign, 200, day)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(c,)) for c in campaigns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="threads race on PostgreSQL (see above)"
)
def test_campaigns_claiming_at_once_never_pass_the_daily_limit(
    world: World, settings: object
) -> None:
    settings.CTIP_SMS_DAILY_LIMIT = LIMIT  # type: ignore[attr-defined]
    officer = world.users["communication_officer"]
    lst = f.subscriber_list(officer)  # two consenting numbers in Ha Noi
    campaigns = [f.campaign(officer, lst, name=f"c{i}") for i in range(CAMPAIGNS)]
    for c in campaigns:
        sending.plan(c)
    day = date(2026, 12, 7)

    assert _claim_together(campaigns, day) == []

    claimed = Message.objects.filter(state=MessageState.SUBMITTING)
    per_number: dict[str, int] = {}
    for key in claimed.values_list("phone_index", flat=True):
        per_number[key] = per_number.get(key, 0) + 1
    assert per_number
    assert set(per_number.values()) == {LIMIT}
    assert Message.objects.filter(state=MessageState.SKIPPED).count() == 2 * (CAMPAIGNS - LIMIT)
    assert DailySlot.objects.count() == claimed.count()
    assert set(DailySlot.objects.values_list("slot", flat=True)) == {1, 2}


def test_a_message_handed_back_gives_its_slot_back(world: World, settings: object) -> None:
    settings.CTIP_SMS_DAILY_LIMIT = 1  # type: ignore[attr-defined]
    officer = world.users["communication_officer"]
    lst = f.subscriber_list(officer)
    first, second = (f.campaign(officer, lst, name=n) for n in ("a", "b"))
    for c in (first, second):
        sending.plan(c)
    day = date(2026, 12, 7)
    batch = sending._claim(first, 200, day)
    sending._record([sms.Submitted(m.pk, sms.Outcome.NOT_SENT) for m in batch])
    assert DailySlot.objects.count() == 0
    assert len(sending._claim(second, 200, day)) == 2  # the slots were free again
    assert sending._claim(first, 200, day) == []  # and now the limit is reached
    assert Message.objects.filter(campaign=first, state=MessageState.SKIPPED).count() == 2
