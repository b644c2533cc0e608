"""The hotline's audit events."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctip.core.events import EventType, register


@register
class HotlineEvent(EventType):
    CALL_LOGGED = "HOTLINE_CALL_LOGGED", _("Call logged"), _("{actor} logged {target}")
    CALL_CALLED_BACK = (
        "HOTLINE_CALL_CALLED_BACK",
        _("Caller called back"),
        _("{actor} called back the caller of {target}"),
    )
    CALL_LINKED = (
        "HOTLINE_CALL_LINKED",
        _("Record opened from a call"),
        _("{actor} opened a record from {target}"),
    )
    REQUEST_RECORDED = (
        "HOTLINE_REQUEST_RECORDED",
        _("Tracing request recorded"),
        _("{actor} recorded {target}"),
    )
    REQUEST_STATUS_CHANGED = (
        "HOTLINE_REQUEST_STATUS_CHANGED",
        _("Tracing request moved to another status"),
        _("{actor} changed the status of {target}"),
    )
    REQUEST_COMPOUND_CHANGED = (
        "HOTLINE_REQUEST_COMPOUND_CHANGED",
        _("Compound of a tracing request changed"),
        _("{actor} changed where the person sought by {target} is held"),
    )
    REQUEST_PASSED_ABROAD = (
        "HOTLINE_REQUEST_PASSED_ABROAD",
        _("Tracing request passed abroad"),
        _("{actor} passed {target} to the counterpart abroad"),
    )
    REQUEST_ANSWERED_ABROAD = (
        "HOTLINE_REQUEST_ANSWERED_ABROAD",
        _("Tracing request answered from abroad"),
        _("The counterpart's answer, given by {actor}, moved {target}"),
    )
    REQUEST_CASE_OPENED = (
        "HOTLINE_REQUEST_CASE_OPENED",
        _("Case intake opened from a tracing request"),
        _("{actor} opened a case intake from {target}"),
    )
    RANSOM_RECORDED = (
        "HOTLINE_RANSOM_RECORDED",
        _("Ransom demand recorded"),
        _("{actor} recorded a ransom demand on {target}"),
    )
    EVIDENCE_ADDED = (
        "HOTLINE_EVIDENCE_ADDED",
        _("Evidence file added"),
        _("{actor} added an evidence file to {target}"),
    )
    EVIDENCE_EXPORTED = (
        "HOTLINE_EVIDENCE_EXPORTED",
        _("Evidence file exported"),
        _("{actor} exported an evidence file of {target}"),
    )
    EVIDENCE_HANDED_OVER = (
        "HOTLINE_EVIDENCE_HANDED_OVER",
        _("Evidence file handed over"),
        _("{actor} handed over an evidence file of {target}"),
    )
    MATCH_FOUND = (
        "HOTLINE_MATCH_FOUND",
        _("Possible match found"),
        _("{actor} searched for the person sought by {target}"),
    )
    MATCH_DECIDED = (
        "HOTLINE_MATCH_DECIDED",
        _("Match confirmed or rejected"),
        _("{actor} decided on a match of {target}"),
    )
    FAMILY_NOTICE_SENT = (
        "HOTLINE_FAMILY_NOTICE_SENT",
        _("Notice to a family delivered"),
        _("{actor} delivered a notice of {target}"),
    )
