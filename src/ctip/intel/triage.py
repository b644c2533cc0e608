"""A public report reaches the police who can act on it, and its reporter follows it.

Routing (``route``): the police of the province the reporter names, else the agency set
for the report's type, else the national intake agency. The owning agency triages each
report (``report_triage``: new → assigned, merged or unfounded); only accepted reports
count as verified in the public lookup. A public reporter follows the report by a
reference and a secret (``follow_status``); the owner of a number disputes it
(``dispute_open``, ``dispute_answer``). The writes are actions
(``ctip.intel.actions.triage``); this module routes, lists and answers reporters.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctip.core import actions as core_actions
from ctip.core import follow, notifications
from ctip.core.models import Agency, AgencyType, Province, User
from ctip.core.scope import get_visible, visible
from ctip.intel.models import (
    Dispute,
    DisputeStatus,
    Report,
    TriageStatus,
)

MAX_NOTE = 2000
MAX_FOLLOW_FAILURES = follow.MAX_FOLLOW_FAILURES

NEW_REPORT = "intel.report_to_triage"
NEW_DISPUTE = "intel.dispute_to_answer"
notifications.register(NEW_REPORT, gettext_lazy("A public report %(report)s waits for triage."))
notifications.register(
    NEW_DISPUTE, gettext_lazy("The owner of an indicator disputes it (%(dispute)s).")
)

# What a reporter reads: the state only, in words.
PUBLIC_STATUS = {
    TriageStatus.NEW: gettext_lazy("Received; waiting to be reviewed by the police."),
    TriageStatus.ASSIGNED: gettext_lazy("Accepted: an officer is handling it."),
    TriageStatus.MERGED: gettext_lazy(
        "Joined to another report of the same events, which the police are handling."
    ),
    TriageStatus.UNFOUNDED: gettext_lazy("Closed: the police found it unfounded."),
}


new_code = follow.code
secret_hash = follow.secret_hash
FollowRefused = follow.FollowRefused


def intake_agency() -> Agency:
    """Where public reports go: ``CTIP_INTEL_INTAKE_AGENCY`` (a code), else the root."""
    code = settings.CTIP_INTEL_INTAKE_AGENCY
    found = (
        Agency.objects.filter(code=code, is_active=True).first()
        if code
        else Agency.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()
    )
    if found is None:
        raise ValidationError(_("Reports cannot be received yet: no receiving agency is set up."))
    return found


# Routing --------------------------------------------------------------------------------


def route(province: Province | None, type: str) -> Agency:
    """The agency a public report goes to."""
    if province is not None:
        police = (
            Agency.objects.filter(province=province, type=AgencyType.POLICE, is_active=True)
            .annotate(depth=Length("path"))
            .order_by("depth", "pk")
            .first()
        )
        if police is not None:
            return police
    code = settings.CTIP_INTEL_ROUTES_BY_TYPE.get(type, "")
    if code:
        by_type = Agency.objects.filter(code=code, is_active=True).first()
        if by_type is not None:
            return by_type
    return intake_agency()


def follow_credentials() -> tuple[str, str, str]:
    """(reference, secret, hash of the secret) for a new public report."""
    return follow.credentials("TG")


def announce_new(report: Report) -> None:
    """Tell the owning agency's triage staff (inside the filing transaction)."""
    core_actions.notify(
        actor=None,
        agency=report.agency,
        kind="triage",
        message=NEW_REPORT,
        params={"report": report.reference},
        link=reverse("intel:report_detail", args=[report.pk]),
        permission="intel.triage",
    )


# Triage queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    counts: dict[str, int]
    reports: QuerySet[Report]
    disputes: QuerySet[Dispute]


def queue(actor: User, status: str = TriageStatus.NEW) -> Queue:
    """Reports of the actor's agency and those below it in one state, oldest first, with
    the count in each state; open disputes."""
    if not actor.has_ctip_perm("intel.triage"):
        raise PermissionDenied("intel.triage")
    rows = visible(Report.objects.all(), actor, "intel.view_reports")
    counts = {s.value: 0 for s in TriageStatus}
    for row in rows.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    if status not in counts:
        status = TriageStatus.NEW
    return Queue(
        counts=counts,
        reports=rows.filter(status=status)
        .select_related("agency", "assigned_to", "province")
        .order_by("reported_at", "pk"),
        disputes=visible(Dispute.objects.all(), actor, "intel.triage")
        .filter(status=DisputeStatus.OPEN)
        .select_related("indicator"),
    )


# Following a public report ---------------------------------------------------------------


def follow_status(code: str, secret: str) -> str:
    """The state of the report in words, or FollowRefused (``ctip.core.follow``)."""
    found = follow.check(
        Report.objects.only("status", "follow_secret_hash"),
        code,
        secret,
        refusal=_("No report matches this reference and secret."),
    )
    return str(PUBLIC_STATUS[TriageStatus(found.status)])


# Disputes -------------------------------------------------------------------------------


def dispute(actor: User, dispute_id: int) -> Dispute:
    return get_visible(
        Dispute.objects.select_related("indicator", "agency"), actor, "intel.triage", pk=dispute_id
    )
