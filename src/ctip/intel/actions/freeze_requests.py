"""Freeze requests: issued to the institutions holding the accounts, answered once,
reminded before their deadline (``ctip.intel.freezing`` says who holds what)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import Agency, User
from ctip.core.values import Amount, split_money
from ctip.intel import freezing, notices
from ctip.intel.actions._checks import (
    amount_ok,
    refuse,
    require,
    require_within,
    sees_all,
)
from ctip.intel.events import IntelEvent
from ctip.intel.models import (
    ANSWERS,
    FREEZABLE_KINDS,
    INSTITUTION_TYPES,
    FreezeAccount,
    FreezeRequest,
    FreezeStatus,
    Indicator,
    Report,
)


class AlreadyAnswered(Exception):
    """A freeze request is answered once; the second answer is refused."""

    def __init__(self, request: FreezeRequest) -> None:
        super().__init__(
            _("This request was already answered (%(status)s) on %(at)s.")
            % {
                "status": request.get_status_display(),
                "at": timezone.localtime(request.answered_at).strftime("%Y-%m-%d %H:%M")
                if request.answered_at
                else "",
            }
        )
        self.request = request


def institutions() -> list[Agency]:
    """Banks, e-wallets, telcos and platforms a request may go to (any province)."""
    return list(Agency.objects.filter(type__in=INSTITUTION_TYPES, is_active=True))


@dataclass(frozen=True)
class FreezeRequestInput:
    """Accounts to freeze, the reports that name them, the legal basis and the deadline.
    ``institution`` is given when the request goes to one institution chosen by hand;
    ``freeze_requests_issue`` leaves it out and sends each account to its holder."""

    indicators: Sequence[Indicator]
    legal_basis: str
    deadline: dt.datetime
    reports: Sequence[Report] = ()
    institution: Agency | None = None


@transaction.atomic
def freeze_request_issue(*, actor: User, data: FreezeRequestInput) -> FreezeRequest:
    """One request to ``data.institution``, which must hold every account."""
    require(actor, "intel.request_freeze")
    institution, indicators = data.institution, data.indicators
    errors: dict[str, list[str]] = {}
    if institution is None or (
        institution.type not in INSTITUTION_TYPES or not institution.is_active
    ):
        errors["institution"] = [_("Send the request to a bank, e-wallet, telco or platform.")]
    if not indicators:
        errors["indicators"] = [_("Choose at least one account.")]
    elif any(i.kind not in FREEZABLE_KINDS for i in indicators):
        errors["indicators"] = [_("Only accounts, wallets, phone numbers can be suspended.")]
    if not data.legal_basis.strip():
        errors["legal_basis"] = [_("State the legal basis of the request.")]
    if data.deadline <= timezone.now():
        errors["deadline"] = [_("The deadline must be in the future.")]
    if errors or institution is None:
        raise ValidationError(errors)
    freezing.check_holder(institution, indicators)
    if not (sees_all(actor, indicators, Indicator) and sees_all(actor, data.reports, Report)):
        raise PermissionDenied
    request = FreezeRequest.objects.create(
        issuing_agency=actor.agency,
        issued_by=actor,
        institution=institution,
        legal_basis=data.legal_basis.strip(),
        deadline=data.deadline,
    )
    request.indicators.set(indicators)
    request.reports.set(data.reports)
    audit.record(
        IntelEvent.FREEZE_REQUEST_ISSUED,
        actor=actor,
        target=request,
        fields=["institution", "indicators", "reports", "legal_basis", "deadline"],
        data={"institution": institution.code, "accounts": len(indicators)},
    )
    FreezeAccount.objects.bulk_create(
        FreezeAccount(request=request, indicator=i) for i in indicators
    )
    freezing.tell_liaisons(actor, request, freezing.ISSUED)
    return request


@transaction.atomic
def freeze_requests_issue(*, actor: User, data: FreezeRequestInput) -> list[FreezeRequest]:
    """One request to each institution holding some of the accounts; nothing is sent
    when an account has no holder."""
    require(actor, "intel.request_freeze")
    if not data.indicators:
        raise ValidationError({"indicators": [_("Choose at least one account.")]})
    routed, refused = freezing.route_accounts(data.indicators)
    if refused:
        raise ValidationError({"indicators": refused})
    return [
        freeze_request_issue(
            actor=actor, data=replace(data, institution=institution, indicators=accounts)
        )
        for institution, accounts in sorted(routed.items(), key=lambda kv: kv[0].pk)
    ]


@dataclass(frozen=True)
class FreezeAnswerInput:
    """The institution's answer to a whole request: done, partial or rejected."""

    status: str
    amount_held_vnd: Amount | int | None = None
    note: str = ""


@transaction.atomic
def freeze_request_answer(
    *, actor: User, request: FreezeRequest, data: FreezeAnswerInput
) -> FreezeRequest:
    """The institution's liaison answers once: done, partial or rejected."""
    require_within(actor, request.institution, "intel.answer_freeze")
    status, note = data.status, data.note
    amount_held_vnd, held_currency, held_original = split_money(data.amount_held_vnd)
    errors: dict[str, list[str]] = {}
    if status not in ANSWERS:
        errors["status"] = [_("Answer done, partial or rejected.")]
    if amount_held_vnd is not None and not amount_ok(amount_held_vnd):
        errors["amount_held_vnd"] = [_("The amount must be a whole number of dong, 0 or more.")]
    if status in (FreezeStatus.DONE, FreezeStatus.PARTIAL) and amount_held_vnd is None:
        errors["amount_held_vnd"] = [_("Give the amount held (0 if none).")]
    if status == FreezeStatus.REJECTED and not note.strip():
        errors["note"] = [_("Say why the request is rejected.")]
    refuse(errors)
    request = FreezeRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != FreezeStatus.SENT:
        raise AlreadyAnswered(request)
    request.status = status
    request.amount_held_vnd = amount_held_vnd
    request.amount_held_currency, request.amount_held_original = held_currency, held_original
    request.answer_note = note.strip()
    request.answered_at = timezone.now()
    request.answered_by = actor
    request.save()
    audit.record(
        IntelEvent.FREEZE_REQUEST_ANSWERED,
        actor=actor,
        target=request,
        fields=["status", "amount_held_vnd", "answer_note"],
        data={"status": status},
    )
    notices.freeze_answered(actor, request)
    return request


def freeze_requests_remind(
    now: dt.datetime | None = None, *, within: dt.timedelta = freezing.REMIND_BEFORE
) -> int:
    """Remind the liaisons of each unanswered request due within ``within``, once.
    Each request is reminded in its own transaction (a run of the periodic command)."""
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
            freezing.tell_liaisons(None, request, freezing.REMINDER)
            count += 1
    return count
