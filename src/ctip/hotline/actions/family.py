"""Telling a family that its request changed: a text queued in the hotline's outbox
(``FamilyNotice``) with a delivery log, and sent by the worker through the SMS port
``ctip.core.texting`` (the outreach app's SMPP gateway) once the change is committed.

The port's rules hold: a notice is marked "being sent" and committed before the gateway
is called, its outcome is written after, and a text whose outcome is unknown (it may
have reached the phone) is never sent again. A notice left "being sent" by a worker that
died is settled as unknown. Texts the gateway did not send go back to the queue, and
fail after five attempts (``ctip hotline notices`` retries them, from a timer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ctip.cases.engine.duplicates import normalise_phone
from ctip.core import audit, texting
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import FamilyNotice, NoticeStatus, RequestStatus, TracingRequest

MAX_ATTEMPTS = 5
STALE = dt.timedelta(minutes=15)  # a send that has not answered by then never will


def family_text(reference: str, status: RequestStatus) -> str:
    """The text: the reference and the status in words, nothing about any person."""
    with translation.override("vi"):
        return _(
            "Hotline 111: request %(ref)s is now: %(status)s. Follow it with your secret "
            "on the hotline's page."
        ) % {"ref": reference, "status": str(status.label).lower()}


def queue_notice(row: TracingRequest, status: RequestStatus) -> FamilyNotice | None:
    """Inside the change's transaction: queue a text if the family gave a number."""
    if not row.family_phone:
        return None
    notice = FamilyNotice.objects.create(
        request=row,
        to=row.family_phone,
        status_told=status,
        body=family_text(row.follow_code, status)[:320],
    )
    from ctip.hotline.tasks import deliver_family_notices

    transaction.on_commit(deliver_family_notices.enqueue)
    return notice


def notices_deliver(*, limit: int = 100) -> int:
    """Send queued texts through the SMS port and log each outcome on its notice.
    Returns how many the carrier accepted."""
    FamilyNotice.objects.filter(
        state=NoticeStatus.SENDING, tried_at__lt=timezone.now() - STALE
    ).update(state=NoticeStatus.UNKNOWN, last_error="no answer")
    claimed = _claim(limit)
    texts = []
    for notice in claimed:
        number = normalise_phone(notice.to)
        if number is None:
            _settle(notice, NoticeStatus.FAILED, error="not a phone number")
            continue
        texts.append(texting.Text(notice.pk, number, notice.body))
    if not texts:
        return 0
    try:
        results = texting.sender().send(texts)
    except Exception as exc:  # the gateway may have taken some: none is sent again
        results = [texting.Sent(t.key, "unknown") for t in texts]
        error = type(exc).__name__
    else:
        error = ""
    by_key = {r.key: r for r in results}
    accepted = 0
    for notice in claimed:
        if notice.state != NoticeStatus.SENDING:
            continue
        result = by_key.get(notice.pk, texting.Sent(notice.pk, "unknown"))
        accepted += _record(notice, result, error)
    return accepted


def _claim(limit: int) -> list[FamilyNotice]:
    """Mark up to ``limit`` queued notices as being sent, committed before any is sent."""
    with transaction.atomic():
        claimed = list(
            FamilyNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(state=NoticeStatus.QUEUED)
            .select_related("request")
            .order_by("queued_at", "pk")[:limit]
        )
        now = timezone.now()
        for notice in claimed:
            notice.state = NoticeStatus.SENDING
            notice.attempts += 1
            notice.tried_at = now
            notice.save(update_fields=["state", "attempts", "tried_at"])
    return claimed


_STATES = {
    "accepted": NoticeStatus.SENT,
    "rejected": NoticeStatus.FAILED,
    "unknown": NoticeStatus.UNKNOWN,
}


def _record(notice: FamilyNotice, result: texting.Sent, error: str) -> int:
    state = _STATES.get(result.outcome, NoticeStatus.QUEUED)
    if state == NoticeStatus.QUEUED and notice.attempts >= MAX_ATTEMPTS:
        state = NoticeStatus.FAILED
    labels = {"rejected": "refused by the carrier", "not_sent": "not sent", "unknown": ""}
    with transaction.atomic():
        error = error or labels.get(result.outcome, "")
        _settle(notice, state, error=error, ids=result.message_ids)
        if state != NoticeStatus.SENT:
            return 0
        audit.record(
            HotlineEvent.FAMILY_NOTICE_SENT,
            actor=None,
            target=notice.request,
            data={"notice": notice.pk, "status": notice.status_told},
            agency=notice.request.police,
        )
    return 1


def _settle(notice: FamilyNotice, state: str, *, error: str = "", ids: Sequence[str] = ()) -> None:
    notice.state = state
    notice.last_error = error[:200]
    notice.carrier_ids = " ".join(ids)[:200]
    if state == NoticeStatus.SENT:
        notice.sent_at = timezone.now()
    notice.save(update_fields=["state", "last_error", "carrier_ids", "sent_at"])
