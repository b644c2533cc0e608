"""Extract pay, destinations, contacts, phones, URLs, recruiters and licences.

Patterns run on the folded text (see ``text.fold``) so that "15 triệu", "15 trieu" and
"15tr" look alike; every span is mapped back to the original text. Each entity is a
row, the fields of its record in order (see ``types``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache
from operator import itemgetter

import phonenumbers

from .anchors import ANCHORS, Located
from .lexicon import lexicon, place_for
from .memo import Memo
from .text import FOLD_TABLE as _FOLD
from .text import FoldedText, words
from .types import (
    ContactRow,
    DestinationRow,
    EntityRows,
    LicenceRow,
    PayRow,
    PhoneRow,
    RecruiterRow,
    UrlRow,
)

_START = itemgetter(0)

_NUM = r"\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?"
_PREFIX_CCY = r"us\$|\$|usdt|usd|thb|฿|php|₱|vnd|rm|myr|aed|ksh|kes|€|eur"
_MULT = r"trieu|tr|cu|ty|lit|nghin|ngan|million|mil|k|m"
_SUFFIX_CCY = (
    r"usdt|usd|us\$|\$|do\s*la|dollars?|do|vnd|dong|d|baht|bath|thb|php|pesos?|₱|฿"
    r"|ringgit|rm|myr|yen|won|te|nhan dan te|aed|dirhams?|ksh|kes|shillings?|euros?|eur|€"
)
_PERIOD = (
    r"(?:\s*(?:/|moi|per|a|mot|1|one|each)?\s*"
    r"(?P<per>thang|month|mo|ngay|day|tuan|week|gio|hour|hr|h|nam|year)\b"
    r"|\s*(?P<adv>monthly|daily|weekly|hourly|yearly|annually))?"
)
_PAY = re.compile(
    rf"(?<![\w.,])(?:(?P<pre>{_PREFIX_CCY})\s?)?"
    rf"(?P<lo>{_NUM})(?:\s*(?P<lomult>{_MULT})(?P<lofrac>\d)?(?![a-z]))?"
    rf"(?:\s*(?:-|~|den|toi|to)\s*(?P<pre2>{_PREFIX_CCY})?\s?(?P<hi>{_NUM}))?"
    rf"(?:\s*(?P<mult>{_MULT})(?P<frac>\d)?(?![a-z]))?"
    rf"(?:\s*(?P<suf>{_SUFFIX_CCY})(?![a-z]))?"
    rf"{_PERIOD}"
)
# A number, and whether a multiplier, a currency or a range can follow it: a pay figure
# that starts at its first digit has one of these (what ``_pay`` keeps), and every other
# match there (a phone number's digits, "12 Nguyen Trai", "2/2024") is dropped anyway,
# so ``_near_digits`` does not try the pay pattern at such a number. Its digits and the
# separators inside it are one run: a digit after "." or "," starts no pay figure (the
# pattern's lookbehind), and no prefix currency ends just before it.
_PAY_RUN = re.compile(rf"\d[\d.,]*(\s*(?:-|~|den|toi|to|{_MULT}|{_SUFFIX_CCY}))?")
# How far before its first digit a pay figure can start: the longest prefix currency
# ("usdt") and a space; and what it holds there, up to that digit.
_PAY_LEAD = max(len(c.replace("\\", "")) for c in _PREFIX_CCY.split("|")) + 1
_PAY_BEFORE_DIGITS = re.compile(rf"(?:{_PREFIX_CCY})\s?\Z")


def _last_characters(alternatives: str) -> frozenset[str]:
    return frozenset(a.replace("\\", "")[-1] for a in alternatives.split("|"))


# The last character of each prefix currency: a pay figure's lead-in ends with one,
# then at most one space (see _near_digits).
_LEAD_IN_ENDS: dict[re.Pattern[str], frozenset[str]] = {
    _PAY_BEFORE_DIGITS: _last_characters(_PREFIX_CCY)
}
# Not "\d+": a pattern opening on a digit class, not on a repeat, is searched by the
# regex engine's fast scan for that class instead of a match tried at every position.
_DIGIT_RUN = re.compile(r"\d\d*")


def _near_digits(
    pattern: re.Pattern[str],
    text: str,
    lead: int = 0,
    before: re.Pattern[str] | None = None,
    runs: re.Pattern[str] = _DIGIT_RUN,
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, for a pattern whose every match
    starts at a run of digits or, holding what ``before`` matches up to the end
    (``\\Z``) of the text it is given, at most ``lead`` characters before one.

    These patterns open with a lookbehind, which leaves the regex engine trying every
    position of the text; trying only the few positions before each number where a
    match can start finds the same matches, leftmost first, resuming after each
    (matches are never empty). A match that starts before a number reaches that
    number's first digit (a digit further back is an earlier number's, tried then), so
    ``before`` searched in the text between finds every position where one can start.

    ``runs`` finds the numbers, each match starting at a first digit. One with a group
    (see ``_PAY_RUN``) says where a match worth yielding can start at the digit: where
    the group did not match, only the lead-in before the number is tried.
    """
    match = pattern.match
    gated = runs.groups > 0
    # The characters a lead-in can end with, perhaps before one space: where the text
    # before a number holds none of them there, no lead-in is searched for.
    ends = _LEAD_IN_ENDS.get(before) if before is not None else None
    pos = 0
    for run in runs.finditer(text):
        start = run.start()
        if start - lead > pos:
            pos = start - lead
        if ends is not None and pos < start:
            last = text[start - 1]
            if last.isspace() and start > 1:
                last = text[start - 2]
            if last not in ends:
                pos = start
        while before is not None and pos < start:
            lead_in = before.search(text, pos, start)
            if lead_in is None:
                pos = start
            else:
                m = match(text, lead_in.start())
                if m is None:
                    pos = lead_in.start() + 1
                else:
                    pos = m.end()
                    yield m
        if pos == start and not (gated and run.lastindex is None):
            m = match(text, start)
            if m is None:
                pos += 1
            else:
                pos = m.end()
                yield m


