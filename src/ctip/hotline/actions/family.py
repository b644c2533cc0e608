"""Telling a family that its request changed: a text queued in the hotline's outbox
(``FamilyNotice``) with a delivery log. The outreach app's SMS gateway, once it exists,
delivers the queue through :func:`notices_deliver`; until then texts wait, and their
state is shown on the request's page."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import FamilyNotice, NoticeStatus, RequestStatus, TracingRequest

MAX_ATTEMPTS = 5


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
    return FamilyNotice.objects.create(
        request=row,
        to=row.family_phone,
        status_told=status,
        body=family_text(row.follow_code, status)[:320],
    )


def notices_deliver(*, send: Callable[[str, str], None], limit: int = 100) -> int:
    """Hand queued texts to ``send(number, text)`` (the SMS gateway); each outcome is
    logged on the notice. Returns how many were sent."""
    sent = 0
    ids = list(
        FamilyNotice.objects.filter(state=NoticeStatus.QUEUED)
        .order_by("queued_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        with transaction.atomic():
            notice = (
                FamilyNotice.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=NoticeStatus.QUEUED)
                .select_related("request")
                .first()
            )
            if notice is None:
                continue
            notice.attempts += 1
            try:
                send(notice.to, notice.body)
            except Exception as exc:  # the gateway's failure is logged, never raised
                notice.last_error = type(exc).__name__[:200]
                if notice.attempts >= MAX_ATTEMPTS:
                    notice.state = NoticeStatus.FAILED
                notice.save(update_fields=["attempts", "last_error", "state"])
                continue
            notice.state = NoticeStatus.SENT
            notice.sent_at = timezone.now()
            notice.last_error = ""
            notice.save(update_fields=["attempts", "last_error", "state", "sent_at"])
            audit.record(
                HotlineEvent.FAMILY_NOTICE_SENT,
                actor=None,
                target=notice.request,
                data={"notice": notice.pk, "status": notice.status_told},
                agency=notice.request.police,
            )
            sent += 1
    return sent
