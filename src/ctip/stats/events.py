"""What the statistics app records in the audit trail: releases, exports and budgets."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctip.core.events import EventType, register


@register
class StatsEvent(EventType):
    STATS_RELEASE_PUBLISHED = (
        "STATS_RELEASE_PUBLISHED",
        _("Statistics released"),
        _("{actor} published {target}"),
    )
    STATS_RELEASE_EXPORTED = (
        "STATS_RELEASE_EXPORTED",
        _("Statistics exported"),
        _("{actor} exported {target}"),
    )
    STATS_BUDGET_SET = (
        "STATS_BUDGET_SET",
        _("Privacy-loss budget set"),
        _("{actor} set the privacy-loss budget of a dataset"),
    )
    STATS_SURVEY_IMPORTED = (
        "STATS_SURVEY_IMPORTED",
        _("Survey imported"),
        _("{actor} imported the survey {target}"),
    )
    STATS_REPORT_EXPORTED = (
        "STATS_REPORT_EXPORTED",
        _("National report exported"),
        _("{actor} exported the national report"),
    )