_CCY_CODES = {
    "us$": "USD",
    "$": "USD",
    "usd": "USD",
    "usdt": "USDT",
    "do": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "thb": "THB",
    "฿": "THB",
    "baht": "THB",
    "bath": "THB",
    "php": "PHP",
    "₱": "PHP",
    "peso": "PHP",
    "pesos": "PHP",
    "vnd": "VND",
    "dong": "VND",
    "d": "VND",
    "rm": "MYR",
    "myr": "MYR",
    "ringgit": "MYR",
    "yen": "JPY",
    "won": "KRW",
    "te": "CNY",
    "nhan dan te": "CNY",
    "aed": "AED",
    "dirham": "AED",
    "dirhams": "AED",
    "ksh": "KES",
    "kes": "KES",
    "shilling": "KES",
    "shillings": "KES",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "€": "EUR",
}
_MULTIPLIERS = {
    "trieu": 1e6,
    "tr": 1e6,
    "cu": 1e6,
    "ty": 1e9,
    "lit": 1e5,
    "nghin": 1e3,
    "ngan": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mil": 1e6,
    "m": 1e6,
}
_PERIOD_NAMES = {
    "thang": "month",
    "month": "month",
    "mo": "month",
    "monthly": "month",
    "ngay": "day",
    "day": "day",
    "daily": "day",
    "tuan": "week",
    "week": "week",
    "weekly": "week",
    "gio": "hour",
    "hour": "hour",
    "hr": "hour",
    "h": "hour",
    "hourly": "hour",
    "nam": "year",
    "year": "year",
    "yearly": "year",
    "annually": "year",
}
# Money asked *from* the applicant is not pay.
_FEE_BEFORE = re.compile(
    r"\b(?:phi|coc|nop|dong tien|chuyen khoan|mat|fee|fees|deposit|charge|charges|cost|"
    r"costs|chi phi|nap|ransom|chuoc|den bu|boi thuong|lua|lost)\W{0,3}"
    r"(?:\w+\W+){0,2}$"
)
_PAY_BEFORE = re.compile(
    r"(?:luong|thu nhap|salary|pay|earn|income|huong|kiem|wage)\W*(\w+\W+){0,3}$"
)


