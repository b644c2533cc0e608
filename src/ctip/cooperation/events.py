"""Audit events of cross-border cooperation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctip.core.events import EventType, register


@register
class CooperationEvent(EventType):
    VERIFICATION_RECEIVED = (
        "COOPERATION_VERIFICATION_RECEIVED",
        _("Verification request received"),
        _("{actor} recorded {target}"),
    )
    PERSON_ANSWERED = (
        "COOPERATION_PERSON_ANSWERED",
        _("Person on a verification request answered"),
        _("{actor} answered for a person of {target}"),
    )
    VERIFICATION_ANSWERED = (
        "COOPERATION_VERIFICATION_ANSWERED",
        _("Verification request answered"),
        _("{actor} answered every person of {target}"),
    )
    HANDOVER_PLANNED = (
        "COOPERATION_HANDOVER_PLANNED",
        _("Handover planned"),
        _("{actor} planned {target}"),
    )
    MANIFEST_IMPORTED = (
        "COOPERATION_MANIFEST_IMPORTED",
        _("Handover list imported"),
        _("{actor} imported the list of {target}"),
    )
    PERSON_RECEIVED = (
        "COOPERATION_PERSON_RECEIVED",
        _("Person received at the gate"),
        _("{actor} received a person of {target}"),
    )
    SCREENING_RESCHEDULED = (
        "COOPERATION_SCREENING_RESCHEDULED",
        _("Screening interview of a received person moved"),
        _("{actor} moved the screening interview of a person received in {target}"),
    )
    HANDOVER_CLOSED = (
        "COOPERATION_HANDOVER_CLOSED",
        _("Handover closed"),
        _("{actor} closed {target}"),
    )
    NEED_RECORDED = (
        "COOPERATION_NEED_RECORDED",
        _("Repatriation need recorded"),
        _("{actor} recorded a repatriation need in {target}"),
    )
    NEED_DONE = (
        "COOPERATION_NEED_DONE",
        _("Repatriation need met"),
        _("{actor} marked a repatriation need of {target} as met"),
    )
    PHOTO_ADDED = (
        "COOPERATION_PHOTO_ADDED",
        _("Photo of a person to verify added"),
        _("{actor} added the photo of a person of {target}"),
    )
    LIST_MATCHED = (
        "COOPERATION_LIST_MATCHED",
        _("List matched against persons on file"),
        _("{actor} matched the persons of {target} against persons on file"),
    )
    JOINT_OPENED = (
        "COOPERATION_JOINT_OPENED",
        _("Criminal case shared with a counterpart abroad"),
        _("{actor} shared a criminal case with a counterpart abroad in {target}"),
    )
    ASSISTANCE_SENT = (
        "COOPERATION_ASSISTANCE_SENT",
        _("Request for legal assistance sent"),
        _("{actor} sent a request for legal assistance in {target}"),
    )
    ASSISTANCE_ANSWERED = (
        "COOPERATION_ASSISTANCE_ANSWERED",
        _("Request for legal assistance answered"),
        _("{actor} answered a request for legal assistance in {target}"),
    )
    PERSON_TRANSFERRED = (
        "COOPERATION_PERSON_TRANSFERRED",
        _("Person transferred"),
        _("{actor} recorded a person transferred in {target}"),
    )
