"""Audit events and their targets in words, in the reader's language.

Each app declares its event types as one enumeration (``<app>/events.py``), a subclass of
:class:`EventType` registered with :func:`register`: the member's value is the code stored in
the audit trail (``CASE_OPENED``), its ``label`` the words pages show ("Case opened") and its
``sentence`` the timeline's sentence ("{actor} opened {target}"). Pages never show a code.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class EventType(StrEnum):
    """One app's audit event types: ``NAME = "CODE", label, sentence``.

    The sentence may use ``{actor}`` and ``{target}``; without one, the label is the sentence.
    """

    label: Promise
    sentence: Promise | None

    def __new__(cls, code: str, label: Promise, sentence: Promise | None = None) -> EventType:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.sentence = sentence
        return member


_REGISTRY: dict[str, EventType] = {}


def register(enum: type[EventType]) -> type[EventType]:
    """Class decorator: make an app's event types known to the audit trail and its pages."""
    for member in enum:
        other = _REGISTRY.get(member.value)
        if other is not None and other is not member:
            raise ValueError(f"Audit event {member.value} is declared twice.")
        _REGISTRY[member.value] = member
    return enum


def event_type(code: str) -> EventType | None:
    """The declared event type of a stored code, if any."""
    return _REGISTRY.get(code)


def describe(code: str, *, actor: str, target: str) -> str:
    """The timeline's sentence for one event."""
    member = _REGISTRY.get(code)
    if member is None:
        return event_label(code)
    template = member.sentence if member.sentence is not None else member.label
    return str(template).format(actor=actor, target=target)


