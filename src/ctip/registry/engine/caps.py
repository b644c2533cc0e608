"""The legal caps on what a worker may be charged, as configured data with their source.

A cap is in months of the worker's wage per 12 months of contract, with an upper bound
where the law sets one, and markets where the fee may not be charged at all. Amended
texts change this table only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .fees import Fee

CapKind = Literal["service", "brokerage"]

# When a post gives no contract length: 36 months, the usual length, whose caps are the
# highest, so that no fee lawful under some contract is warned.
DEFAULT_CONTRACT_MONTHS = 36


@dataclass(frozen=True, slots=True)
class Cap:
    kind: CapKind
    months_per_year: Decimal
    max_months: Decimal | None
    forbidden_markets: frozenset[str]
    seafarers: bool
    source_vi: str
    source_en: str


CAPS: tuple[Cap, ...] = (
    Cap(
        "service",
        Decimal(1),
        None,
        frozenset(),
        False,
        "Luật 69/2020/QH14, khoản 4 Điều 23",
        "Law 69/2020/QH14, Art. 23(4)",
    ),
    Cap(
        "service",
        Decimal("1.5"),
        None,
        frozenset(),
        True,
        "Luật 69/2020/QH14, khoản 4 Điều 23 (thuyền viên)",
        "Law 69/2020/QH14, Art. 23(4) (seafarers)",
    ),
    Cap(
        "brokerage",
        Decimal("0.5"),
        Decimal("1.5"),
        frozenset({"JP"}),
        False,
        "Thông tư 21/2021/TT-BLĐTBXH, sửa đổi bởi Thông tư 02/2024/TT-BLĐTBXH",
        "Circular 21/2021/TT-BLĐTBXH as amended by Circular 02/2024/TT-BLĐTBXH",
    ),
)


@dataclass(frozen=True, slots=True)
class CapAmount:
    """One cap for one contract: months of wages (0 where the fee is forbidden)."""

    kind: CapKind
    months: Decimal
    forbidden: bool
    source_vi: str
    source_en: str


def _cap(kind: CapKind, seafarer: bool) -> Cap:
    matching = [c for c in CAPS if c.kind == kind and c.seafarers == seafarer]
    return (matching or [c for c in CAPS if c.kind == kind])[0]


def caps_for(
    destination: str | None, contract_months: int | None = None, *, seafarer: bool = False
) -> tuple[CapAmount, ...]:
    """The service-fee and brokerage caps for a contract to ``destination``."""
    months = Decimal(contract_months or DEFAULT_CONTRACT_MONTHS)
    found: list[CapAmount] = []
    kinds: tuple[CapKind, ...] = ("service", "brokerage")
    for kind in kinds:
        cap = _cap(kind, seafarer)
        forbidden = destination is not None and destination in cap.forbidden_markets
        value = Decimal(0) if forbidden else cap.months_per_year * months / 12
        if cap.max_months is not None:
            value = min(value, cap.max_months)
        found.append(
            CapAmount(cap.kind, value.normalize(), forbidden, cap.source_vi, cap.source_en)
        )
    return tuple(found)


@dataclass(frozen=True, slots=True)
class FeeCheck:
    """A fee against its cap: ``over`` is None when they cannot be compared (a fee in
    money and no wage to convert it)."""

    fee: Fee
    cap_months: Decimal
    cap_vnd: int | None
    fee_months: Decimal | None
    over: bool | None
    forbidden: bool
    sources_vi: tuple[str, ...]
    sources_en: tuple[str, ...]


def check_fee(
    fee: Fee,
    destination: str | None,
    *,
    contract_months: int | None = None,
    monthly_wage_vnd: int | None = None,
    seafarer: bool = False,
) -> FeeCheck:
    """Compare ``fee`` with its cap; a fee of no stated kind with both caps together."""
    caps = [
        c
        for c in caps_for(destination, contract_months, seafarer=seafarer)
        if fee.kind in ("any", c.kind)
    ]
    cap_months = sum((c.months for c in caps), Decimal(0))
    forbidden = fee.kind == "brokerage" and all(c.forbidden for c in caps)
    fee_months = fee.months
    if fee_months is None and fee.vnd is not None and monthly_wage_vnd:
        fee_months = (Decimal(fee.vnd) / Decimal(monthly_wage_vnd)).quantize(Decimal("0.1"))
    if cap_months == 0:
        over: bool | None = bool(fee.months or fee.vnd)
    elif fee_months is None:
        over = None
    else:
        over = fee_months > cap_months
    cap_vnd = int(cap_months * monthly_wage_vnd) if monthly_wage_vnd else None
    return FeeCheck(
        fee,
        cap_months.normalize(),
        cap_vnd,
        fee_months,
        over,
        forbidden,
        tuple(c.source_vi for c in caps),
        tuple(c.source_en for c in caps),
    )
