"""Short-message text: GSM 03.38 or UCS-2, parts and cost, and the unaccented variant.

A text whose every character is in the GSM 03.38 default alphabet (or its extension
table, where a character counts twice) is sent as GSM-7: 160 characters in one part,
153 a part once it is split (the concatenation header takes 7). Any other character
makes the whole text UCS-2: 70 in one part, 67 a part after.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>"
    "?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "^{}\\[~]|€\f"
_BASIC = {c: i for i, c in enumerate(GSM_BASIC) if c != "\x1b"}
_EXTENSION = {
    "^": 0x14,
    "{": 0x28,
    "}": 0x29,
    "\\": 0x2F,
    "[": 0x3C,
    "~": 0x3D,
    "]": 0x3E,
    "|": 0x40,
    "€": 0x65,
    "\f": 0x0A,
}


class Encoding(StrEnum):
    GSM7 = "gsm7"
    UCS2 = "ucs2"


# SMPP data_coding for each encoding (0: the SMSC's default alphabet, GSM 03.38).
DATA_CODING = {Encoding.GSM7: 0x00, Encoding.UCS2: 0x08}
SINGLE = {Encoding.GSM7: 160, Encoding.UCS2: 70}
PART = {Encoding.GSM7: 153, Encoding.UCS2: 67}


@dataclass(frozen=True)
class Segments:
    encoding: Encoding
    characters: int  # as the network counts them (GSM-7 extension characters count two)
    parts: int
    per_part: int
    remaining: int  # characters left in the last part


def is_gsm7(text: str) -> bool:
    return all(c in _BASIC or c in _EXTENSION for c in text)


def gsm7_length(text: str) -> int:
    return sum(2 if c in _EXTENSION else 1 for c in text)


def ucs2_length(text: str) -> int:
    # Characters outside the basic plane take two UTF-16 code units.
    return len(text.encode("utf-16-be")) // 2


def best_encoding(text: str) -> Encoding:
    return Encoding.GSM7 if is_gsm7(text) else Encoding.UCS2


def segments(text: str, encoding: Encoding | None = None) -> Segments:
    """How the network will carry ``text``; raises ValueError if it cannot in ``encoding``."""
    encoding = encoding or best_encoding(text)
    if encoding == Encoding.GSM7:
        if not is_gsm7(text):
            raise ValueError("not GSM-7")
        length = gsm7_length(text)
    else:
        length = ucs2_length(text)
    if length <= SINGLE[encoding]:
        return Segments(
            encoding, length, 1 if length else 0, SINGLE[encoding], SINGLE[encoding] - length
        )
    per_part = PART[encoding]
    parts = -(-length // per_part)
    return Segments(encoding, length, parts, per_part, parts * per_part - length)


def outside_gsm7(text: str) -> list[str]:
    """The distinct characters of ``text`` that GSM-7 cannot carry, in order of appearance."""
    seen: dict[str, None] = {}
    for c in text:
        if c not in _BASIC and c not in _EXTENSION:
            seen.setdefault(c, None)
    return list(seen)


_FOLD = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
# Typographic characters outside GSM-7 and their plain equivalents.
_PLAIN = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " "}
)


def unaccented(text: str) -> str:
    """Vietnamese without diacritics ("Cảnh báo lừa đảo" -> "Canh bao lua dao")."""
    text = text.translate(_FOLD).translate(_PLAIN)
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def encode(text: str, encoding: Encoding) -> bytes:
    """The octets of ``short_message``: GSM 03.38 one septet an octet, or UTF-16BE."""
    if encoding == Encoding.UCS2:
        return text.encode("utf-16-be")
    out = bytearray()
    for c in text:
        if c in _BASIC:
            out.append(_BASIC[c])
        elif c in _EXTENSION:
            out += bytes((0x1B, _EXTENSION[c]))
        else:
            raise ValueError(f"not GSM-7: {c!r}")
    return bytes(out)


def decode(data: bytes, data_coding: int) -> str:
    """Text of an inbound ``short_message`` (a reply or a receipt)."""
    if data_coding == 0x08:
        return data.decode("utf-16-be", errors="replace")
    if data_coding in (0x01, 0x03):  # IA5/ASCII, Latin-1
        return data.decode("latin-1")
    reverse = {v: k for k, v in _BASIC.items()}
    ext = {v: k for k, v in _EXTENSION.items()}
    out, escape = [], False
    for b in data:
        if escape:
            out.append(ext.get(b, " "))
            escape = False
        elif b == 0x1B:
            escape = True
        else:
            out.append(reverse.get(b, chr(b) if b < 0x80 else "?"))
    return "".join(out)


def split(text: str, encoding: Encoding) -> list[bytes]:
    """The encoded parts, each a whole number of characters (no escape split in two)."""
    seg = segments(text, encoding)
    if seg.parts <= 1:
        return [encode(text, encoding)]
    parts: list[bytes] = []
    current = bytearray()
    unit_limit = seg.per_part * (2 if encoding == Encoding.UCS2 else 1)
    for c in text:
        piece = encode(c, encoding)
        if len(current) + len(piece) > unit_limit:
            parts.append(bytes(current))
            current = bytearray()
        current += piece
    if current:
        parts.append(bytes(current))
    return parts
