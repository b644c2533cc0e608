"""The institution's answer for each account of a freeze request, and what follows it:
the freeze lifted, money returned to victims. The request closes when every account is
answered, and the issuing agency is told."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import actions as core_actions
from ctip.core import audit
from ctip.core.models import User
from ctip.intel import freezing, notices
from ctip.intel.actions._checks import amount_ok, require_within
from ctip.intel.events import IntelEvent
from ctip.intel.models import AccountOutcome, FreezeAccount, FreezeRequest, FreezeStatus


def _amount(value: int | None, field: str) -> int:
    if value is None or not amount_ok(value):
        raise ValidationError({field: _("Give the amount in whole dong, 0 or more.")})
    return value


@dataclass(frozen=True)
class AccountAnswerInput:
    """Frozen (with the amount held), not found, already closed, or refused (with why)."""

    outcome: str
    amount_held_vnd: int | None = None
    reason: str = ""


@transaction.atomic
def freeze_account_answer(
    *, actor: User, account: FreezeAccount, data: AccountAnswerInput
) -> FreezeAccount:
    """The institution answers for one account, once."""
    request = account.request
    require_within(actor, request.institution, "intel.answer_freeze")
    outcome, amount_held_vnd, reason = data.outcome, data.amount_held_vnd, data.reason.strip()
    if outcome not in AccountOutcome.values:
        raise ValidationError(
            {"outcome": _("Answer frozen, not found, already closed or refused.")}
        )
    if outcome == AccountOutcome.FROZEN:
        # The amount money input of the forms lands here as whole dong.
        _amount(amount_held_vnd, "amount_held_vnd")
    else:
        amount_held_vnd = None
    if outcome == AccountOutcome.REFUSED and not reason:
        raise ValidationError({"reason": _("Say why the freeze is refused.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2000 characters.")})
    locked = FreezeRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != FreezeStatus.SENT:
        raise ValidationError(_("This request is already closed."))
    now = timezone.now()
    done = FreezeAccount.objects.filter(pk=account.pk, outcome="").update(
        outcome=outcome,
        amount_held_vnd=amount_held_vnd,
        reason=reason,
        answered_by=actor,
        answered_at=now,
    )
    if not done:
        raise ValidationError(_("This account was already answered."))
    if outcome == AccountOutcome.FROZEN and locked.first_frozen_at is None:
        locked.first_frozen_at = now
    audit.record(
        IntelEvent.FREEZE_ACCOUNT_ANSWERED,
        actor=actor,
        target=locked,
        fields=["outcome", "amount_held_vnd"] + (["reason"] if reason else []),
        data={"account": account.pk, "outcome": outcome},
    )
    rows = FreezeAccount.objects.filter(request=locked)
    if not rows.filter(outcome="").exists():
        frozen = rows.filter(outcome=AccountOutcome.FROZEN).count()
        locked.status = (
            FreezeStatus.DONE
            if frozen == rows.count()
            else FreezeStatus.PARTIAL
            if frozen
            else FreezeStatus.REJECTED
        )
        locked.answered_at = now
        locked.answered_by = actor
        locked.amount_held_vnd = rows.aggregate(total=Sum("amount_held_vnd"))["total"] or 0
        core_actions.notify(
            actor=actor,
            agency=locked.issuing_agency,
            kind="freeze",
            message=freezing.ANSWERED,
            params={"request": locked.reference},
            link=reverse("intel:freeze", args=[locked.pk]),
            permission="intel.request_freeze",
        )
        notices.freeze_answered(actor, locked)
    locked.save()
    account.refresh_from_db()
    return account


@transaction.atomic
def freeze_account_release(*, actor: User, account: FreezeAccount) -> FreezeAccount:
    """The institution lifts the freeze of one account."""
    require_within(actor, account.request.institution, "intel.answer_freeze")
    done = FreezeAccount.objects.filter(
        pk=account.pk, outcome=AccountOutcome.FROZEN, released_at__isnull=True
    ).update(released_at=timezone.now(), released_by=actor)
    if not done:
        raise ValidationError(_("Only a frozen account that is still frozen can be released."))
    audit.record(
        IntelEvent.FREEZE_ACCOUNT_RELEASED,
        actor=actor,
        target=account.request,
        data={"account": account.pk},
    )
    account.refresh_from_db()
    return account


@transaction.atomic
def freeze_account_return(
    *, actor: User, account: FreezeAccount, amount_vnd: int | None
) -> FreezeAccount:
    """Record money of a frozen account returned to victims (adds to what was returned)."""
    require_within(actor, account.request.institution, "intel.answer_freeze")
    amount_vnd = _amount(amount_vnd, "amount_vnd")
    locked = FreezeAccount.objects.select_for_update().get(pk=account.pk)
    if locked.outcome != AccountOutcome.FROZEN:
        raise ValidationError(_("Money is returned only from a frozen account."))
    if amount_vnd <= 0 or locked.returned_vnd + amount_vnd > (locked.amount_held_vnd or 0):
        raise ValidationError(
            {"amount_vnd": _("The amounts returned cannot exceed the amount frozen.")}
        )
    locked.returned_vnd += amount_vnd
    locked.returned_at = timezone.now()
    locked.save(update_fields=["returned_vnd", "returned_at"])
    audit.record(
        IntelEvent.FREEZE_FUNDS_RETURNED,
        actor=actor,
        target=locked.request,
        fields=["returned_vnd"],
        data={"account": locked.pk},
    )
    return locked
