"""Freeze requests reach the institution that holds each account and come back per account.

A bank account goes to the bank of its BIN, an e-wallet to its provider, a phone number to
the operator of its range (``InstitutionCode`` says which agency holds what). One request
per institution; an account no institution holds is refused with the reason. The liaison
answers each account (frozen with the amount, not found, already closed, refused with a
reason); the request closes when all are answered, and the issuing agency is told. The
time from request to first freeze is kept. A frozen account can be released and money
returned to victims recorded. Writes are checked, atomic and audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctip.core import actions as core_actions
from ctip.core import audit, notifications
from ctip.core.models import Agency, User
from ctip.intel import notices
from ctip.intel.engine.phones import operator_code
from ctip.intel.models import (
    INSTITUTION_TYPES,
    AccountOutcome,
    FreezeAccount,
    FreezeRequest,
    FreezeStatus,
    HolderKind,
    Indicator,
    InstitutionCode,
    Report,
)

MAX_AMOUNT_VND = 10**15
REMIND_BEFORE = dt.timedelta(hours=24)

ISSUED = "intel.freeze_issued"
REMINDER = "intel.freeze_due"
ANSWERED = "intel.freeze_answered"
notifications.register(ISSUED, gettext_lazy("Freeze request %(request)s waits for your answer."))
notifications.register(
    REMINDER, gettext_lazy("Freeze request %(request)s is due within a day; answer it.")
)
notifications.register(
    ANSWERED, gettext_lazy("The institution answered freeze request %(request)s.")
)


# Who holds an account --------------------------------------------------------------------


def holder_code(indicator: Indicator) -> tuple[str, str] | None:
    """(kind, code) of the institution that holds the account, from its key."""
    if indicator.kind == "bank_account":
        return HolderKind.BIN.value, indicator.key.split(":", 1)[0]
    if indicator.kind == "ewallet":
        return HolderKind.EWALLET.value, indicator.key.split(":", 1)[0]
    if indicator.kind == "phone":
        operator = operator_code(indicator.key)
        return (HolderKind.TELCO.value, operator) if operator else None
    return None


def _unheld_reason(indicator: Indicator, code: tuple[str, str] | None) -> str:
    if code is None:
        if indicator.kind == "phone":
            return _("%(a)s: no mobile operator is known for this number.") % {
                "a": indicator.display
            }
        return _("%(a)s: only bank accounts, e-wallets and phone numbers can be frozen.") % {
            "a": indicator.display
        }
    kind, value = code
    return {
        HolderKind.BIN: _("%(a)s: no bank on the platform holds BIN %(c)s."),
        HolderKind.EWALLET: _("%(a)s: the e-wallet provider %(c)s is not on the platform."),
        HolderKind.TELCO: _("%(a)s: the operator %(c)s is not on the platform."),
    }[HolderKind(kind)] % {"a": indicator.display, "c": value}


def route_accounts(
    indicators: Sequence[Indicator],
) -> tuple[dict[Agency, list[Indicator]], list[str]]:
    """The accounts grouped by the institution holding each, and a reason for each
    account no active institution holds."""
    codes = {i.pk: holder_code(i) for i in indicators}
    wanted = {c for c in codes.values() if c}
    holders: dict[tuple[str, str], Agency] = {}
    if wanted:
        for row in InstitutionCode.objects.filter(
            code__in={c for _k, c in wanted},
            agency__is_active=True,
            agency__type__in=INSTITUTION_TYPES,
        ).select_related("agency"):
            holders[row.kind, row.code] = row.agency
    routed: dict[Agency, list[Indicator]] = {}
    refused: list[str] = []
    for indicator in indicators:
        code = codes[indicator.pk]
        agency = holders.get(code) if code else None
        if agency is None:
            refused.append(_unheld_reason(indicator, code))
        else:
            routed.setdefault(agency, []).append(indicator)
    return routed, refused


def check_holder(institution: Agency, indicators: Sequence[Indicator]) -> None:
    """Refuse a request naming an institution that does not hold every account."""
    routed, refused = route_accounts(indicators)
    wrong = [
        _("%(a)s is held by %(b)s, not by %(c)s.")
        % {"a": i.display, "b": agency.name, "c": institution.name}
        for agency, accounts in routed.items()
        if agency.pk != institution.pk
        for i in accounts
    ]
    if refused or wrong:
        raise ValidationError({"indicators": refused + wrong})


def on_issue(actor: User, request: FreezeRequest, indicators: Sequence[Indicator]) -> None:
    """Inside the issuing transaction: one row per account, the liaisons notified."""
    FreezeAccount.objects.bulk_create(
        FreezeAccount(request=request, indicator=i) for i in indicators
    )
    core_actions.notify(
        actor=actor,
        agency=request.institution,
        kind="freeze",
        message=ISSUED,
        params={"request": request.reference},
        link=reverse("intel:inbox_detail", args=[request.pk]),
        permission="intel.answer_freeze",
        key=notices.freeze_key(request.pk),
    )


def freeze_requests_issue(
    *,
    actor: User,
    indicators: Sequence[Indicator],
    reports: Sequence[Report],
    legal_basis: str,
    deadline: dt.datetime,
) -> list[FreezeRequest]:
    """One request to each institution holding some of the accounts; nothing is sent
    when an account has no holder."""
    from ctip.intel.actions import freeze_request_issue

    if not actor.has_ctip_perm("intel.request_freeze"):
        raise PermissionDenied("intel.request_freeze")
    if not indicators:
        raise ValidationError({"indicators": [_("Choose at least one account.")]})
    routed, refused = route_accounts(indicators)
    if refused:
        raise ValidationError({"indicators": refused})
    with transaction.atomic():
        return [
            freeze_request_issue(
                actor=actor,
                institution=institution,
                indicators=accounts,
                reports=reports,
                legal_basis=legal_basis,
                deadline=deadline,
            )
            for institution, accounts in sorted(routed.items(), key=lambda kv: kv[0].pk)
        ]


# Answers per account ----------------------------------------------------------------------


def _liaison_of(actor: User, request: FreezeRequest) -> None:
    if not actor.has_ctip_perm("intel.answer_freeze"):
        raise PermissionDenied("intel.answer_freeze")
    if not request.institution.path.startswith(actor.agency.path):
        raise PermissionDenied("intel.answer_freeze")


def _amount(value: int | None, field: str) -> int:
    if value is None or not 0 <= value <= MAX_AMOUNT_VND:
        raise ValidationError({field: _("Give the amount in whole dong, 0 or more.")})
    return value


def freeze_account_answer(
    *,
    actor: User,
    account: FreezeAccount,
    outcome: str,
    amount_held_vnd: int | None = None,
    reason: str = "",
) -> FreezeAccount:
    """The institution answers for one account, once."""
    request = account.request
    _liaison_of(actor, request)
    reason = reason.strip()
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
    with transaction.atomic():
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
            "FREEZE_ACCOUNT_ANSWERED",
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
                message=ANSWERED,
                params={"request": locked.reference},
                link=reverse("intel:freeze", args=[locked.pk]),
                permission="intel.request_freeze",
            )
            notices.freeze_answered(actor, locked)
        locked.save()
    account.refresh_from_db()
    return account


def freeze_account_release(*, actor: User, account: FreezeAccount) -> FreezeAccount:
    """The institution lifts the freeze of one account."""
    _liaison_of(actor, account.request)
    with transaction.atomic():
        done = FreezeAccount.objects.filter(
            pk=account.pk, outcome=AccountOutcome.FROZEN, released_at__isnull=True
        ).update(released_at=timezone.now(), released_by=actor)
        if not done:
            raise ValidationError(_("Only a frozen account that is still frozen can be released."))
        audit.record(
            "FREEZE_ACCOUNT_RELEASED",
            actor=actor,
            target=account.request,
            data={"account": account.pk},
        )
    account.refresh_from_db()
    return account


def freeze_account_return(
    *, actor: User, account: FreezeAccount, amount_vnd: int | None
) -> FreezeAccount:
    """Record money of a frozen account returned to victims (adds to what was returned)."""
    _liaison_of(actor, account.request)
    amount_vnd = _amount(amount_vnd, "amount_vnd")
    with transaction.atomic():
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
            "FREEZE_FUNDS_RETURNED",
            actor=actor,
            target=locked.request,
            fields=["returned_vnd"],
            data={"account": locked.pk},
        )
    return locked


def remind(now: dt.datetime | None = None, *, within: dt.timedelta = REMIND_BEFORE) -> int:
    """Remind the liaisons of each unanswered request due within ``within``, once."""
    now = now or timezone.now()
    due = FreezeRequest.objects.filter(
        status=FreezeStatus.SENT,
        reminded_at__isnull=True,
        deadline__gt=now,
        deadline__lte=now + within,
    ).select_related("institution")
    count = 0
    for request in due:
        with transaction.atomic():
            if not FreezeRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            core_actions.notify(
                actor=None,
                agency=request.institution,
                kind="freeze",
                message=REMINDER,
                params={"request": request.reference},
                link=reverse("intel:inbox_detail", args=[request.pk]),
                permission="intel.answer_freeze",
                key=notices.freeze_key(request.pk),
            )
            count += 1
    return count
