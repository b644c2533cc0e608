"""Referring the person to a service provider, and the provider's answer.

Referral status moves are checked by the engine (``support.REFERRAL_TRANSITIONS``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import notices
from ctip.cases.actions.checks import Conflict, refusal, require, require_lead, support_codes
from ctip.cases.actions.consent import consent_or_override
from ctip.cases.engine.support import REFERRAL_TRANSITIONS, ReferralStatus
from ctip.cases.engine.workflow import CaseStatus, TransitionFacts
from ctip.cases.events import CasesEvent
from ctip.cases.models import Case, Referral, ServiceProvider
from ctip.core import audit
from ctip.core.models import User


@dataclass(frozen=True)
class ReferralInput:
    provider: ServiceProvider
    services: Sequence[str]
    note: str = ""
    override_reason: str = ""


@transaction.atomic
def referral_send(*, actor: User, case: Case, data: ReferralInput) -> Referral:
    """Refer the person to a provider; needs their consent to share with its agency."""
    require_lead(actor, case, "cases.refer")
    provider = data.provider
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"status": _("The case is closed.")})
    if not provider.is_active:
        raise ValidationError({"provider": _("This provider no longer takes referrals.")})
    codes = support_codes(data.services, "services")
    if not codes:
        raise ValidationError({"services": _("Choose at least one service.")})
    overridden = consent_or_override(actor, case, provider.agency, data.override_reason)
    referral = Referral.objects.create(
        case=case,
        provider=provider,
        services=codes,
        note=data.note.strip(),
        consent_override=data.override_reason.strip() if overridden else "",
        sent_by=actor,
    )
    audit.record(
        CasesEvent.REFERRAL_SENT,
        actor=actor,
        target=case,
        fields=["provider", "services", "note"] + (["consent_override"] if overridden else []),
        data={
            "referral": referral.pk,
            "agency": provider.agency_id,
            "consent_override": overridden,
        },
    )
    notices.announce(
        actor=actor,
        agencies=[provider.agency_id],
        kind="referral",
        message=notices.REFERRAL_SENT,
        reference=case.reference,
        link=notices.referral_link(referral.pk),
        permission="cases.refer",
        key=notices.referral_key(referral.pk),
    )
    return referral


ANSWERS = {
    "accept": ReferralStatus.ACCEPTED,
    "decline": ReferralStatus.DECLINED,
    "complete": ReferralStatus.COMPLETED,
}


ANSWER_NOTICES = {
    ReferralStatus.ACCEPTED: notices.REFERRAL_ACCEPTED,
    ReferralStatus.DECLINED: notices.REFERRAL_DECLINED,
    ReferralStatus.COMPLETED: notices.REFERRAL_COMPLETED,
}

ANSWER_EVENTS = {
    ReferralStatus.ACCEPTED: CasesEvent.REFERRAL_ACCEPTED,
    ReferralStatus.DECLINED: CasesEvent.REFERRAL_DECLINED,
    ReferralStatus.COMPLETED: CasesEvent.REFERRAL_COMPLETED,
}


def receives(actor: User, referral: Referral) -> bool:
    """Only the agency the referral names answers it, not the agencies under it."""
    return referral.provider.agency_id == actor.agency_id


@transaction.atomic
def referral_answer(*, actor: User, referral: Referral, answer: str, reason: str = "") -> Referral:
    """The receiving agency accepts, declines (with a reason) or completes a referral."""
    if answer not in ANSWERS:
        raise ValidationError({"answer": _("Answer accept, decline or complete.")})
    require(actor, "cases.refer")
    if not receives(actor, referral):
        raise PermissionDenied
    target = ANSWERS[answer]
    check = REFERRAL_TRANSITIONS.check(
        ReferralStatus(referral.status),
        target,
        TransitionFacts(reason=reason).established(),
    )
    if not check.allowed:
        raise refusal(check, "answer")
    now = timezone.now()
    changes: dict[str, Any] = {"status": target.value}
    if target is ReferralStatus.COMPLETED:
        changes["completed_at"] = now
    else:
        changes.update(answered_by=actor, answered_at=now, answer_reason=reason.strip())
    updated = Referral.objects.filter(pk=referral.pk, status=referral.status).update(**changes)
    if not updated:
        raise Conflict(referral.case)
    referral.refresh_from_db()
    audit.record(
        ANSWER_EVENTS[target],
        actor=actor,
        target=referral.case,
        fields=sorted(changes),
        data={"referral": referral.pk},
    )
    notices.resolve(actor=actor, key=notices.referral_key(referral.pk))
    notices.announce(
        actor=actor,
        agencies=[referral.sent_by.agency_id],
        kind="referral",
        message=ANSWER_NOTICES[target],
        reference=referral.case.reference,
        link=notices.case_link(referral.case_id),
    )
    return referral
