"""Identity documents read at intake: the chip-based citizen identity card's QR code and a
passport's machine-readable zone (ICAO Doc 9303), with their checks.

``read_document(text)`` takes what a QR scanner or a pasted scan gives and returns an
:class:`IdentityDocument`, or raises :class:`DocumentError` saying why it cannot be one:

* the citizen card's QR code holds ``number|old number|name|birth date|sex|address|issue
  date`` (dates as ``ddmmyyyy``); its 12-digit number encodes the province of birth
  registration, the century and sex, and the year of birth, so the card's data can be
  checked against itself (:class:`CardDataVerifier`);
* a passport's MRZ (TD3: two lines of 44 characters) or an identity card's (TD1: three
  lines of 30) carries check digits over the document number, the birth date, the expiry
  date, the optional data and the whole: each is verified, and a wrong one is named.

Why this is written here rather than taken from a package: decision 0400.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal, Protocol

DocumentKind = Literal["cccd", "passport", "id_card"]


class DocumentError(ValueError):
    """What was read is not a document we know. ``code``: ``not_a_card``,
    ``bad_number``, ``bad_date``, ``not_mrz``, ``check_digit`` (``field`` names which)."""

    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(f"{code}: {field}" if field else code)
        self.code = code
        self.field = field


@dataclass(frozen=True, slots=True)
class IdentityDocument:
    kind: DocumentKind
    number: str
    full_name: str
    birth_date: dt.date | None
    sex: Literal["male", "female", "unknown"]
    nationality: str = "VNM"  # ICAO three-letter code
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    address: str = ""
    old_number: str = ""
    issuing_state: str = ""


# The citizen card --------------------------------------------------------------------

# Province codes of the 12-digit number (Circular 07/2016/TT-BCA).
PROVINCE_CODES = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)


def _ddmmyyyy(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{8}", value):
        raise DocumentError("bad_date", value)
    try:
        return dt.date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        raise DocumentError("bad_date", value) from None


def _card_sex(value: str) -> Literal["male", "female", "unknown"]:
    folded = value.strip().casefold()
    if folded in ("nam", "male", "m"):
        return "male"
    if folded in ("nữ", "nu", "female", "f"):
        return "female"
    return "unknown"


def read_card_qr(payload: str) -> IdentityDocument:
    """The citizen card's QR payload, or ``DocumentError("not_a_card")``."""
    parts = payload.strip().split("|")
    if len(parts) < 7 or not re.fullmatch(r"\d{12}", parts[0].strip()):
        raise DocumentError("not_a_card")
    number, old, name, birth, sex, address, issued = (p.strip() for p in parts[:7])
    if old and not re.fullmatch(r"\d{9}|\d{12}", old):
        raise DocumentError("not_a_card")
    if not name:
        raise DocumentError("not_a_card")
    return IdentityDocument(
        kind="cccd",
        number=number,
        full_name=" ".join(name.split()),
        birth_date=_ddmmyyyy(birth),
        sex=_card_sex(sex),
        issued_on=_ddmmyyyy(issued),
        address=" ".join(address.split()),
        old_number=old,
        issuing_state="VNM",
    )


# The machine-readable zone -------------------------------------------------------------

_WEIGHTS = (7, 3, 1)


def _value(char: str) -> int:
    if char.isdigit():
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise DocumentError("not_mrz")


