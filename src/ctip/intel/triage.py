"""A public report reaches the police who can act on it, and its reporter follows it.

Routing (``route``): the police of the province the reporter names, else the agency set
for the report's type, else the national intake agency. The owning agency triages each
report (``report_triage``: new → assigned, merged or unfounded); only accepted reports
count as verified in the public lookup. A public reporter follows the report by a
reference and a secret (``follow_status``); the owner of a number disputes it
(``dispute_open``, ``dispute_answer``). Writes are checked, atomic and audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctip.core import actions as core_actions
from ctip.core import audit, follow, notifications
from ctip.core.models import Agency, AgencyType, Province, User
from ctip.core.scope import get_visible, visible
from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.models import (
    Dispute,
    DisputeStatus,
    Indicator,
    Report,
    ReportIndicator,
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


_code = follow.code
secret_hash = follow.secret_hash
FollowRefused = follow.FollowRefused


def intake_agency() -> Agency:
    from ctip.intel.actions import intake_agency as national

    return national()


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


# Triage ---------------------------------------------------------------------------------


def _counters(report: Report, status: str, step: int) -> None:
    ids = ReportIndicator.objects.filter(report=report).values("indicator_id")
    if status == TriageStatus.ASSIGNED:
        Indicator.objects.filter(pk__in=ids).update(verified_reports=F("verified_reports") + step)
    elif status in (TriageStatus.MERGED, TriageStatus.UNFOUNDED):
        Indicator.objects.filter(pk__in=ids).update(dismissed_reports=F("dismissed_reports") + step)


def report_triage(
    *,
    actor: User,
    report: Report,
    status: str,
    assignee: User | None = None,
    merged_into: Report | None = None,
    note: str = "",
) -> Report:
    """Accept and assign, merge into another report, or close as unfounded."""
    if not actor.has_ctip_perm("intel.triage"):
        raise PermissionDenied("intel.triage")
    if not Report.objects.filter(Report.scope_q(actor), pk=report.pk).exists():
        raise PermissionDenied("intel.triage")
    note = note.strip()
    errors: dict[str, str] = {}
    if status not in (TriageStatus.ASSIGNED, TriageStatus.MERGED, TriageStatus.UNFOUNDED):
        errors["status"] = _("Choose accept and assign, merge or close as unfounded.")
    if status == TriageStatus.ASSIGNED:
        assignee = assignee or actor
        if not (
            assignee.is_active
            and assignee.agency.path.startswith(report.agency.path)
            and assignee.has_ctip_perm("intel.view_reports")
        ):
            errors["assignee"] = _("Assign an officer of the agency who reads reports.")
    if status == TriageStatus.MERGED:
        if merged_into is None or merged_into.pk == report.pk:
            errors["merged_into"] = _("Choose another report to merge this one into.")
        elif not Report.objects.filter(Report.scope_q(actor), pk=merged_into.pk).exists():
            errors["merged_into"] = _("There is no such report among those you can see.")
        elif merged_into.status == TriageStatus.MERGED:
            errors["merged_into"] = _("That report was itself merged; choose the one it joined.")
    if status == TriageStatus.UNFOUNDED and not note:
        errors["note"] = _("Say why the report is unfounded.")
    if len(note) > MAX_NOTE:
        errors["note"] = _("Keep the note under %(n)d characters.") % {"n": MAX_NOTE}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.status in (TriageStatus.MERGED, TriageStatus.UNFOUNDED):
            raise ValidationError(
                {
                    "status": _("This report is closed (%(s)s).")
                    % {"s": current.get_status_display()}
                }
            )
        _counters(current, current.status, -1)
        _counters(current, status, +1)
        current.status = status
        current.assigned_to = assignee if status == TriageStatus.ASSIGNED else None
        current.merged_into = merged_into if status == TriageStatus.MERGED else None
        current.triaged_by = actor
        current.triaged_at = timezone.now()
        current.triage_note = note
        current.save(
            update_fields=[
                "status",
                "assigned_to",
                "merged_into",
                "triaged_by",
                "triaged_at",
                "triage_note",
            ]
        )
        audit.record(
            "INTEL_REPORT_TRIAGED",
            actor=actor,
            target=current,
            fields=["status", "assigned_to", "merged_into"] + (["triage_note"] if note else []),
            data={"status": status},
            agency=current.agency,
        )
    return current


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


def dispute_open(
    *, kind: str, value: str, detail: str = "", statement: str, contact: str = ""
) -> Dispute:
    """The owner of a reported indicator disputes it (public, no account)."""
    errors: dict[str, str] = {}
    indicator = None
    try:
        found = normalise(
            kind,
            value,
            bank=detail or None if kind in ("bank_account", "ewallet") else None,
            platform=detail or None if kind in ("social", "crypto") else None,
        )
    except InvalidIndicator as exc:
        errors["value"] = str(exc)
    else:
        indicator = Indicator.objects.filter(kind=found.kind, key=found.key, reports__gt=0).first()
        if indicator is None:
            errors["value"] = _("Nobody has reported it to us: there is nothing to dispute.")
    statement, contact = statement.strip(), contact.strip()
    if not statement:
        errors["statement"] = _("Say why the reports are wrong, for example that it is yours.")
    elif len(statement) > MAX_NOTE:
        errors["statement"] = _("Keep it under %(n)d characters.") % {"n": MAX_NOTE}
    if len(contact) > 300:
        errors["contact"] = _("Keep it under %(n)d characters.") % {"n": 300}
    if errors or indicator is None:
        raise ValidationError(errors)
    agency = intake_agency()
    with transaction.atomic():
        dispute = Dispute.objects.create(
            code=_code("KN"),
            indicator=indicator,
            agency=agency,
            statement=statement,
            contact=contact,
        )
        audit.record(
            "INTEL_DISPUTE_OPENED",
            actor=None,
            target=dispute,
            fields=["statement"] + (["contact"] if contact else []),
            data={"indicator": indicator.pk},
            agency=agency,
        )
        core_actions.notify(
            actor=None,
            agency=agency,
            kind="triage",
            message=NEW_DISPUTE,
            params={"dispute": dispute.code},
            link=reverse("intel:dispute", args=[dispute.pk]),
            permission="intel.triage",
        )
    return dispute


def dispute(actor: User, dispute_id: int) -> Dispute:
    return get_visible(
        Dispute.objects.select_related("indicator", "agency"), actor, "intel.triage", pk=dispute_id
    )


def dispute_answer(*, actor: User, dispute: Dispute, uphold: bool, answer: str) -> Dispute:
    """Uphold (the indicator is cleared in the public lookup) or reject, with a reason."""
    if not actor.has_ctip_perm("intel.triage"):
        raise PermissionDenied("intel.triage")
    if not Dispute.objects.filter(Dispute.scope_q(actor), pk=dispute.pk).exists():
        raise PermissionDenied("intel.triage")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Give the reason of your answer.")})
    if len(answer) > MAX_NOTE:
        raise ValidationError({"answer": _("Keep it under %(n)d characters.") % {"n": MAX_NOTE}})
    status = DisputeStatus.UPHELD if uphold else DisputeStatus.REJECTED
    with transaction.atomic():
        now = timezone.now()
        done = Dispute.objects.filter(pk=dispute.pk, status=DisputeStatus.OPEN).update(
            status=status, answer=answer, answered_by=actor, answered_at=now
        )
        if not done:
            raise ValidationError(_("This dispute has already been answered."))
        if uphold:
            Indicator.objects.filter(pk=dispute.indicator_id).update(cleared_at=now)
        audit.record(
            "INTEL_DISPUTE_ANSWERED",
            actor=actor,
            target=dispute,
            fields=["status", "answer"],
            data={"status": status, "indicator": dispute.indicator_id},
        )
    dispute.refresh_from_db()
    return dispute
