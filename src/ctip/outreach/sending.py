"""The background sending of a campaign: plan, submit in batches, receipts, resume.

Runs in the worker (``ctip worker``), never in the web process. Each message's state is
written and committed before its PDU leaves (``SUBMITTING``) and after the carrier answers
(``SUBMITTED`` with its ids, ``REJECTED``, back to ``PLANNED`` if it never left, or
``UNKNOWN`` if it may have left without an answer). A message is never submitted twice:
after a crash, what was left ``SUBMITTING`` becomes ``UNKNOWN``, not ``PLANNED``.
The do-not-contact list and the daily limit per number are checked in the same
transaction that marks a batch ``SUBMITTING``; the limit is a slot per message in
``DailySlot``, whose unique constraint keeps two campaigns sending at once from both
taking a number's last slot.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from ctip.core import audit
from ctip.outreach import clock, conf, sms
from ctip.outreach.actions.campaigns import audience, local_zone, text_of
from ctip.outreach.actions.subscribers import opt_out
from ctip.outreach.engine import hours
from ctip.outreach.engine import text as sms_text
from ctip.outreach.engine.receipts import is_opt_out
from ctip.outreach.events import OutreachEvent
from ctip.outreach.models import (
    Campaign,
    CampaignState,
    DailySlot,
    DoNotContact,
    EncodingChoice,
    Message,
    MessagePart,
    MessageState,
    Subscriber,
)

log = logging.getLogger(__name__)
PLAN_CHUNK = 5000
RETRY_AFTER = timedelta(minutes=5)  # when the SMSC cannot be reached


@dataclass(frozen=True)
class SendReport:
    campaign_id: int
    state: str
    planned: int
    submitted: int
    skipped: int
    unknown: int
    rejected: int


def enqueue(campaign: Campaign) -> None:
    """Hand the campaign to the worker at its start (after this transaction commits)."""
    from ctip.outreach.tasks import send_campaign

    starts_at = campaign.starts_at

    def go() -> None:
        task = send_campaign
        if starts_at and starts_at > timezone.now():
            if not task.get_backend().supports_defer:
                return  # a queue that cannot wait (tests): the start is left to a caller
            task = task.using(run_after=starts_at)
        task.enqueue(campaign.pk)

    transaction.on_commit(go)


def plan(campaign: Campaign) -> int:
    """One PLANNED message per distinct number of the audience; idempotent."""
    if Message.objects.filter(campaign=campaign).exists():
        return Message.objects.filter(campaign=campaign).count()
    text = text_of(campaign.variant, campaign.text_vi, campaign.text_en)
    encoding = (
        None if campaign.encoding == EncodingChoice.AUTO else sms_text.Encoding(campaign.encoding)
    )
    parts = sms_text.segments(text, encoding).parts
    rows = Subscriber.objects.filter(audience(campaign)).order_by("pk").only("pk", "phone")
    created = 0
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:PLAN_CHUNK])
        if not chunk:
            break
        last = chunk[-1].pk
        with transaction.atomic():
            made = Message.objects.bulk_create(
                [Message(campaign=campaign, phone=s.phone, parts=parts) for s in chunk],
                batch_size=1000,
                ignore_conflicts=True,  # a number on two lists gets one message
            )
        created += len(made)
    return Message.objects.filter(campaign=campaign).count()


def _opted_out(batch: list[Message]) -> set[int]:
    """Messages of the batch whose number is on the do-not-contact list."""
    keys = {m.phone_index for m in batch}
    blocked = set(
        DoNotContact.objects.filter(phone_index__in=keys).values_list("phone_index", flat=True)
    )
    return {m.pk for m in batch if m.phone_index in blocked}


def _taken(keys: set[str], day: date) -> dict[str, set[int]]:
    taken: dict[str, set[int]] = defaultdict(set)
    rows = DailySlot.objects.filter(phone_index__in=keys, day=day).values_list(
        "phone_index", "slot"
    )
    for key, slot in rows:
        taken[key].add(slot)
    return taken


def _free(taken: set[int], limit: int) -> int | None:
    return next((s for s in range(1, limit + 1) if s not in taken), None)


def _slot_one(m: Message, day: date, limit: int) -> bool:
    """Take a free slot of the message's number, retrying past slots others took."""
    for _attempt in range(limit + 1):
        slot = _free(_taken({m.phone_index}, day)[m.phone_index], limit)
        if slot is None:
            return False
        try:
            with transaction.atomic():
                DailySlot.objects.create(
                    message_id=m.pk, phone_index=m.phone_index, day=day, slot=slot
                )
        except IntegrityError:
            continue  # another worker took this slot of the number since we read
        return True
    return False