def check_digit(data: str) -> str:
    """ICAO 9303 Part 3, 4.9: weights 7, 3, 1 repeated; the sum modulo 10."""
    return str(sum(_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


def _verify(data: str, digit: str, name: str, *, optional: bool = False) -> None:
    # An empty optional field may carry "<" or "0" as its check digit.
    if optional and set(data) <= {"<"} and digit in ("<", "0"):
        return
    if check_digit(data) != digit:
        raise DocumentError("check_digit", name)


def _yymmdd(value: str, *, future: bool, today: dt.date) -> dt.date | None:
    if set(value) <= {"<"}:
        return None
    if not re.fullmatch(r"\d{6}", value):
        raise DocumentError("bad_date", value)
    yy, mm, dd = int(value[:2]), int(value[2:4]), int(value[4:])
    century = 2000 if future or yy <= today.year % 100 else 1900
    try:
        return dt.date(century + yy, mm, dd)
    except ValueError:
        raise DocumentError("bad_date", value) from None


def _mrz_name(value: str) -> str:
    surname, _, given = value.partition("<<")
    words = [w for w in (surname.split("<") + given.split("<")) if w]
    return " ".join(words)


def _mrz_sex(value: str) -> Literal["male", "female", "unknown"]:
    return {"M": "male", "F": "female"}.get(value, "unknown")  # type: ignore[return-value]


_MRZ_LINE = re.compile(r"[A-Z0-9<]+")


def _lines(text: str) -> list[str]:
    lines = [re.sub(r"\s+", "", line).upper() for line in text.strip().splitlines()]
    lines = [line for line in lines if line]
    if not lines or not all(_MRZ_LINE.fullmatch(line) for line in lines):
        raise DocumentError("not_mrz")
    return lines


def read_mrz(text: str, *, today: dt.date | None = None) -> IdentityDocument:
    """A passport's (TD3) or an identity card's (TD1) MRZ, every check digit verified."""
    today = today or dt.datetime.now(dt.UTC).date()
    lines = _lines(text)
    if len(lines) == 2 and all(len(line) == 44 for line in lines) and lines[0][0] == "P":
        return _td3(lines, today)
    if len(lines) == 3 and all(len(line) == 30 for line in lines):
        return _td1(lines, today)
    raise DocumentError("not_mrz")


def _td3(lines: list[str], today: dt.date) -> IdentityDocument:
    first, second = lines
    number, number_check = second[0:9], second[9]
    birth, birth_check = second[13:19], second[19]
    expiry, expiry_check = second[21:27], second[27]
    personal, personal_check = second[28:42], second[42]
    _verify(number, number_check, "document_number")
    _verify(birth, birth_check, "birth_date")
    _verify(expiry, expiry_check, "expiry_date")
    _verify(personal, personal_check, "personal_number", optional=True)
    _verify(second[0:10] + second[13:20] + second[21:43], second[43], "composite")
    return IdentityDocument(
        kind="passport",
        number=number.replace("<", ""),
        full_name=_mrz_name(first[5:44]),
        birth_date=_yymmdd(birth, future=False, today=today),
        sex=_mrz_sex(second[20]),
        nationality=second[10:13].replace("<", ""),
        expires_on=_yymmdd(expiry, future=True, today=today),
        old_number=personal.replace("<", ""),
        issuing_state=first[2:5].replace("<", ""),
    )


def _td1(lines: list[str], today: dt.date) -> IdentityDocument:
    first, second, third = lines
    if first[0] not in "ACI":
        raise DocumentError("not_mrz")
    number, number_check = first[5:14], first[14]
    _verify(number, number_check, "document_number")
    birth, birth_check = second[0:6], second[6]
    expiry, expiry_check = second[8:14], second[14]
    _verify(birth, birth_check, "birth_date")
    _verify(expiry, expiry_check, "expiry_date")
    _verify(first[5:30] + second[0:7] + second[8:15] + second[18:29], second[29], "composite")
    optional = first[15:30].replace("<", "")
    return IdentityDocument(
        kind="id_card",
        # Viet Nam's cards put the 12-digit citizen number in the optional data.
        number=optional if re.fullmatch(r"\d{12}", optional) else number.replace("<", ""),
        full_name=_mrz_name(third),
        birth_date=_yymmdd(birth, future=False, today=today),
        sex=_mrz_sex(second[7]),
        nationality=second[15:18].replace("<", ""),
        expires_on=_yymmdd(expiry, future=True, today=today),
        old_number=number.replace("<", "") if optional else "",
        issuing_state=first[2:5].replace("<", ""),
    )


def read_document(text: str, *, today: dt.date | None = None) -> IdentityDocument:
    """A citizen card's QR payload or an MRZ, whichever ``text`` is."""
    text = (text or "")[:2000]
    if "|" in text:
        return read_card_qr(text)
    try:
        return read_mrz(text, today=today)
    except DocumentError as error:
        if error.code == "not_mrz" and re.fullmatch(r"[\d\s|]*", text.strip() or "x"):
            raise DocumentError("not_a_card") from None
        raise


# Verification --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verification:
    """``consistent``: nothing contradicts the document; ``inconsistent``: ``reasons``
    say what does; ``unverified``: the verifier could not tell."""

    status: Literal["consistent", "inconsistent", "unverified"]
    reasons: tuple[str, ...] = field(default_factory=tuple)
    source: str = ""


class IdentityVerifier(Protocol):
    """Checks a document read at intake against an authority.

    The national population database (through the Ministry of Public Security's
    identification service) can confirm that a citizen number exists and belongs to the
    name and birth date read; using it needs an agreement and credentials CTIP does not
    hold. An implementation of this Protocol for it answers the same :class:`Verification`
    and is registered in place of :class:`CardDataVerifier`; nothing else changes.
    """

    def verify(self, document: IdentityDocument) -> Verification: ...


class CardDataVerifier:
    """The verification that works without any agreement: the document's own data.

    A citizen number's first three digits are the province where the birth was
    registered; the fourth gives the century of birth and the sex (0/1: 1900s, man/woman;
    2/3: 2000s; 4/5: 2100s ...); the fifth and sixth the year of birth. A passport's check
    digits were verified when it was read, and its expiry is checked here.
    """

    source = "document"

    def verify(self, document: IdentityDocument) -> Verification:
        reasons: list[str] = []
        number = document.number
        if document.kind == "cccd" or (document.kind == "id_card" and len(number) == 12):
            if not re.fullmatch(r"\d{12}", number):
                reasons.append("number_format")
            else:
                if number[:3] not in PROVINCE_CODES:
                    reasons.append("province_code")
                code = int(number[3])
                century = 1900 + 100 * (code // 2)
                sex = "male" if code % 2 == 0 else "female"
                if document.sex != "unknown" and sex != document.sex:
                    reasons.append("sex")
                if document.birth_date is not None and (
                    document.birth_date.year != century + int(number[4:6])
                ):
                    reasons.append("birth_year")
        today = dt.datetime.now(dt.UTC).date()
        if document.expires_on is not None and document.expires_on < today:
            reasons.append("expired")
        if reasons:
            return Verification("inconsistent", tuple(reasons), self.source)
        return Verification("consistent", (), self.source)
