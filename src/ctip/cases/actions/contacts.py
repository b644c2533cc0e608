"""Contacts of recruiters and traffickers named in the person's account (phones, bank
accounts, social accounts...), keyed as ``ctip.intel`` keys its indicators."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases.actions.checks import require_case
from ctip.cases.events import CasesEvent
from ctip.cases.models import (
    Case,
    CaseIndicator,
    IndicatorKind,
    canonical_indicator,
    indicator_account,
)
from ctip.core import audit
from ctip.core.crypto import blind_index
from ctip.core.labels import label
from ctip.core.models import User
from ctip.intel.engine import InvalidIndicator


@dataclass(frozen=True)
class ContactInput:
    """``detail``: the bank or e-wallet for accounts, the platform for social accounts,
    the network for crypto wallets."""

    kind: str
    value: str
    detail: str = ""
    note: str = ""


def _already() -> ValidationError:
    return ValidationError({"value": _("This contact is already recorded on the case.")})


@transaction.atomic
def indicator_add(*, actor: User, case: Case, data: ContactInput) -> CaseIndicator:
    """Record a recruiter's or trafficker's contact from the person's account, canonical as
    ``ctip.intel`` keys it."""
    require_case(actor, case, "cases.change_case")
    if data.kind not in IndicatorKind.values:
        raise ValidationError({"kind": _("Choose what kind of contact this is.")})
    value, detail = data.value.strip(), data.detail.strip()
    if not value:
        raise ValidationError({"value": _("Give the number, account or address.")})
    if len(value) > 300 or len(detail) > 100:
        raise ValidationError({"value": _("This is too long for a contact.")})
    account = indicator_account(data.kind, value, detail)
    try:
        found = canonical_indicator(account)
    except InvalidIndicator as error:
        raise ValidationError(
            {
                "value": _("This cannot be read as a contact of that kind: %(detail)s")
                % {"detail": label(error.label)}
            }
        ) from None
    if found.kind not in IndicatorKind.values:
        raise ValidationError({"kind": _("Choose what kind of contact this is.")})
    index = blind_index("case_indicator", found.ref)
    if CaseIndicator.objects.filter(case=case, ref_index=index, removed_at__isnull=True).exists():
        raise _already()
    try:
        with transaction.atomic():
            row = CaseIndicator.objects.create(
                case=case,
                # A link to a profile is the social account it names.
                kind=found.kind,
                account=account,
                note=" ".join(data.note.split())[:500],
                added_by=actor,
            )
            audit.record(
                CasesEvent.CASE_INDICATOR_ADDED,
                actor=actor,
                target=case,
                fields=["indicator"] + (["note"] if row.note else []),
                data={"indicator": row.pk, "kind": row.kind},
            )
    except IntegrityError:
        # The same contact submitted twice at once: the first one is kept.
        raise _already() from None
    return row


@transaction.atomic
def indicator_remove(*, actor: User, indicator: CaseIndicator) -> None:
    require_case(actor, indicator.case, "cases.change_case")
    removed = CaseIndicator.objects.filter(pk=indicator.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=actor
    )
    if not removed:
        raise ValidationError(_("This contact was already removed."))
    audit.record(
        CasesEvent.CASE_INDICATOR_REMOVED,
        actor=actor,
        target=indicator.case,
        fields=["indicator"],
        data={"indicator": indicator.pk, "kind": indicator.kind},
    )