def _take_slots(batch: list[Message], day: date) -> set[int]:
    """Give each message one of its number's slots of the day; the messages whose number
    has none left (the daily limit) are returned. Inside the claiming transaction."""
    limit = int(conf.get("CTIP_SMS_DAILY_LIMIT"))
    taken = _taken({m.phone_index for m in batch}, day)
    rows, full = [], set()
    for m in batch:
        slot = _free(taken[m.phone_index], limit)
        if slot is None:
            full.add(m.pk)
            continue
        taken[m.phone_index].add(slot)
        rows.append(DailySlot(message_id=m.pk, phone_index=m.phone_index, day=day, slot=slot))
    # In the order of the numbers, so two workers never wait on each other in a circle.
    rows.sort(key=lambda r: (r.phone_index, r.slot))
    try:
        with transaction.atomic():
            DailySlot.objects.bulk_create(rows)
    except IntegrityError:  # a campaign sending at the same moment took some: one by one
        by_pk = {m.pk: m for m in batch}
        return full | {r.message_id for r in rows if not _slot_one(by_pk[r.message_id], day, limit)}
    return full


def _claim(campaign: Campaign, size: int, day: date) -> list[Message]:
    """Mark the next batch SUBMITTING (committed before any PDU leaves)."""
    with transaction.atomic():
        qs = Message.objects.filter(campaign=campaign, state=MessageState.PLANNED).order_by("pk")
        batch = list(qs.select_for_update(skip_locked=True)[:size])
        if not batch:
            return []
        skip = _opted_out(batch)
        skip |= _take_slots([m for m in batch if m.pk not in skip], day)
        if skip:
            Message.objects.filter(pk__in=skip).update(
                state=MessageState.SKIPPED, done_at=timezone.now()
            )
        batch = [m for m in batch if m.pk not in skip]
        Message.objects.filter(pk__in=[m.pk for m in batch]).update(
            state=MessageState.SUBMITTING, sent_on=day
        )
    return batch


def _record(results: list[sms.Submitted]) -> None:
    now = timezone.now()
    by_outcome: dict[sms.Outcome, list[int]] = {}
    parts: list[MessagePart] = []
    with transaction.atomic():
        for r in results:
            by_outcome.setdefault(r.outcome, []).append(r.key)
            if r.outcome == sms.Outcome.ACCEPTED:
                parts += [
                    MessagePart(message_id=r.key, number=n, smsc_id=i, state=MessageState.SUBMITTED)
                    for n, i in enumerate(r.message_ids, start=1)
                ]
            elif r.outcome == sms.Outcome.REJECTED:
                Message.objects.filter(pk=r.key).update(
                    state=MessageState.REJECTED, status=r.status, done_at=now
                )
                DailySlot.objects.filter(message_id=r.key).delete()
        MessagePart.objects.bulk_create(parts, batch_size=1000)
        Message.objects.filter(pk__in=by_outcome.get(sms.Outcome.ACCEPTED, [])).update(
            state=MessageState.SUBMITTED, submitted_at=now
        )
        handed_back = by_outcome.get(sms.Outcome.NOT_SENT, [])
        Message.objects.filter(pk__in=handed_back).update(state=MessageState.PLANNED, sent_on=None)
        DailySlot.objects.filter(message_id__in=handed_back).delete()
        Message.objects.filter(pk__in=by_outcome.get(sms.Outcome.UNKNOWN, [])).update(
            state=MessageState.UNKNOWN, submitted_at=now
        )


FINAL = {
    "delivered": MessageState.DELIVERED,
    "undeliverable": MessageState.UNDELIVERABLE,
    "expired": MessageState.EXPIRED,
}


def apply_inbound(inbound: list[sms.Inbound]) -> tuple[int, int]:
    """Receipts into message states, opt-out replies into the do-not-contact list.

    Receipts are applied together, in one transaction: a message is final once every
    part has its receipt (delivered only if every part was).
    """
    finals: dict[str, MessageState] = {}
    opted = 0
    for item in inbound:
        if item.receipt is not None:
            state = FINAL.get(item.receipt.state)
            if state is not None:
                finals[item.receipt.message_id] = state
        elif is_opt_out(item.text):
            opted += int(opt_out(item.source))
    if not finals:
        return 0, opted
    now = timezone.now()
    with transaction.atomic():
        parts = list(MessagePart.objects.filter(smsc_id__in=finals).values_list("pk", "smsc_id"))
        by_state: dict[MessageState, list[int]] = {}
        for pk, smsc_id in parts:
            by_state.setdefault(finals[smsc_id], []).append(pk)
        for part_state, pks in by_state.items():
            MessagePart.objects.filter(pk__in=pks).update(state=part_state)
        touched = set(
            MessagePart.objects.filter(pk__in=[pk for pk, _ in parts]).values_list(
                "message_id", flat=True
            )
        )
        states: dict[int, set[str]] = {}
        for message_id, seen_state in MessagePart.objects.filter(
            message_id__in=touched
        ).values_list("message_id", "state"):
            states.setdefault(message_id, set()).add(seen_state)
        outcome: dict[str, list[int]] = {}
        for message_id, seen in states.items():
            if MessageState.SUBMITTED in seen:
                continue  # a part still waits for its receipt
            final = (
                MessageState.DELIVERED
                if seen == {MessageState.DELIVERED}
                else next(s for s in sorted(seen) if s != MessageState.DELIVERED)
            )
            outcome.setdefault(final, []).append(message_id)
        for final_state, ids in outcome.items():
            Message.objects.filter(pk__in=ids).update(state=final_state, done_at=now)
    return len(parts), opted


