"""Reading an amount of money as a person in Viet Nam types it.

``parse("5.000.000")``, ``parse("5 triệu")``, ``parse("150tr")``, ``parse("1,5 tỷ")``,
``parse("2tr5")``, ``parse("500 USD")``, ``parse("$500")``, ``parse("€20")`` all give a
:class:`Amount`: the whole number of đồng, and the currency and amount typed when it was
not đồng. What cannot be read one way only is refused with a :class:`MoneyError` naming
why (its ``code``); nothing is ever rescaled silently.

The rules, in the order they apply:

* a number may be written with ``.``, ``,`` or spaces between groups of three digits;
  the same mark used twice, or a mark followed by exactly three digits, groups thousands
  (``5.000.000``, ``5,000,000``, ``5.000``); when both marks appear, the last one is the
  decimal mark (``1.234,5`` and ``1,234.5``); a mark followed by one, two or four or more
  digits is a decimal mark (``1,5 tỷ``, ``2.5 triệu``, ``20.50 USD``);
* groups that are not three digits (``1.5.000``) are ambiguous and refused;
* a unit word multiplies: ``k``/``nghìn``/``ngàn``, ``tr``/``triệu``, ``tỷ``/``tỉ``
  (and ``thousand``, ``million``, ``billion``); units may follow each other from the
  largest down (``1 tỷ 200 triệu``), and bare digits after a unit continue it the way
  Vietnamese write it (``2tr5`` is 2,5 triệu, ``1 triệu 200`` is 1,2 triệu);
* a currency may stand before or after the number (``$500``, ``500 USD``, ``US$ 20``,
  ``1.000 THB``, ``500 đô``); đồng is the default (``đ``, ``₫``, ``VND``, ``đồng`` are
  accepted and change nothing); a foreign amount is converted with the fixed reference
  rate in :data:`RATES`;
* a minus sign, an amount of đồng with a fraction of a đồng, and anything above
  :data:`MAX_VND` are refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MAX_VND = 10**15

# Fixed VND per unit, rounded from State Bank of Viet Nam and market reference rates of
# late 2025 (the same figures the job-offer check uses). An amount typed in another
# currency is kept as typed; the đồng figure is for totals and comparisons.
RATES_AS_OF = "2025-12-01"
RATES: dict[str, int] = {
    "VND": 1,
    "USD": 26000,
    "EUR": 30000,
    "GBP": 34500,
    "THB": 800,
    "CNY": 3650,
    "HKD": 3350,
    "TWD": 820,
    "JPY": 170,
    "KRW": 18,
    "SGD": 20000,
    "MYR": 6200,
    "PHP": 450,
    "IDR": 2,
    "KHR": 7,
    "LAK": 1,
    "MMK": 12,
    "AUD": 17000,
    "AED": 7100,
    "USDT": 26000,
}

# Words and signs for each currency, compared after folding (lower case, no diacritics,
# no spaces or dots).
_CURRENCY_WORDS: dict[str, str] = {
    "d": "VND",
    "₫": "VND",
    "vnd": "VND",
    "dong": "VND",
    "vndong": "VND",
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "do": "USD",
    "dola": "USD",
    "dolla": "USD",
    "dolar": "USD",
    "domy": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "bang": "GBP",
    "฿": "THB",
    "thb": "THB",
    "baht": "THB",
    "bat": "THB",
    "cny": "CNY",
    "rmb": "CNY",
    "te": "CNY",
    "nhandante": "CNY",
    "¥": "CNY",
    "hkd": "HKD",
    "hk$": "HKD",
    "twd": "TWD",
    "nt$": "TWD",
    "daite": "TWD",
    "jpy": "JPY",
    "yen": "JPY",
    "krw": "KRW",
    "₩": "KRW",
    "won": "KRW",
    "sgd": "SGD",
    "s$": "SGD",
    "myr": "MYR",
    "rm": "MYR",
    "ringgit": "MYR",
    "php": "PHP",
    "₱": "PHP",
    "peso": "PHP",
    "idr": "IDR",
    "rp": "IDR",
    "rupiah": "IDR",
    "khr": "KHR",
    "៛": "KHR",
    "riel": "KHR",
    "lak": "LAK",
    "₭": "LAK",
    "kip": "LAK",
    "mmk": "MMK",
    "kyat": "MMK",
    "aud": "AUD",
    "a$": "AUD",
    "aed": "AED",
    "dirham": "AED",
    "usdt": "USDT",
}

_UNIT_WORDS: dict[str, int] = {
    "k": 3,
    "nghin": 3,
    "ngan": 3,
    "ng": 3,
    "thousand": 3,
    "tr": 6,
    "trieu": 6,
    "m": 6,
    "mn": 6,
    "million": 6,
    "millions": 6,
    "ty": 9,
    "ti": 9,
    "b": 9,
    "bn": 9,
    "billion": 9,
    "billions": 9,
}


class MoneyError(ValueError):
    """An amount that cannot be read one way only. ``code`` says why:
    ``unreadable``, ``negative``, ``ambiguous``, ``fraction`` (of a đồng),
    ``too_large``, ``currency`` (two different currencies)."""

    def __init__(self, code: str, text: str = "") -> None:
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.text = text


@dataclass(frozen=True)
class Amount:
    """An amount read from text: whole đồng, and what was typed when not đồng."""

    vnd: int
    currency: str = "VND"
    original: Decimal | None = None  # the amount in ``currency`` when not VND

    @property
    def is_foreign(self) -> bool:
        return self.currency != "VND"


def _fold(word: str) -> str:
    word = word.lower().replace("đ", "d")
    word = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s.]", "", word)


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
# A number: digits, possibly grouped by . , or single spaces between digits.
_NUMBER = re.compile(r"\d+(?:[.,]\d+|(?: )\d{3}(?!\d))*")
_SYMBOLS = "$€£฿¥₩₱₭៛₫"
_WORD = re.compile(r"(?:[a-z]{1,3}\$|[^\W\d_]+|[" + _SYMBOLS + r"])", re.IGNORECASE)


def _number(token: str) -> Decimal:
    """Read one written number (digits with grouping and decimal marks)."""
    if " " in token:
        if not re.fullmatch(r"[1-9]\d{0,2}( \d{3})+", token):
            raise MoneyError("ambiguous", token)
        return Decimal(token.replace(" ", ""))
    marks = [c for c in token if c in ".,"]
    if not marks:
        return Decimal(token)
    if len(set(marks)) == 2:
        decimal_mark = marks[-1]
        if marks.count(decimal_mark) != 1:
            raise MoneyError("ambiguous", token)
        whole, frac = token.rsplit(decimal_mark, 1)
        return _grouped(whole, marks[0], token) + Decimal("0." + frac)
    mark = marks[0]
    if len(marks) > 1:
        return _grouped(token, mark, token)
    whole, frac = token.split(mark)
    if len(frac) == 3 and whole != "0":
        return _grouped(token, mark, token)
    return Decimal(whole + "." + frac)


def _grouped(text: str, mark: str, token: str) -> Decimal:
    groups = text.split(mark)
    if not (1 <= len(groups[0]) <= 3 and groups[0][0] != "0") or any(
        len(g) != 3 for g in groups[1:]
    ):
        raise MoneyError("ambiguous", token)
    return Decimal("".join(groups))


def parse(text: str) -> Amount:
    """Read ``text`` as an amount of money; raise :class:`MoneyError` if it cannot be read
    one way only."""
    raw = unicodedata.normalize("NFC", text or "").strip()
    s = _SPACES.sub(" ", raw).strip()
    if not s:  # nothing, or only separators (an apostrophe)
        raise MoneyError("unreadable", text)
    if s[0] in "-−–" or (s.startswith("(") and s.endswith(")")):
        raise MoneyError("negative", text)
    currency = ""
    terms: list[tuple[Decimal, str, int | None]] = []  # (value, digits as typed, unit)
    pos = 0
    while pos < len(s):
        if s[pos] == " ":
            pos += 1
            continue
        if s[pos] in "-−–":
            raise MoneyError("negative", text)
        m = _NUMBER.match(s, pos)
        if m:
            token = m.group(0)
            terms.append((Decimal(0), token, None))
            pos = m.end()
            continue
        w = _WORD.match(s, pos)
        if not w:
            raise MoneyError("unreadable", text)
        # Words may run together with spaces ("đô la", "nhân dân tệ", "US $").
        word = w.group(0)
        end = w.end()
        folded = _fold(word)
        nxt = _WORD.match(s, end + 1) if end < len(s) and s[end] == " " else None
        while nxt is not None:
            joined = folded + _fold(nxt.group(0))
            if not any(k.startswith(joined) for k in (*_CURRENCY_WORDS, *_UNIT_WORDS)):
                break
            folded, end = joined, nxt.end()
            nxt = _WORD.match(s, end + 1) if end < len(s) and s[end] == " " else None
        pos = end
        if folded in _UNIT_WORDS and terms and terms[-1][2] is None:
            value, token, _ = terms[-1]
            terms[-1] = (value, token, _UNIT_WORDS[folded])
            continue
        code = _CURRENCY_WORDS.get(folded)
        if code is None:
            # "5tr5đ", "500kđ": a unit and a currency written as one word.
            code = _split_unit_currency(folded, terms)
        if code is None:
            raise MoneyError("unreadable", text)
        if currency and currency != code:
            raise MoneyError("currency", text)
        currency = code
    if not terms:
        raise MoneyError("unreadable", text)
    return _total(terms, currency or "VND", text)


def _split_unit_currency(folded: str, terms: list[tuple[Decimal, str, int | None]]) -> str | None:
    for unit, exp in _UNIT_WORDS.items():
        rest = folded[len(unit) :]
        if folded.startswith(unit) and rest in _CURRENCY_WORDS and terms and terms[-1][2] is None:
            value, token, _ = terms[-1]
            terms[-1] = (value, token, exp)
            return _CURRENCY_WORDS[rest]
    return None


def _total(terms: list[tuple[Decimal, str, int | None]], currency: str, text: str) -> Amount:
    total = Decimal(0)
    last_unit: int | None = None
    for i, (_, token, unit) in enumerate(terms):
        if unit is None:
            if i == 0 and len(terms) == 1:
                total = _number(token)
                break
            # Bare digits after a unit continue it: "2tr5" is 2,5 triệu.
            if last_unit is None or i != len(terms) - 1 or not token.isdigit():
                raise MoneyError("ambiguous", text)
            if len(token) > last_unit:
                raise MoneyError("ambiguous", text)
            total += Decimal("0." + token) * (Decimal(10) ** last_unit)
            break
        if last_unit is not None and unit >= last_unit:
            raise MoneyError("ambiguous", text)
        total += _number(token) * (Decimal(10) ** unit)
        last_unit = unit
    if total < 0:
        raise MoneyError("negative", text)
    if currency == "VND":
        if total != total.to_integral_value():
            raise MoneyError("fraction", text)
        vnd = int(total)
        original = None
    else:
        vnd = int((total * RATES[currency]).to_integral_value(rounding=ROUND_HALF_UP))
        original = Decimal(int(total)) if total == total.to_integral_value() else total
    if vnd > MAX_VND:
        raise MoneyError("too_large", text)
    return Amount(vnd=vnd, currency=currency, original=original)