# "15.000.000" and "2,000" group thousands; "1,5" and "1.5" are decimals.
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_SPACES = re.compile(r"\s+")


def _read_number(raw: str) -> float:
    if _GROUPED.fullmatch(raw):
        return float(raw.replace(".", "").replace(",", ""))
    return float(raw.replace(",", "."))


def _read_currency(name: str) -> str:
    return _CCY_CODES.get(_SPACES.sub(" ", name), "VND")


# Figures and currency names recur from post to post ("20", "1,200", "usd").
_NUMBERS = Memo(_read_number, 1 << 14)
_number = _NUMBERS.__getitem__
_CURRENCIES = Memo(_read_currency, 1 << 10)

_PAY_GROUPS = ("pre", "pre2", "suf", "mult", "lomult", "frac", "lofrac", "lo", "hi", "per", "adv")
# The groups by number: a lookup by name costs a dictionary lookup each.
_PAY_GROUP_NUMBERS = tuple(_PAY.groupindex[name] for name in _PAY_GROUPS)


def _pay(folded: FoldedText) -> tuple[PayRow, ...]:
    lex = lexicon()
    found: list[PayRow] = []
    text = folded.folded
    for m in _near_digits(_PAY, text, _PAY_LEAD, _PAY_BEFORE_DIGITS, _PAY_RUN):
        # One call for every group: looking each up by name cost more than the rest.
        pre, pre2, suf, mult_name, lomult, frac, lofrac, raw_lo, raw_hi, per, adv = m.group(
            *_PAY_GROUP_NUMBERS
        )
        mult_name = mult_name or lomult
        ccy_name = pre or pre2 or suf
        if not mult_name and not ccy_name:
            continue
        lo = _number(raw_lo)
        hi = _number(raw_hi) if raw_hi else lo
        mult = _MULTIPLIERS.get(mult_name or "", 1.0)
        # "20m" alone may be metres or minutes; only read it as money with a hint.
        if (
            mult_name == "m"
            and not (ccy_name or per or adv)
            and not _PAY_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        ):
            continue
        frac = frac or (lofrac if not raw_hi else None)
        if frac and mult_name in {"tr", "cu", "trieu"}:
            hi += int(frac) / 10  # "15tr5" is 15.5 million
            lo = lo if raw_hi else hi
        lo_mult = _MULTIPLIERS.get(lomult or "", mult) if raw_hi else mult
        currency = _CURRENCIES[ccy_name] if ccy_name else "VND"
        if currency == "VND" and not mult_name and hi < 10_000:
            continue
        if _FEE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        period = _PERIOD_NAMES[per or adv or "month"]
        factor = lex.periods[period] * lex.rates[currency]
        vnd_hi = hi * mult * factor
        vnd_lo = lo * lo_mult * factor
        if vnd_hi < 100_000:
            continue
        usd = lex.rates["USD"]
        start, end = folded.span(m.start(), m.end())
        vnd_min = min(vnd_lo, vnd_hi)
        found.append(
            (
                start,
                end,
                currency,
                period,
                hi * mult,
                round(vnd_hi),
                round(vnd_hi / usd),
                round(vnd_min),
                round(vnd_min / usd),
            )
        )
    return tuple(found)


_LAO = re.compile(r"\b[Ll]ào\b|\bLAO\b(?!\s+[ĐD])")
_PLACES = ANCHORS.add(lexicon().place_pattern, lexicon().place_first_words)


def _destinations(folded: FoldedText, located: Located) -> tuple[DestinationRow, ...]:
    found: list[DestinationRow] = []
    for m in _PLACES.finditer(folded.folded, located):
        place = place_for(m.group())
        if place is None:
            continue
        start, end = folded.span(m.start(), m.end())
        found.append((start, end, place.name, place.country, place.hub))
    # "lao" folded is also "lao động" (labour); only the accented "Lào" names Laos.
    original = folded.original
    lao = "ào" in original or "LAO" in original
    for m in _LAO.finditer(original) if lao else ():
        if not any(d[0] <= m.start() < d[1] for d in found):
            found.append((m.start(), m.end(), "Laos", "LA", False))
    found.sort(key=_START)
    return tuple(found)