def recover(campaign: Campaign) -> int:
    """After a crash: a message left SUBMITTING may have reached the carrier. Never resend."""
    return Message.objects.filter(campaign=campaign, state=MessageState.SUBMITTING).update(
        state=MessageState.UNKNOWN
    )


def send(
    campaign_id: int,
    *,
    gateway: sms.SmsGateway | None = None,
    now: Callable[[], datetime] = clock.now,
    receipt_wait: float | None = None,
) -> SendReport:
    """Send a scheduled campaign to its end, or until 22:00 (then it is re-queued for 07:00)."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.state not in (
            CampaignState.SCHEDULED,
            CampaignState.SENDING,
            CampaignState.PAUSED,
        ):
            return report(campaign)
        campaign.state = CampaignState.SENDING
        campaign.save(update_fields=["state"])
    recover(campaign)
    plan(campaign)
    text = text_of(campaign.variant, campaign.text_vi, campaign.text_en)
    encoding = (
        None if campaign.encoding == EncodingChoice.AUTO else sms_text.Encoding(campaign.encoding)
    )
    own = gateway is None
    gateway = gateway or sms.gateway()
    size = int(conf.get("CTIP_SMS_BATCH"))
    try:
        while True:
            local = now().astimezone(local_zone())
            if not hours.within_hours(local):
                Campaign.objects.filter(pk=campaign.pk, state=CampaignState.SENDING).update(
                    state=CampaignState.PAUSED, starts_at=hours.next_opening(local)
                )
                campaign.refresh_from_db()
                enqueue_later(campaign)
                return report(campaign)
            if Campaign.objects.filter(pk=campaign.pk, state=CampaignState.CANCELLED).exists():
                break
            batch = _claim(campaign, size, local.date())
            if not batch:
                break
            results = gateway.submit([sms.Outbound(m.pk, m.phone, text, encoding) for m in batch])
            _record(results)
            apply_inbound(gateway.take_inbound())
            if all(r.outcome == sms.Outcome.NOT_SENT for r in results):  # no progress
                # The carrier cannot be reached: pause; the messages stay planned and the
                # campaign is queued again a few minutes later.
                log.warning("campaign %s: the SMSC cannot be reached", campaign.pk)
                Campaign.objects.filter(pk=campaign.pk, state=CampaignState.SENDING).update(
                    state=CampaignState.PAUSED, starts_at=timezone.now() + RETRY_AFTER
                )
                campaign.refresh_from_db()
                enqueue_later(campaign)
                return report(campaign)
        wait = float(conf.get("CTIP_SMS_RECEIPT_WAIT")) if receipt_wait is None else receipt_wait
        if wait > 0:
            gateway.listen(wait)
            apply_inbound(gateway.take_inbound())
    finally:
        if own:
            gateway.close()
    with transaction.atomic():
        updated = Campaign.objects.filter(pk=campaign.pk, state=CampaignState.SENDING).update(
            state=CampaignState.DONE, finished_at=timezone.now()
        )
        campaign.refresh_from_db()
        if updated:
            audit.record(
                OutreachEvent.CAMPAIGN_SENT,
                actor=None,
                target=campaign,
                agency=campaign.agency,
                data=_counts(campaign),
            )
    return report(campaign)


def enqueue_later(campaign: Campaign) -> None:
    with transaction.atomic():
        enqueue(campaign)


def _counts(campaign: Campaign) -> dict[str, int]:
    return dict(
        Message.objects.filter(campaign=campaign)
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )


def report(campaign: Campaign) -> SendReport:
    counts = _counts(campaign)
    return SendReport(
        campaign_id=campaign.pk,
        state=campaign.state,
        planned=sum(counts.values()),
        submitted=sum(
            counts.get(s, 0)
            for s in (
                MessageState.SUBMITTED,
                MessageState.DELIVERED,
                MessageState.UNDELIVERABLE,
                MessageState.EXPIRED,
            )
        ),
        skipped=counts.get(MessageState.SKIPPED, 0),
        unknown=counts.get(MessageState.UNKNOWN, 0),
        rejected=counts.get(MessageState.REJECTED, 0),
    )
