"""What the job-offer check records in the audit trail."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctip.core.events import EventType, register


@register
class ScreeningEvent(EventType):
    SCREENING_CHECK_SAVED = (
        "SCREENING_CHECK_SAVED",
        _("Job-offer check kept"),
        _("{actor} kept {target}"),
    )