_HANDLE_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<host>t\.me|telegram\.me|telegram\.dog|wa\.me|zalo\.me|"
    r"m\.me|fb\.me|fb\.com|facebook\.com|m\.facebook\.com|tiktok\.com|line\.me)/"
    r"(?P<handle>[@\w.+\-]{2,64})"
)
_HOST_CHANNEL = {
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.dog": "telegram",
    "wa.me": "whatsapp",
    "zalo.me": "zalo",
    "m.me": "facebook",
    "fb.me": "facebook",
    "fb.com": "facebook",
    "facebook.com": "facebook",
    "m.facebook.com": "facebook",
    "tiktok.com": "tiktok",
    "line.me": "line",
}
_NAMED_HANDLE_RE = re.compile(
    r"\b(?P<ch>telegram|tele|tlg|tg|zalo|zl|whatsapp|whatapp|watsapp|wa|viber|wechat|"
    r"signal|line|skype)\s*(?::|-|id)?\s*(?:@(?P<at>\w{3,32})|(?P<num>\+?\d[\d .]{7,15}\d))"
)
_NAMED_HANDLE = ANCHORS.add(_NAMED_HANDLE_RE)
_AT_HANDLE = re.compile(r"(?<![\w.@])@(?P<at>[a-z][\w]{3,31})\b(?!\.[a-z])")
_CHANNEL_WORD = ANCHORS.add(
    re.compile(
        r"\b(?P<ch>telegram|tele|zalo|whatsapp|whatapp|watsapp|viber|wechat|messenger|inbox|ib|"
        r"facebook|fb|signal|tiktok|line app|skype)\b"
    )
)
# Every host of _HANDLE_LINK ends in one of these, followed by "/": a text without any
# of them has no handle link.
_HANDLE_LINK_TAILS = (".me/", ".com/", ".dog/")
_CHANNEL_NAMES = {
    "tele": "telegram",
    "tlg": "telegram",
    "tg": "telegram",
    "zl": "zalo",
    "whatapp": "whatsapp",
    "watsapp": "whatsapp",
    "wa": "whatsapp",
    "fb": "facebook",
    "messenger": "facebook",
    "ib": "inbox",
    "line app": "line",
}


def _contacts(folded: FoldedText, located: Located) -> tuple[ContactRow, ...]:
    text = folded.folded
    found: list[ContactRow] = []
    taken: list[tuple[int, int]] = []

    def add(fs: int, fe: int, channel: str, handle: str | None) -> None:
        if any(s < fe and fs < e for s, e in taken):
            return
        taken.append((fs, fe))
        start, end = folded.span(fs, fe)
        found.append((start, end, channel, handle))

    links = any(map(text.__contains__, _HANDLE_LINK_TAILS))
    for m in _HANDLE_LINK.finditer(text) if links else ():
        handle = folded.original[slice(*folded.span(*m.span("handle")))].rstrip(".")
        add(m.start(), m.end(), _HOST_CHANNEL[m["host"]], handle.lstrip("@"))
    for m in _NAMED_HANDLE.finditer(text, located):
        channel = _CHANNEL_NAMES.get(m["ch"], m["ch"])
        if m["at"]:
            handle = folded.original[slice(*folded.span(*m.span("at")))]
        else:
            handle = _e164(m["num"]) or re.sub(r"\D", "", m["num"])
        add(m.start(), m.end(), channel, handle)
    has_telegram = "tele" in text or "t.me" in text
    for m in _AT_HANDLE.finditer(text) if "@" in text else ():
        handle = folded.original[slice(*folded.span(*m.span("at")))]
        add(m.start(), m.end(), "telegram" if has_telegram else "unknown", handle)
    for m in _CHANNEL_WORD.finditer(text, located):
        add(m.start(), m.end(), _CHANNEL_NAMES.get(m["ch"], m["ch"]), None)
    found.sort(key=_START)
    return tuple(found)


