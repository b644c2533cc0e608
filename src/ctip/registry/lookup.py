"""The registry's answer to the job-offer check (``ctip.screening.ports``).

For each recruiter name or licence number a post names and the register holds:

- licensed now, for every destination the post names, and no fee in the post above its
  cap: ``licensed_recruiter`` (lowers the risk);
- otherwise ``licence_mismatch``, saying why (suspended or revoked with its decision,
  expired, not licensed for the destination, a fee above the cap): shown, and the risk
  is not lowered.

Each fee of the post above its legal cap is ``fee_over_cap``, with the cap and its source
in the sign's words. A fee in months of wages ("2 tháng lương") is compared in months; a
fee in money is compared when the post states a monthly wage, or when the fee may not be
charged at all for the destination.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils import timezone

from ctip.core.engine import countries
from ctip.core.engine.labels import Label, Named
from ctip.registry.engine import InvalidValue, check_fee, find_fees, licence_key, name_key
from ctip.registry.engine.caps import FeeCheck
from ctip.registry.engine.fees import Fee, fold_same_length
from ctip.registry.models import Enterprise, Status
from ctip.screening.engine import IndicatorFact, IndicatorQuery

_CONTRACT = re.compile(
    r"(?:hop dong|hd|contract)[^.\n]{0,20}?(\d{1,2})\s*(nam|years?|thang|months?)\b"
)
_SEAFARER = re.compile(r"thuyen vien|tau ca|danh ca|seafarer|fishing (?:boat|vessel)|crew")


def _country(code: str) -> Named:
    found = countries.get(code)
    return Named(found.name_vi, found.name_en) if found else Named(code, code)


def _contract_months(folded: str) -> int | None:
    m = _CONTRACT.search(folded)
    if not m:
        return None
    number = int(m.group(1))
    months = number * 12 if m.group(2).startswith(("nam", "year")) else number
    return months if 1 <= months <= 120 else None


def _wage(query: IndicatorQuery, fees: Sequence[Fee]) -> int | None:
    """The lowest monthly wage the post states, leaving out amounts inside a fee."""
    wages = [
        vnd
        for start, end, vnd in query.pay
        if not any(f.start <= start < f.end or start <= f.start < end for f in fees)
    ]
    return min(wages) if wages else None


def _check(
    fee: Fee,
    destinations: Sequence[str | None],
    months: int | None,
    wage: int | None,
    seafarer: bool,
) -> FeeCheck:
    """The fee against the most lenient cap among the destinations named (none named:
    any destination), so a fee is never warned when one reading makes it lawful."""
    checks = [
        check_fee(fee, d, contract_months=months, monthly_wage_vnd=wage, seafarer=seafarer)
        for d in (list(destinations) or [None])
    ]
    return max(checks, key=lambda c: (c.over is not True, c.cap_months))


def _fee_detail(check: FeeCheck) -> tuple[Label, ...]:
    sources = Named("; ".join(check.sources_vi), "; ".join(check.sources_en))
    if check.cap_months == 0:
        return (
            Label(
                "This fee may not be charged to workers for this market ({sources}).",
                sources=sources,
            ),
        )
    cap = Label("Cap: {cap} months' wages ({sources}).", cap=check.cap_months, sources=sources)
    if check.fee_months is None:
        return (cap,)
    return (Label("This post asks for {fee} months' wages.", fee=check.fee_months), cap)


class RegistryLookup:
    """``LicensedRecruiterLookup`` over the register of licensed enterprises."""

    def facts(self, query: IndicatorQuery) -> Sequence[IndicatorFact]:
        folded = fold_same_length(query.text)
        fees = find_fees(query.text) if query.text else ()
        months = _contract_months(folded)
        wage = _wage(query, fees)
        seafarer = bool(_SEAFARER.search(folded))
        checks = [_check(f, query.destinations, months, wage, seafarer) for f in fees]
        facts: list[IndicatorFact] = []
        over = [c for c in checks if c.over]
        for check in over:
            facts.append(
                IndicatorFact(
                    "fee_over_cap",
                    query.text[check.fee.start : check.fee.end],
                    detail=_fee_detail(check),
                    start=check.fee.start,
                    end=check.fee.end,
                )
            )
        facts.extend(self._enterprises(query, bool(over)))
        return facts

    def _enterprises(self, query: IndicatorQuery, fee_over: bool) -> list[IndicatorFact]:
        named: dict[str, str] = {}
        for number in query.licence_numbers:
            try:
                named.setdefault(f"licence:{licence_key(number)}", number)
            except InvalidValue:
                continue
        for name in query.recruiter_names:
            try:
                named.setdefault(f"name:{name_key(name)}", name)
            except InvalidValue:
                continue
        if not named:
            return []
        licences = [k.split(":", 1)[1] for k in named if k.startswith("licence:")]
        names = [k.split(":", 1)[1] for k in named if k.startswith("name:")]
        found = Enterprise.objects.filter(licence_key__in=licences) | Enterprise.objects.filter(
            name_key__in=names
        )
        facts: list[IndicatorFact] = []
        seen: set[int] = set()
        for enterprise in found.distinct()[:20]:
            if enterprise.pk in seen:
                continue
            seen.add(enterprise.pk)
            value = (
                named.get(f"licence:{enterprise.licence_key}")
                or named[f"name:{enterprise.name_key}"]
            )
            facts.append(self._fact(enterprise, value, query.destinations, fee_over))
        return facts

    def _fact(
        self, e: Enterprise, value: str, destinations: Sequence[str], fee_over: bool
    ) -> IndicatorFact:
        why: list[Label] = []
        if e.status != Status.ACTIVE:
            decided = {
                "number": e.licence_number,
                "decision": e.status_decision,
                "date": e.status_decided_on or "",
            }
            why.append(
                Label("Licence {number} suspended ({decision} {date}).", **decided)
                if e.status == Status.SUSPENDED
                else Label("Licence {number} revoked ({decision} {date}).", **decided)
            )
        elif e.expires_on is not None and e.expires_on < timezone.localdate():
            why.append(Label("Licence {number} has expired.", number=e.licence_number))
        outside = tuple(_country(d) for d in destinations if d not in e.markets)
        if outside and not why:
            markets = tuple(_country(m) for m in e.markets)
            why.append(
                Label(
                    "Not licensed to send workers to {countries} (only: {markets}).",
                    countries=outside,
                    markets=markets,
                )
                if markets
                else Label("Not licensed to send workers to {countries}.", countries=outside)
            )
        if fee_over and not why:
            why.append(Label("A fee in the post is above the legal cap."))
        if why:
            return IndicatorFact("licence_mismatch", value, detail=tuple(why))
        return IndicatorFact(
            "licensed_recruiter",
            value,
            detail=(Label("({name}, licence {number})", name=e.name, number=e.licence_number),),
        )
