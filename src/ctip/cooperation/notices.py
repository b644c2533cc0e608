"""Notices this app sends (``ctip.core.notifications``): references, never names."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctip.core import notifications

VERIFICATION_RECEIVED = "cooperation.verification_received"
VERIFICATION_REMINDER = "cooperation.verification_reminder"
VERIFICATION_OVERDUE = "cooperation.verification_overdue"
VERIFICATION_ANSWERED = "cooperation.verification_answered"
CITIZEN_RECEIVED = "cooperation.citizen_received"
HANDOVER_PLANNED = "cooperation.handover_planned"
JOINT_SHARED = "cooperation.joint_shared"
ASSISTANCE_RECEIVED = "cooperation.assistance_received"
ASSISTANCE_ANSWERED = "cooperation.assistance_answered"

notifications.register(
    VERIFICATION_RECEIVED,
    _("Verification request %(request)s: %(count)s persons to verify by %(deadline)s."),
)
notifications.register(
    VERIFICATION_REMINDER,
    _("Verification request %(request)s must be answered by %(deadline)s."),
)
notifications.register(
    VERIFICATION_OVERDUE,
    _("Verification request %(request)s is past its deadline (%(deadline)s)."),
)
notifications.register(
    VERIFICATION_ANSWERED, _("Verification request %(request)s has been answered.")
)
notifications.register(
    CITIZEN_RECEIVED,
    _(
        "A citizen of %(province)s was received at %(gate)s in handover %(handover)s; "
        "case %(case)s was opened."
    ),
)
notifications.register(
    HANDOVER_PLANNED, _("Handover %(handover)s is planned at %(gate)s on %(date)s.")
)

notifications.register(
    JOINT_SHARED,
    _("Criminal case %(case)s is shared with your agency in joint investigation %(joint)s."),
)
notifications.register(
    ASSISTANCE_RECEIVED,
    _(
        "Joint investigation %(joint)s: a request for legal assistance waits for your answer "
        "by %(deadline)s."
    ),
)
notifications.register(
    ASSISTANCE_ANSWERED,
    _("Joint investigation %(joint)s: your request for legal assistance has been answered."),
)


def verification_key(pk: int) -> str:
    return f"cooperation.verification:{pk}"


def verification_link(pk: int) -> str:
    return reverse("cooperation:verification", args=[pk])


def handover_link(pk: int) -> str:
    return reverse("cooperation:handover", args=[pk])


def assistance_key(pk: int) -> str:
    return f"cooperation.assistance:{pk}"


def joint_link(pk: int) -> str:
    return reverse("cooperation:joint", args=[pk])