EVENT_LABELS: dict[str, Promise] = {
    "AGENCY_CREATED": gettext_lazy("Agency created"),
    "AGENCY_UPDATED": gettext_lazy("Agency changed"),
    "USER_CREATED": gettext_lazy("Account created"),
    "USER_UPDATED": gettext_lazy("Account changed"),
    "LOGIN": gettext_lazy("Signed in"),
    "LOGIN_FAILED": gettext_lazy("Sign-in failed"),
    "PASSWORD_CHANGED": gettext_lazy("Password changed"),
    "SECOND_FACTOR_ENABLED": gettext_lazy("Second factor set up"),
    "SECOND_FACTOR_RESET": gettext_lazy("Second factor reset"),
    "RECOVERY_CODE_USED": gettext_lazy("Recovery code used"),
    "RECOVERY_CODES_REGENERATED": gettext_lazy("New recovery codes made"),
    "SESSIONS_ENDED": gettext_lazy("Signed out on every device"),
    "TOKEN_CREATED": gettext_lazy("API token issued"),
    "TOKEN_REVOKED": gettext_lazy("API token revoked"),
    "DATA_KEY_ROTATED": gettext_lazy("Data key rotated"),
    "RECORD_VIEWED": gettext_lazy("Record opened"),
    "RECORDS_LISTED": gettext_lazy("Records listed"),
    "NOTIFICATION_SENT": gettext_lazy("Notice sent"),
    "NOTIFICATION_READ": gettext_lazy("Notice read"),
    "NOTIFICATIONS_READ": gettext_lazy("Notices read"),
    "NOTIFICATIONS_RESOLVED": gettext_lazy("Notices resolved"),
    "CASE_OPENED": gettext_lazy("Case opened"),
    "CASE_REOPENED": gettext_lazy("Case reopened"),
    "CASE_STATUS_CHANGED": gettext_lazy("Case moved to another stage"),
    "CASE_ASSIGNED": gettext_lazy("Case worker assigned"),
    "CASE_SHARED": gettext_lazy("Case shared with an agency"),
    "CASE_SHARE_REVOKED": gettext_lazy("Sharing ended"),
    "CASE_PLAN_SAVED": gettext_lazy("Support plan saved"),
    "CASE_EXPORTED": gettext_lazy("Case exported"),
    "CASE_INDICATOR_ADDED": gettext_lazy("Contact of a recruiter added"),
    "CASE_INDICATOR_REMOVED": gettext_lazy("Contact of a recruiter removed"),
    "CONSENT_RECORDED": gettext_lazy("Consent recorded"),
    "CONSENT_WITHDRAWN": gettext_lazy("Consent withdrawn"),
    "CTDC_EXPORTED": gettext_lazy("Anonymised statistics exported"),
    "DOCUMENT_ADDED": gettext_lazy("Document attached"),
    "DOCUMENT_DOWNLOADED": gettext_lazy("Document downloaded"),
    "DUPLICATES_SEARCHED": gettext_lazy("Searched for the same person"),
    "FOLLOWUPS_SCHEDULED": gettext_lazy("Follow-up visits scheduled"),
    "FOLLOWUPS_UNSCHEDULED": gettext_lazy("Follow-up visits cancelled"),
    "FOLLOWUP_DONE": gettext_lazy("Follow-up visit done"),
    "HANDOVER_IMPORTED": gettext_lazy("Handover list imported"),
    "IDENTIFICATION_DECIDED": gettext_lazy("Identification decided"),
    "IDENTIFICATION_APPROVED": gettext_lazy("Identification approved"),
    "NON_PUNISHMENT_RECORDED": gettext_lazy("Statement on non-punishment recorded"),
    "PERSON_CREATED": gettext_lazy("Person recorded"),
    "PERSONS_LINKED": gettext_lazy("Records linked as the same person"),
    "PERSONS_UNLINKED": gettext_lazy("Link between records undone"),
    "PERSONS_MERGED": gettext_lazy("Records merged"),
    "PERSONS_UNMERGED": gettext_lazy("Merge undone"),
    "REFERRAL_SENT": gettext_lazy("Referral sent"),
    "REFERRAL_ACCEPTED": gettext_lazy("Referral accepted"),
    "REFERRAL_DECLINED": gettext_lazy("Referral declined"),
    "REFERRAL_COMPLETED": gettext_lazy("Referral completed"),
    "SCREENING_RECORDED": gettext_lazy("Screening interview recorded"),
    "SCREENING_CHECK_SAVED": gettext_lazy("Job-offer check kept"),
    "SUPPORT_DELIVERED": gettext_lazy("Support given"),
    "EVIDENCE_ACCESSED": gettext_lazy("Evidence opened"),
    "EVIDENCE_COLLECTED": gettext_lazy("Evidence collected"),
    "EVIDENCE_EXPORTED": gettext_lazy("Evidence package exported"),
    "EVIDENCE_TRANSFERRED": gettext_lazy("Evidence handed over"),
    "FREEZE_REQUEST_ISSUED": gettext_lazy("Freeze request sent"),
    "FREEZE_REQUEST_ANSWERED": gettext_lazy("Freeze request answered"),
    "INTEL_CLUSTERS_REBUILT": gettext_lazy("Networks recomputed"),
    "INTEL_INDICATORS_EXPORTED": gettext_lazy("Indicators exported"),
    "INTEL_INDICATOR_VERIFIED": gettext_lazy("Indicator verified"),
    "INTEL_PARTNER_IMPORTED": gettext_lazy("Partner indicators imported"),
    "INTEL_REPORTS_IMPORTED": gettext_lazy("Scam reports imported"),
    "INTEL_REPORT_FILED": gettext_lazy("Scam report filed"),
}


def event_label(code: str) -> str:
    member: Any = _REGISTRY.get(code)
    text = member.label if member is not None else EVENT_LABELS.get(code)
    return str(text) if text is not None else _("Other event")


def target_label(target_type: str, target_id: str | int | None) -> str:
    """ "Case #12" for ``cases.case`` 12: the record's kind in words and its number."""
    if not target_type:
        return "—"
    try:
        kind = str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        kind = _("record")
    return f"{kind[:1].upper()}{kind[1:]} #{target_id}" if target_id else kind
