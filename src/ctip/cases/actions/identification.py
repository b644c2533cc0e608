"""Identification as a victim: a decision with its legal basis, approved by a second officer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import notices
from ctip.cases.actions.checks import clean_list, require_lead
from ctip.cases.engine.support import ReferralStatus
from ctip.cases.engine.workflow import CaseStatus
from ctip.cases.events import CasesEvent
from ctip.cases.models import (
    Case,
    CaseShare,
    IdentificationDecision,
    IdentificationOutcome,
    Referral,
)
from ctip.core import audit
from ctip.core.models import User


@dataclass(frozen=True)
class DecisionInput:
    outcome: str
    legal_basis: str
    evidence: Sequence[str]
    decided_on: dt.date


@transaction.atomic
def identification_decide(
    *, actor: User, case: Case, data: DecisionInput
) -> IdentificationDecision:
    require_lead(actor, case, "cases.identify")
    errors: dict[str, list[str]] = {}
    if case.status != CaseStatus.IDENTIFICATION:
        errors["status"] = [_("Move the case to identification first.")]
    if data.outcome not in IdentificationOutcome.values:
        errors["outcome"] = [_("Choose the decision.")]
    if not data.legal_basis.strip():
        errors["legal_basis"] = [_("Name the legal basis.")]
    evidence = clean_list(data.evidence)
    if not evidence:
        errors["evidence"] = [_("List the evidence the decision rests on.")]
    if data.decided_on > timezone.localdate():
        errors["decided_on"] = [_("This date is in the future.")]
    if errors:
        raise ValidationError(errors)
    decision = IdentificationDecision.objects.create(
        case=case,
        outcome=data.outcome,
        legal_basis=data.legal_basis.strip(),
        evidence=evidence,
        decided_by=actor,
        decided_on=data.decided_on,
    )
    audit.record(
        CasesEvent.IDENTIFICATION_DECIDED,
        actor=actor,
        target=case,
        fields=["outcome", "legal_basis", "evidence"],
        data={"decision": decision.pk, "outcome": data.outcome},
    )
    notices.resolve(actor=actor, key=notices.case_key(case.pk))
    # Only those who may approve, in the agency that leads the case, are asked to.
    notices.announce(
        actor=actor,
        agencies=[case.lead_agency_id],
        kind="identification",
        message=notices.DECIDED,
        reference=case.reference,
        link=notices.case_link(case.pk),
        permission="cases.approve",
        key=notices.decision_key(decision.pk),
    )
    return decision


def involved_agencies(case: Case) -> set[int]:
    """The lead agency and the agencies holding an open referral or a share of the case."""
    referred = Referral.objects.filter(
        case=case, status__in=[ReferralStatus.SENT.value, ReferralStatus.ACCEPTED.value]
    ).values_list("provider__agency", flat=True)
    shared = CaseShare.objects.filter(case=case, revoked_at__isnull=True).values_list(
        "agency", flat=True
    )
    return {case.lead_agency_id, *referred, *shared}


@transaction.atomic
def identification_approve(*, actor: User, decision: IdentificationDecision) -> None:
    """A second officer approves; the agencies working on the case are notified."""
    require_lead(actor, decision.case, "cases.approve")
    if decision.decided_by_id == actor.pk:
        raise ValidationError(_("A decision is approved by someone other than its author."))
    updated = IdentificationDecision.objects.filter(
        pk=decision.pk, approved_at__isnull=True
    ).update(approved_by=actor, approved_at=timezone.now())
    if not updated:
        raise ValidationError(_("This decision is already approved."))
    audit.record(
        CasesEvent.IDENTIFICATION_APPROVED,
        actor=actor,
        target=decision.case,
        fields=["approved_by"],
        data={"decision": decision.pk, "outcome": decision.outcome},
    )
    notices.resolve(actor=actor, key=notices.decision_key(decision.pk))
    notices.announce(
        actor=actor,
        agencies=involved_agencies(decision.case),
        kind="identification",
        message=notices.APPROVED,
        reference=decision.case.reference,
        link=notices.case_link(decision.case_id),
    )
