"""Moving a case through its statuses and assigning its worker.

Status moves are checked by the engine (``workflow.check_transition``). A case carries a
``version``: a write names the version it was based on and fails with ``Conflict`` if
someone else saved in between.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import notices
from ctip.cases.actions.checks import bump, fresh, refusal, require, require_lead
from ctip.cases.actions.followups import schedule
from ctip.cases.engine.children import BEST_INTERESTS_MISSING
from ctip.cases.engine.workflow import CaseStatus, TransitionFacts, check_transition
from ctip.cases.events import CasesEvent
from ctip.cases.labels import label
from ctip.cases.models import (
    BestInterests,
    Case,
    FollowUp,
    IdentificationDecision,
    ScreeningInterview,
)
from ctip.core import audit
from ctip.core.models import User


def _facts(case: Case, reason: str) -> TransitionFacts:
    return TransitionFacts(
        reason=reason,
        screening_done=ScreeningInterview.objects.filter(case=case).exists(),
        identification_decided=IdentificationDecision.objects.filter(
            case=case, approved_at__isnull=False
        ).exists(),
    )


@transaction.atomic
def case_transition(
    *, actor: User, case: Case, target: str, version: int | None, reason: str = ""
) -> Case:
    """Move the case to ``target``; closing needs a supervisor (``cases.approve``)."""
    try:
        destination = CaseStatus(target)
    except ValueError:
        raise ValidationError({"target": _("Unknown status.")}) from None
    require_lead(actor, case, "cases.change_case", _("Only the lead agency moves a case."))
    if destination is CaseStatus.CLOSED:
        require(actor, "cases.approve")
    fresh(case, version)
    reason = reason.strip()
    check = check_transition(case.status, destination, _facts(case, reason))
    if not check.allowed:
        raise refusal(check)
    if (
        destination is CaseStatus.REINTEGRATION
        and case.child
        and not BestInterests.objects.filter(case=case).exists()
    ):
        raise ValidationError({"target": label(BEST_INTERESTS_MISSING)})
    previous = case.status
    case = bump(case, version, status=destination.value, status_reason=reason)
    audit.record(
        CasesEvent.CASE_REOPENED
        if previous == CaseStatus.CLOSED
        else CasesEvent.CASE_STATUS_CHANGED,
        actor=actor,
        target=case,
        fields=["status", "status_reason"] if reason else ["status"],
        data={"from": previous, "to": destination.value},
    )
    if destination is CaseStatus.IDENTIFICATION:
        notices.announce(
            actor=actor,
            agencies=[case.lead_agency_id],
            kind="identification",
            message=notices.AWAITING_IDENTIFICATION,
            reference=case.reference,
            link=notices.case_link(case.pk),
            permission="cases.identify",
            key=notices.case_key(case.pk),
        )
    if (
        destination is CaseStatus.REINTEGRATION
        and not FollowUp.objects.filter(case=case, done_on__isnull=True).exists()
    ):
        schedule(actor, case, timezone.localdate())
    return case


@transaction.atomic
def case_assign(*, actor: User, case: Case, worker: User | None, version: int | None) -> Case:
    require_lead(actor, case, "cases.change_case")
    if worker is not None and worker.agency_id != case.lead_agency_id:
        raise ValidationError(
            {"assigned_worker": _("The assigned worker must belong to the lead agency.")}
        )
    case = bump(case, version, assigned_worker=worker)
    audit.record(CasesEvent.CASE_ASSIGNED, actor=actor, target=case, fields=["assigned_worker"])
    return case