_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s.\-()]{7,17}\d(?!\w)")
_PHONE_BEFORE_DIGITS = re.compile(r"(?:\+\(?|\()\Z")
# The digits every phone match holds. Opening on a digit class, with no lookbehind,
# this is searched by the regex engine's fast scan: one call rules out most texts.
_PHONE_CORE = re.compile(r"\d[\d\s.\-()]{7,17}\d")


# The same numbers recur across posts (a ring reposts its hotline), and parsing one
# with phonenumbers costs more than all the rest of a post's entities.
@lru_cache(maxsize=1 << 14)
def _e164(candidate: str) -> str | None:
    digits = re.sub(r"\D", "", candidate)
    if not 9 <= len(digits) <= 13:
        return None
    try:
        number = phonenumbers.parse(candidate, "VN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _phones(text: str) -> tuple[PhoneRow, ...]:
    found: list[PhoneRow] = []
    seen: set[str] = set()
    # A number opens with a digit, "+" or "(", then a digit.
    core = _PHONE_CORE.search(text) is not None
    for m in _near_digits(_PHONE, text, 2, _PHONE_BEFORE_DIGITS) if core else ():
        raw = m.group()
        # "15.000.000" is money, not a number to call.
        if _GROUPED.fullmatch(raw.strip()):
            continue
        e164 = _e164(raw)
        if e164 and e164 not in seen:
            seen.add(e164)
            found.append((m.start(), m.end(), e164))
    return tuple(found)


_TLDS = (
    "com|net|org|vn|gov|edu|kr|jp|tw|io|me|info|xyz|top|shop|site|online|link|ly|cc|co|"
    "asia|biz|tk|ph|kh|la|th|my|app|club|vip|store|work|jobs|ae|lk|ke|in|sg|uk"
)
_URL = re.compile(
    rf"(?<![@\w.])(?:https?://[^\s<>\"'()]+|www\.[^\s<>\"'()]+|"
    rf"(?:[a-z0-9][a-z0-9-]*\.)+(?:{_TLDS})\b(?:/[^\s<>\"'()]*)?)"
)

# What every URL match holds: a scheme, "www." or a dot before a top-level domain.
# Opening on a literal, the last is searched by the regex engine's fast scan, where
# _URL, opening on a lookbehind, is tried at every position of the text.
_URL_MARKS = ("://", "www.")
_TLD_DOT = re.compile(rf"\.(?:{_TLDS})\b")


@cache
def _psl() -> object:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def _domain(host: str) -> str:
    psl = _psl()
    return psl.privatesuffix(host) or host  # type: ignore[attr-defined]


def _urls(folded: FoldedText) -> tuple[UrlRow, ...]:
    found: list[UrlRow] = []
    text = folded.folded
    marked = any(map(text.__contains__, _URL_MARKS)) or _TLD_DOT.search(text) is not None
    for m in _URL.finditer(text) if marked else ():
        fs, fe = m.start(), m.end()
        while fe > fs and folded.folded[fe - 1] in ".,;:!?":
            fe -= 1
        start, end = folded.span(fs, fe)
        url = folded.original[start:end]
        host = re.sub(r"^https?://", "", url.lower()).split("/")[0].split(":")[0]
        host = host.removeprefix("www.")
        found.append((start, end, url, _domain(host)))
    return tuple(found)


_COMPANY_PREFIX = ANCHORS.add(
    re.compile(
        r"\b(?:cong ty|cty|ctcp|doanh nghiep|tap doan|trung tam)\s+"
        r"(?:tnhh\s+(?:mtv\s+)?|co phan\s+|cp\s+)?"
    )
)
_NAME_WORD = re.compile(r"[ \t]*([^\s,;:()\[\]\"!?|.]+(?:\.[^\s,;:()\[\]\"!?|.]+)*)")
# Words (folded) that end a company name: what the post says next, not the name.
_NAME_STOPS = words(
    "tuyen can thong bao co la giay gp dia chi so tai o dang chuyen xin hotline lien nhan "
    "tim dua cho thuoc voi duoc da se hien cung ma nay chung toi kinh moi phong hop"
)
# Words that end a name even in capitals ("CÔNG TY ABC TUYỂN GẤP").
_NAME_HARD_STOPS = words("tuyen can thong tuyendung hotline lien")
# Every suffix _EN_COMPANY ends with contains one of these.
_EN_COMPANY_MARKS = ("Co", "JSC", "Inc.", "LLC", "Pte")
_EN_COMPANY = re.compile(
    r"\b([A-Z][\w&'\-]+(?:\s+[A-Z][\w&'\-]+){0,5})\s*,?\s+"
    r"(?:Co\.?,?\s*Ltd\.?|Company Limited|Corporation|Corp\.|JSC|Inc\.|LLC|Pte\.? Ltd\.?)"
)


def _recruiters(folded: FoldedText, located: Located) -> tuple[RecruiterRow, ...]:
    original = folded.original
    found: list[RecruiterRow] = []
    for m in _COMPANY_PREFIX.finditer(folded.folded, located):
        start, pos = folded.span(m.start(), m.end())
        # Vietnamese names mix cases ("Công ty TNHH Dịch vụ Quốc tế ABC"): the name runs
        # to the end of the clause or to the first word that starts the sentence proper.
        words = 0
        capitals = 0
        name_end = pos
        while words < 10:
            t = _NAME_WORD.match(original, pos)
            if not t or t.end() == pos:
                break
            word = t.group(1)
            key = word.translate(_FOLD).lower()
            if key in _NAME_HARD_STOPS or (key in _NAME_STOPS and not word[0].isupper()):
                break
            capitals += word[0].isupper() or word[0].isdigit()
            name_end = pos = t.end()
            words += 1
        if capitals == 0:
            continue
        name = original[start:name_end].rstrip(".,-")
        found.append((start, start + len(name), name))
    english = any(map(original.__contains__, _EN_COMPANY_MARKS))
    for m in _EN_COMPANY.finditer(original) if english else ():
        if not any(r[0] <= m.start() < r[1] for r in found):
            found.append((m.start(), m.end(), m.group()))
    return tuple(found)


_LICENCE = re.compile(
    r"\b\d{1,5}\s*/\s*(?:b?ld\s*-?\s*tbxh|bnv|qlldnn)(?:\s*-\s*[a-z]{2,8})?(?![a-z])"
)


_LICENCE_AUTHORITIES = ("tbxh", "bnv", "qlldnn")


def _licences(folded: FoldedText) -> tuple[LicenceRow, ...]:
    found: list[LicenceRow] = []
    text = folded.folded
    # Every licence number holds one of these authorities' names.
    named = any(map(text.__contains__, _LICENCE_AUTHORITIES))
    for m in _near_digits(_LICENCE, text) if named else ():
        start, end = folded.span(m.start(), m.end())
        found.append((start, end, re.sub(r"\s+", "", folded.original[start:end])))
    return tuple(found)


def extract(folded: FoldedText, located: Located | None = None) -> EntityRows:
    """Return every entity found in the text, in order of appearance per kind.

    ``located`` is ``ANCHORS.locate(folded.folded)`` when the caller already has it.
    """
    if located is None:
        located = ANCHORS.locate(folded.folded)
    return extract_all([folded], [located])[0]


def extract_all(folded: Sequence[FoldedText], located: Sequence[Located]) -> list[EntityRows]:
    """``extract`` of each text, one kind of entity found in every text before the next
    (see ``assess.read_all``)."""
    return list(
        map(
            EntityRows,
            list(map(_pay, folded)),
            list(map(_destinations, folded, located)),
            list(map(_contacts, folded, located)),
            [_phones(f.original) for f in folded],
            list(map(_urls, folded)),
            list(map(_recruiters, folded, located)),
            list(map(_licences, folded)),
        )
    )
