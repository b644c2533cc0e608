"""Triage of a report by the agency that owns it, and disputes by the owner of a number
(``ctip.intel.triage`` routes public reports and answers their reporters)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import actions as core_actions
from ctip.core import audit
from ctip.core.labels import label
from ctip.core.models import User
from ctip.intel import triage
from ctip.intel.actions._checks import refuse, require, require_seen, sees
from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.events import IntelEvent
from ctip.intel.models import (
    Dispute,
    DisputeStatus,
    Indicator,
    Report,
    ReportIndicator,
    TriageStatus,
)

MAX_NOTE = triage.MAX_NOTE


def _counters(report: Report, status: str, step: int) -> None:
    ids = ReportIndicator.objects.filter(report=report).values("indicator_id")
    if status == TriageStatus.ASSIGNED:
        Indicator.objects.filter(pk__in=ids).update(verified_reports=F("verified_reports") + step)
    elif status in (TriageStatus.MERGED, TriageStatus.UNFOUNDED):
        Indicator.objects.filter(pk__in=ids).update(dismissed_reports=F("dismissed_reports") + step)


@dataclass(frozen=True)
class TriageInput:
    """Accept and assign (to ``assignee``, else the actor), merge into ``merged_into``,
    or close as unfounded (with a note saying why)."""

    status: str
    assignee: User | None = None
    merged_into: Report | None = None
    note: str = ""


@transaction.atomic
def report_triage(*, actor: User, report: Report, data: TriageInput) -> Report:
    """Accept and assign, merge into another report, or close as unfounded."""
    require(actor, "intel.triage")
    require_seen(actor, report, "intel.triage")
    status, assignee, merged_into = data.status, data.assignee, data.merged_into
    note = data.note.strip()
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
        elif not sees(actor, merged_into):
            errors["merged_into"] = _("There is no such report among those you can see.")
        elif merged_into.status == TriageStatus.MERGED:
            errors["merged_into"] = _("That report was itself merged; choose the one it joined.")
    if status == TriageStatus.UNFOUNDED and not note:
        errors["note"] = _("Say why the report is unfounded.")
    if len(note) > MAX_NOTE:
        errors["note"] = _("Keep the note under %(n)d characters.") % {"n": MAX_NOTE}
    refuse(errors)
    current = Report.objects.select_for_update().get(pk=report.pk)
    if current.status in (TriageStatus.MERGED, TriageStatus.UNFOUNDED):
        raise ValidationError(
            {"status": _("This report is closed (%(s)s).") % {"s": current.get_status_display()}}
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
        IntelEvent.INTEL_REPORT_TRIAGED,
        actor=actor,
        target=current,
        fields=["status", "assigned_to", "merged_into"] + (["triage_note"] if note else []),
        data={"status": status},
        agency=current.agency,
    )
    return current


@dataclass(frozen=True)
class DisputeInput:
    """What the owner of a reported number, account or link says (no account needed)."""

    kind: str
    value: str
    statement: str
    detail: str = ""  # the bank or e-wallet of an account, the platform of a handle
    contact: str = ""


@transaction.atomic
def dispute_open(*, data: DisputeInput) -> Dispute:
    """The owner of a reported indicator disputes it (public, no account)."""
    errors: dict[str, str] = {}
    indicator = None
    kind, detail = data.kind, data.detail
    try:
        found = normalise(
            kind,
            data.value,
            bank=detail or None if kind in ("bank_account", "ewallet") else None,
            platform=detail or None if kind in ("social", "crypto") else None,
        )
    except InvalidIndicator as exc:
        errors["value"] = label(exc.label)
    else:
        indicator = Indicator.objects.filter(kind=found.kind, key=found.key, reports__gt=0).first()
        if indicator is None:
            errors["value"] = _("Nobody has reported it to us: there is nothing to dispute.")
    statement, contact = data.statement.strip(), data.contact.strip()
    if not statement:
        errors["statement"] = _("Say why the reports are wrong, for example that it is yours.")
    elif len(statement) > MAX_NOTE:
        errors["statement"] = _("Keep it under %(n)d characters.") % {"n": MAX_NOTE}
    if len(contact) > 300:
        errors["contact"] = _("Keep it under %(n)d characters.") % {"n": 300}
    if errors or indicator is None:
        raise ValidationError(errors)
    agency = triage.intake_agency()
    dispute = Dispute.objects.create(
        code=triage.new_code("KN"),
        indicator=indicator,
        agency=agency,
        statement=statement,
        contact=contact,
    )
    audit.record(
        IntelEvent.INTEL_DISPUTE_OPENED,
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
        message=triage.NEW_DISPUTE,
        params={"dispute": dispute.code},
        link=reverse("intel:dispute", args=[dispute.pk]),
        permission="intel.triage",
    )
    return dispute


@transaction.atomic
def dispute_answer(*, actor: User, dispute: Dispute, uphold: bool, answer: str) -> Dispute:
    """Uphold (the indicator is cleared in the public lookup) or reject, with a reason."""
    require(actor, "intel.triage")
    require_seen(actor, dispute, "intel.triage")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Give the reason of your answer.")})
    if len(answer) > MAX_NOTE:
        raise ValidationError({"answer": _("Keep it under %(n)d characters.") % {"n": MAX_NOTE}})
    status = DisputeStatus.UPHELD if uphold else DisputeStatus.REJECTED
    now = timezone.now()
    done = Dispute.objects.filter(pk=dispute.pk, status=DisputeStatus.OPEN).update(
        status=status, answer=answer, answered_by=actor, answered_at=now
    )
    if not done:
        raise ValidationError(_("This dispute has already been answered."))
    if uphold:
        Indicator.objects.filter(pk=dispute.indicator_id).update(cleared_at=now)
    audit.record(
        IntelEvent.INTEL_DISPUTE_ANSWERED,
        actor=actor,
        target=dispute,
        fields=["status", "answer"],
        data={"status": status, "indicator": dispute.indicator_id},
    )
    dispute.refresh_from_db()
    return dispute
