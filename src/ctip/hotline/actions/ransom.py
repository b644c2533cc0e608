"""Ransom demands: the account becomes an intel indicator, and a freeze request goes to
the institution that holds it in the same step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import User
from ctip.core.values import Amount, split_money
from ctip.hotline.actions.common import raise_if, require, require_visible
from ctip.hotline.actions.requests import urgency_of
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import RansomDemand, TracingRequest
from ctip.intel import actions as intel_actions
from ctip.intel import selectors as intel_selectors

ACCOUNT_KINDS = ("bank_account", "ewallet", "crypto", "phone")
MAX_AMOUNT_VND = 10**15


@dataclass(frozen=True)
class RansomInput:
    account_kind: str
    account: str
    amount: Amount | None = None
    deadline: dt.datetime | None = None
    bank: str = ""
    freeze: bool = False
    legal_basis: str = ""
    answer_by: dt.datetime | None = None


@dataclass(frozen=True)
class RecordedRansom:
    demand: RansomDemand
    freeze_requests: tuple[str, ...]  # references of the freeze requests sent


def _file_account(
    actor: User, demand: RansomDemand, data: RansomInput, owner: str
) -> tuple[int, Any]:
    """File the account in a ransom report of the actor's agency: (indicator id, report)."""
    filed = intel_actions.report_file(
        actor=actor,
        data=intel_actions.ReportInput(
            type="ransom",
            indicators=[
                intel_actions.IndicatorInput(
                    data.account_kind,
                    data.account,
                    data.bank if data.account_kind in ("bank_account", "ewallet") else "",
                    data.bank if data.account_kind == "crypto" else "",
                )
            ],
            province=demand.request.home_province,
            external_id=f"hotline-{demand.request.follow_code}-ransom-{demand.pk}-{owner}",
        ),
    )
    if filed.rejected:
        raise ValidationError({"account": [r.message for r in filed.rejected]})
    if owner == "record":
        demand.report_id = filed.report.pk
    found = intel_selectors.report_indicators(filed.report).first()
    if found is None:
        raise ValidationError({"account": [_("This account could not be read.")]})
    return found.pk, filed.report


def _freeze(actor: User, demand: RansomDemand, data: RansomInput) -> tuple[str, ...]:
    """One freeze request per institution holding the account, through intel's routing."""
    require(actor, "intel.request_freeze")
    errors: dict[str, list[str]] = {}
    if not data.legal_basis.strip():
        errors["legal_basis"] = [_("State the legal basis of the freeze request.")]
    answer_by = data.answer_by or timezone.now() + dt.timedelta(hours=24)
    if answer_by <= timezone.now():
        errors["answer_by"] = [_("The answer time must be in the future.")]
    raise_if(errors)
    # The indicator as one of the actor's own reports names it: freeze requests may only
    # name indicators the issuing agency has a report of.
    _indicator, report = _file_account(actor, demand, data, "freeze")
    indicators = list(intel_selectors.report_indicators(report))
    issued = intel_actions.freeze_requests_issue(
        actor=actor,
        data=intel_actions.FreezeRequestInput(
            indicators=indicators,
            reports=[report],
            legal_basis=data.legal_basis.strip(),
            deadline=answer_by,
        ),
    )
    demand.freeze_request_ids = [*demand.freeze_request_ids, *(r.pk for r in issued)]
    return tuple(r.reference for r in issued)


def _check(data: RansomInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.account_kind not in ACCOUNT_KINDS:
        errors["account_kind"] = [
            _("Choose a bank account, an e-wallet, a crypto wallet or a phone.")
        ]
    if not data.account.strip():
        errors["account"] = [_("Give the account or wallet the captors named.")]
    elif len(data.account) > 200:
        errors["account"] = [_("Keep it under %(n)d characters.") % {"n": 200}]
    vnd = split_money(data.amount)[0] if data.amount is not None else None
    if vnd is not None and vnd > MAX_AMOUNT_VND:
        errors["amount"] = [_("This amount is too large.")]
    if len(data.bank) > 40:
        errors["bank"] = [_("Keep it under %(n)d characters.") % {"n": 40}]
    return errors


def ransom_record(*, actor: User, request: TracingRequest, data: RansomInput) -> RecordedRansom:
    """Record a ransom demand: its account becomes an intel indicator, the request's
    urgency follows its deadline, and with ``freeze`` a freeze request goes to the
    institution holding the account. All or nothing."""
    with transaction.atomic():
        require_visible(actor, request, "hotline.trace")
        raise_if(_check(data))
        current = TracingRequest.objects.select_for_update().get(pk=request.pk)
        vnd, currency, original = split_money(data.amount)
        demand = RansomDemand.objects.create(
            request=current,
            recorded_by=actor,
            amount_vnd=vnd,
            amount_currency=currency or "VND",
            amount_original=original,
            deadline=data.deadline,
            account_kind=data.account_kind,
            account=data.account.strip(),
            bank=data.bank.strip().upper(),
        )
        demand.indicator_id, _report = _file_account(actor, demand, data, "record")
        sent = _freeze(actor, demand, data) if data.freeze else ()
        demand.save(update_fields=["report_id", "indicator_id", "freeze_request_ids"])
        if data.deadline is not None and (
            current.ransom_deadline is None or data.deadline < current.ransom_deadline
        ):
            current.ransom_deadline = data.deadline
        current.urgency = urgency_of(current)
        current.save(update_fields=["ransom_deadline", "urgency"])
        audit.record(
            HotlineEvent.RANSOM_RECORDED,
            actor=actor,
            target=current,
            fields=["account", "amount", "deadline"],
            data={
                "demand": demand.pk,
                "indicator": demand.indicator_id,
                "freeze_requests": demand.freeze_request_ids,
            },
        )
    return RecordedRansom(demand, sent)


def ransom_freeze(
    *, actor: User, demand: RansomDemand, legal_basis: str, answer_by: dt.datetime | None = None
) -> tuple[str, ...]:
    """Ask for the account of an earlier demand to be frozen."""
    with transaction.atomic():
        require_visible(actor, demand, "hotline.trace")
        data = RansomInput(
            account_kind=demand.account_kind,
            account=demand.account,
            bank=demand.bank,
            freeze=True,
            legal_basis=legal_basis,
            answer_by=answer_by,
        )
        sent = _freeze(actor, demand, data)
        demand.save(update_fields=["freeze_request_ids"])
        audit.record(
            HotlineEvent.RANSOM_RECORDED,
            actor=actor,
            target=demand.request,
            data={"demand": demand.pk, "freeze_requests": demand.freeze_request_ids},
        )
    return sent
