"""The outreach app's audit events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctip.core.events import EventType, register


@register
class OutreachEvent(EventType):
    LIST_IMPORTED = (
        "OUTREACH_LIST_IMPORTED",
        _("Subscriber list imported"),
        _("{actor} imported the subscriber list {target}"),
    )
    DO_NOT_CONTACT_ADDED = (
        "OUTREACH_DO_NOT_CONTACT_ADDED",
        _("Numbers added to the do-not-contact list"),
        _("{actor} added numbers to the do-not-contact list"),
    )
    OPTED_OUT = (
        "OUTREACH_OPTED_OUT",
        _("A subscriber opted out by reply"),
        _("A subscriber replied to stop warnings ({target})"),
    )
    CAMPAIGN_DRAFTED = (
        "OUTREACH_CAMPAIGN_DRAFTED",
        _("Campaign drafted"),
        _("{actor} drafted the campaign {target}"),
    )
    CAMPAIGN_SCHEDULED = (
        "OUTREACH_CAMPAIGN_SCHEDULED",
        _("Campaign scheduled"),
        _("{actor} scheduled the campaign {target}"),
    )
    CAMPAIGN_CANCELLED = (
        "OUTREACH_CAMPAIGN_CANCELLED",
        _("Campaign cancelled"),
        _("{actor} cancelled the campaign {target}"),
    )
    CAMPAIGN_SENT = "OUTREACH_CAMPAIGN_SENT", _("Campaign sent"), _("{target} was sent")
    WARNING_DRAFTED = (
        "OUTREACH_WARNING_DRAFTED",
        _("Public warning drafted"),
        _("{actor} drafted the warning {target}"),
    )
    WARNING_PUBLISHED = (
        "OUTREACH_WARNING_PUBLISHED",
        _("Public warning published"),
        _("{actor} approved and published the warning {target}"),
    )
    WARNING_WITHDRAWN = (
        "OUTREACH_WARNING_WITHDRAWN",
        _("Public warning withdrawn"),
        _("{actor} withdrew the warning {target}"),
    )
    COURSE_CREATED = (
        "OUTREACH_COURSE_CREATED",
        _("Training course created"),
        _("{actor} created the course {target}"),
    )
    SESSION_CREATED = (
        "OUTREACH_SESSION_CREATED",
        _("Training session recorded"),
        _("{actor} recorded the training session {target}"),
    )
    ATTENDANCE_RECORDED = (
        "OUTREACH_ATTENDANCE_RECORDED",
        _("Training results recorded"),
        _("{actor} recorded results of {target}"),
    )
