"""What the cases app announces in agencies' notification inboxes (``ctip.core``).

Subjects name the case by its reference only: a notification is shown to everyone of
the agency who may read cases, and never carries a name or an address.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctip.core import actions as core_actions
from ctip.core import notifications
from ctip.core.models import Agency, User

AWAITING_IDENTIFICATION = "cases.awaiting_identification"
DECIDED = "cases.identification_decided"
APPROVED = "cases.identification_approved"
REFERRAL_SENT = "cases.referral_sent"
REFERRAL_ACCEPTED = "cases.referral_accepted"
REFERRAL_DECLINED = "cases.referral_declined"
REFERRAL_COMPLETED = "cases.referral_completed"
SHARED = "cases.case_shared"
HANDED_OVER = "cases.handed_over"
HANDOVER_ACCEPTED = "cases.handover_accepted"
HANDOVER_RETURNED = "cases.handover_returned"

SUBJECTS = {
    AWAITING_IDENTIFICATION: _("Case %(case)s awaits an identification decision."),
    DECIDED: _("An identification decision on case %(case)s awaits approval."),
    APPROVED: _("The identification decision on case %(case)s was approved."),
    REFERRAL_SENT: _("Case %(case)s was referred to your agency; answer the referral."),
    REFERRAL_ACCEPTED: _("The referral of case %(case)s was accepted."),
    REFERRAL_DECLINED: _("The referral of case %(case)s was declined."),
    REFERRAL_COMPLETED: _("The referral of case %(case)s was completed."),
    SHARED: _("Case %(case)s was shared with your agency."),
    HANDED_OVER: _("Case %(case)s was handed to your agency; accept or return it."),
    HANDOVER_ACCEPTED: _("The hand-over of case %(case)s was accepted."),
    HANDOVER_RETURNED: _("The hand-over of case %(case)s was returned to your agency."),
}


def register() -> None:
    for code, text in SUBJECTS.items():
        notifications.register(code, text)


register()


def announce(
    *,
    actor: User,
    agencies: Iterable[Agency | int],
    kind: str,
    message: str,
    reference: str,
    link: str,
    permission: str = "cases.view_case",
    key: str = "",
) -> None:
    """Notify each agency once (inside the caller's transaction); only staff holding
    ``permission`` see it."""
    ids = {a if isinstance(a, int) else a.pk for a in agencies}
    for agency in Agency.objects.filter(pk__in=ids).order_by("pk"):
        core_actions.notify(
            actor=actor,
            agency=agency,
            kind=kind,
            message=message,
            params={"case": reference},
            link=link,
            permission=permission,
            key=key,
        )


def case_link(case_id: int) -> str:
    return reverse("cases:detail", args=[case_id])


def referral_link(referral_id: int) -> str:
    return reverse("cases:referral", args=[referral_id])


def case_key(case_id: int) -> str:
    """Notices about a case awaiting identification."""
    return f"cases.identification:{case_id}"


def decision_key(decision_id: int) -> str:
    return f"cases.decision:{decision_id}"


def referral_key(referral_id: int) -> str:
    return f"cases.referral:{referral_id}"


def resolve(*, actor: User, key: str) -> None:
    """The item was handled: its notices are resolved (inside the caller's transaction)."""
    core_actions.notifications_resolve(actor=actor, key=key)


def handover_link(handover_id: int) -> str:
    return reverse("cases:handover", args=[handover_id])
