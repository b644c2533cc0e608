"""What the person agreed to: processing, later contact, sharing with named agencies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases.actions.checks import not_in_future, require, require_lead
from ctip.cases.actions.children import check_child_consent
from ctip.cases.age import treated_as_child
from ctip.cases.events import CasesEvent
from ctip.cases.models import Case, Consent, Guardian
from ctip.core import audit
from ctip.core.models import Agency, User


@dataclass(frozen=True)
class ConsentInput:
    processing: bool
    given_on: dt.date
    later_contact: bool = False
    share_agencies: Sequence[Agency] = ()
    # For a child: who gave the consent, and the child's own views recorded beside it.
    guardian: Guardian | None = None
    child_views: str = ""


def record_consent(
    actor: User,
    case: Case,
    *,
    processing: bool,
    later_contact: bool,
    share_agencies: Sequence[Agency],
    given_on: dt.date,
    guardian: Guardian | None = None,
    child_views: str = "",
) -> Consent:
    """Store a consent (inside the caller's transaction, checks done by the caller)."""
    not_in_future(given_on, "given_on")
    consent = Consent.objects.create(
        case=case,
        processing=processing,
        later_contact=later_contact,
        given_on=given_on,
        officer=actor,
        guardian=guardian,
        child_views=child_views.strip(),
    )
    consent.share_agencies.set(share_agencies)
    audit.record(
        CasesEvent.CONSENT_RECORDED,
        actor=actor,
        target=case,
        fields=["processing", "later_contact", "share_agencies", "given_on"],
        data={
            "consent": consent.pk,
            "processing": processing,
            "later_contact": later_contact,
            "share_agencies": sorted(a.pk for a in share_agencies),
            "guardian": guardian.pk if guardian else None,
        },
    )
    return consent


@transaction.atomic
def consent_record(*, actor: User, case: Case, data: ConsentInput) -> Consent:
    """Record what the person agreed to; it replaces (withdraws) the consent before it."""
    require_lead(actor, case, "cases.change_case")
    if treated_as_child(case):
        check_child_consent(case, data.guardian)
    elif data.guardian is not None or data.child_views.strip():
        raise ValidationError(
            {"guardian": _("The person is an adult and consents for themselves.")}
        )
    Consent.objects.filter(case=case, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    return record_consent(
        actor,
        case,
        processing=data.processing,
        later_contact=data.later_contact,
        share_agencies=data.share_agencies,
        given_on=data.given_on,
        guardian=data.guardian,
        child_views=data.child_views,
    )


@transaction.atomic
def consent_withdraw(*, actor: User, case: Case) -> None:
    require_lead(actor, case, "cases.change_case")
    count = Consent.objects.filter(case=case, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if count:
        audit.record(
            CasesEvent.CONSENT_WITHDRAWN, actor=actor, target=case, fields=["withdrawn_at"]
        )


def consent_allows_sharing(case: Case, agency: Agency) -> bool:
    if agency.pk == case.lead_agency_id:
        return True
    consent = Consent.objects.filter(case=case, withdrawn_at__isnull=True, processing=True).first()
    return consent is not None and consent.share_agencies.filter(pk=agency.pk).exists()


def consent_or_override(actor: User, case: Case, agency: Agency, override_reason: str) -> bool:
    """True when a supervisor overrides missing consent; refuses without it."""
    if consent_allows_sharing(case, agency):
        return False
    if not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": _(
                    "The person has not agreed to sharing with this agency. A supervisor "
                    "may override with a reason."
                )
            }
        )
    require(actor, "cases.approve")
    return True
