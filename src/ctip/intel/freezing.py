"""Who holds an account, and what a freeze request tells the institution's liaisons.

A bank account goes to the bank of its BIN, an e-wallet to its provider, a phone number to
the operator of its range (``InstitutionCode`` says which agency holds what). One request
per institution; an account no institution holds is refused with the reason. The liaison
answers each account (frozen with the amount, not found, already closed, refused with a
reason); the request closes when all are answered, and the issuing agency is told. The
time from request to first freeze is kept. A frozen account can be released and money
returned to victims recorded. The writes are actions (``ctip.intel.actions.freeze_requests``
and ``freeze_accounts``); this module routes accounts to their holders and notifies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctip.core import actions as core_actions
from ctip.core import notifications
from ctip.core.models import Agency, User
from ctip.intel import notices
from ctip.intel.engine.phones import operator_code
from ctip.intel.models import (
    INSTITUTION_TYPES,
    FreezeRequest,
    HolderKind,
    Indicator,
    InstitutionCode,
)

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


def tell_liaisons(actor: User | None, request: FreezeRequest, message: str) -> None:
    """Put ``message`` (``ISSUED`` or ``REMINDER``) in the inbox of the institution's
    liaisons, filed under the request's key so that answering it resolves both."""
    core_actions.notify(
        actor=actor,
        agency=request.institution,
        kind="freeze",
        message=message,
        params={"request": request.reference},
        link=reverse("intel:inbox_detail", args=[request.pk]),
        permission="intel.answer_freeze",
        key=notices.freeze_key(request.pk),
    )
