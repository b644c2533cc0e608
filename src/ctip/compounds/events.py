"""The compound register's audit events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctip.core.events import EventType, register


@register
class CompoundEvent(EventType):
    RECORDED = "COMPOUND_RECORDED", _("Compound recorded"), _("{actor} recorded {target}")
    CHANGED = "COMPOUND_CHANGED", _("Compound changed"), _("{actor} changed {target}")
    STATUS_CHANGED = (
        "COMPOUND_STATUS_CHANGED",
        _("Compound status changed"),
        _("{actor} changed the status of {target}"),
    )
    OPENED_TO_AGENCY = (
        "COMPOUND_OPENED_TO_AGENCY",
        _("Compound opened to an agency"),
        _("{actor} opened {target} to another agency"),
    )
