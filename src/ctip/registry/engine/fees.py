"""Fees as a job post or a form gives them: an amount of money, or months of wages.

``read_fee("2 tháng lương")`` is two months' wages, not 2 đồng; ``read_fee("150 triệu")``
is 150,000,000 đồng. ``find_fees(text)`` finds the fees a post asks for ("phí dịch vụ 2
tháng lương", "môi giới 150 triệu", "service fee US$ 3,000") with their place in the text,
and whether each is the service fee, the brokerage or a fee of no stated kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from ctip.core.engine.money import MoneyError
from ctip.core.engine.money import parse as parse_money

FeeKind = Literal["service", "brokerage", "any"]


class FeeError(ValueError):
    """A fee that cannot be read: ``code`` is ``unreadable`` or ``negative``."""

    def __init__(self, code: str, text: str = "") -> None:
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


@dataclass(frozen=True, slots=True)
class Fee:
    """A fee: ``months`` of wages, or ``vnd`` (with the currency and amount as typed)."""

    kind: FeeKind
    months: Decimal | None = None
    vnd: int | None = None
    currency: str = "VND"
    original: Decimal | None = None
    start: int = 0
    end: int = 0


def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    return unicodedata.normalize("NFD", c)[0].lower()


def fold_same_length(text: str) -> str:
    """Lower case without diacritics, one character for each character of ``text``."""
    return "".join(_fold_char(c) for c in text)


_MONTHS = re.compile(
    r"(\d{1,2}(?:[.,]\d{1,2})?)\s*"
    r"(?:thang\s+(?:tien\s+)?luong|months?'?\s+(?:of\s+)?(?:wages?|salary|salaries|pay)"
    r"|months?'?\s+wages?)\b"
)
_MONEY = re.compile(
    r"(?:us\s?\$\s?|\$\s?)?\d[\d.,]*"
    r"(?:\s*(?:ty|ti|trieu|tr|nghin|ngan|k|usd|dong|vnd|d|million|thousand)\b\s*\d{0,3})*"
    r"(?:\s*(?:usd|\$|vnd|dong|d|yen|jpy|nt\$|twd|won|krw|eur|€))?"
)


def read_fee(text: str, kind: FeeKind = "any") -> Fee:
    """A fee typed in a form: money as ``core.values`` reads it, or months of wages."""
    value = " ".join(str(text or "").split())[:100]
    if not value:
        raise FeeError("unreadable", value)
    folded = fold_same_length(value)
    m = _MONTHS.fullmatch(folded)
    if m:
        try:
            months = Decimal(m.group(1).replace(",", "."))
        except InvalidOperation:
            raise FeeError("unreadable", value) from None
        return Fee(kind, months=months, end=len(value))
    if value.lstrip().startswith("-"):
        raise FeeError("negative", value)
    if re.search(r"\bthang\b|\bmonths?\b", folded):
        # "2 tháng" without saying of what: never read as money.
        raise FeeError("unreadable", value)
    try:
        amount = parse_money(value)
    except MoneyError as error:
        raise FeeError("negative" if error.code == "negative" else "unreadable", value) from None
    return Fee(
        kind,
        vnd=amount.vnd,
        currency=amount.currency,
        original=amount.original if amount.is_foreign else None,
        end=len(value),
    )


_FEE_WORDS: tuple[tuple[str, FeeKind], ...] = (
    ("phi dich vu", "service"),
    ("tien dich vu", "service"),
    ("service fees?", "service"),
    ("service charges?", "service"),
    ("phi moi gioi", "brokerage"),
    ("tien moi gioi", "brokerage"),
    ("moi gioi", "brokerage"),
    ("hoa hong", "brokerage"),
    ("brokerage(?: fees?)?", "brokerage"),
    ("broker fees?", "brokerage"),
    ("placement fees?", "brokerage"),
    ("commission", "brokerage"),
    ("chi phi(?: xuat canh| tron goi| di)?", "any"),
    ("phi xuat canh", "any"),
    ("tron goi", "any"),
    ("phi", "any"),
    ("fees?", "any"),
    ("costs?", "any"),
)
_FEE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(f"(?P<k{i}>{w})" for i, (w, _) in enumerate(_FEE_WORDS)) + r")"
    r"(?![a-z0-9])"
)
_FREE = re.compile(r"(?:mien|khong (?:mat|thu|co)|0 dong|no|free of|without)\s*$")
_CLAUSE_END = re.compile(r"\n|[.;!?](?:\s|$)")
_WINDOW = 60


def find_fees(text: str) -> tuple[Fee, ...]:
    """The fees a post asks for, in order; a fee word with no amount after it is skipped."""
    folded = fold_same_length(text)
    found: list[Fee] = []
    taken = 0
    for m in _FEE.finditer(folded):
        if m.start() < taken or _FREE.search(folded[max(0, m.start() - 12) : m.start()]):
            continue
        kind = next(_FEE_WORDS[int(name[1:])][1] for name, value in m.groupdict().items() if value)
        window = folded[m.end() : m.end() + _WINDOW]
        stop = _CLAUSE_END.search(window)
        window = window[: stop.start()] if stop else window
        fee = _amount_in(text, folded, m.end(), window, kind, m.start())
        if fee is not None:
            found.append(fee)
            taken = fee.end
    return tuple(found)


def _amount_in(
    text: str, folded: str, offset: int, window: str, kind: FeeKind, start: int
) -> Fee | None:
    months = _MONTHS.search(window)
    money = _MONEY.search(window)
    if months and (money is None or months.start() <= money.start()):
        value = Decimal(months.group(1).replace(",", "."))
        return Fee(kind, months=value, start=start, end=offset + months.end())
    if money is None:
        return None
    typed = text[offset + money.start() : offset + money.end()].strip()
    try:
        amount = parse_money(typed)
    except MoneyError:
        return None
    return Fee(
        kind,
        vnd=amount.vnd,
        currency=amount.currency,
        original=amount.original if amount.is_foreign else None,
        start=start,
        end=offset + money.end(),
    )
