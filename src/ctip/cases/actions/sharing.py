"""Sharing a case with one named agency, and ending that share."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import notices
from ctip.cases.actions.checks import require_lead
from ctip.cases.actions.consent import consent_or_override
from ctip.cases.events import CasesEvent
from ctip.cases.models import Case, CaseShare
from ctip.core import audit
from ctip.core.models import Agency, User


@dataclass(frozen=True)
class ShareInput:
    agency: Agency
    reason: str
    override_reason: str = ""


@transaction.atomic
def case_share(*, actor: User, case: Case, data: ShareInput) -> CaseShare:
    """Share the case with exactly ``data.agency``; needs the person's consent naming it
    or a supervisor's override with a reason."""
    require_lead(actor, case, "cases.change_case")
    agency = data.agency
    if agency.pk == case.lead_agency_id:
        raise ValidationError({"agency": _("This agency already leads the case.")})
    if CaseShare.objects.filter(case=case, agency=agency, revoked_at__isnull=True).exists():
        raise ValidationError({"agency": _("The case is already shared with this agency.")})
    if not data.reason.strip():
        raise ValidationError({"reason": _("Say why this agency needs the case.")})
    overridden = consent_or_override(actor, case, agency, data.override_reason)
    share = CaseShare.objects.create(
        case=case,
        agency=agency,
        reason=data.reason.strip(),
        consent_override=data.override_reason.strip() if overridden else "",
        shared_by=actor,
    )
    audit.record(
        CasesEvent.CASE_SHARED,
        actor=actor,
        target=case,
        fields=["agency", "reason"] + (["consent_override"] if overridden else []),
        data={"agency": agency.pk, "share": share.pk, "consent_override": overridden},
    )
    notices.announce(
        actor=actor,
        agencies=[agency],
        kind="share",
        message=notices.SHARED,
        reference=case.reference,
        link=notices.case_link(case.pk),
    )
    return share


@transaction.atomic
def share_revoke(*, actor: User, share: CaseShare) -> None:
    require_lead(actor, share.case, "cases.change_case")
    ended = CaseShare.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not ended:
        raise ValidationError(_("This sharing has already ended."))
    audit.record(
        CasesEvent.CASE_SHARE_REVOKED, actor=actor, target=share.case, data={"share": share.pk}
    )
