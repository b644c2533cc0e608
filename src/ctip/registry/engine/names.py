"""Keys under which an enterprise is found: its name, licence number, tax code and phones.

``name_key("Công ty TNHH Dịch vụ Quốc tế ABC")``, ``name_key("Cty TNHH DV Quoc te ABC")``
and ``name_key("CONG TY CP DICH VU QUOC TE ABC")`` differ only where the words differ:
diacritics, case, punctuation and the legal form ("Công ty TNHH", "Cty", "CP", "Cổ phần",
"JSC", "Co., Ltd") are dropped.
"""

from __future__ import annotations

import re

from ctip.intel.engine.base import InvalidIndicator
from ctip.intel.engine.names import fold, normalise_name
from ctip.intel.engine.phones import normalise_phone as _intel_phone


class InvalidValue(ValueError):
    """A value that is not what its field holds; ``code`` says which rule it broke."""

    def __init__(self, code: str, value: str = "") -> None:
        super().__init__(f"{code}: {value!r}")
        self.code = code
        self.value = value


# Legal-form words the shared list leaves: "CP" (cổ phần) and a few abbreviations.
_MORE_FORMS = frozenset({"cp", "tnhh", "mtv", "cty", "ct", "co", "ltd", "jsc"})
# Abbreviations the authority's lists and recruiters' posts use for the same words.
_ABBREVIATIONS = {
    "dv": "dich vu",
    "qt": "quoc te",
    "tm": "thuong mai",
    "xkld": "xuat khau lao dong",
    "xnk": "xuat nhap khau",
    "nl": "nhan luc",
    "ld": "lao dong",
}


def name_key(name: str) -> str:
    """The folded name without its legal form; raises ``InvalidValue("name")`` if empty."""
    try:
        key = normalise_name(name[:300]).key
    except InvalidIndicator:
        raise InvalidValue("name", name) from None
    words = [_ABBREVIATIONS.get(w, w) for w in key.split() if w not in _MORE_FORMS]
    return " ".join(words) or key


# "123/LĐTBXH-GP", "123/LDTBXH-GP", "123 / BLĐTBXH - GP", "45/BNV-GP", "12/QLLĐNN-GP".
_LICENCE = re.compile(
    r"^\s*(\d{1,5})\s*/\s*(b?ld\s*-?\s*tbxh|bnv|qlldnn)\s*(?:-\s*(gp|gpdvnn|gpdv))?\s*$"
)
_AUTHORITY = {"ldtbxh": "LĐTBXH", "bldtbxh": "LĐTBXH", "bnv": "BNV", "qlldnn": "QLLĐNN"}


def normalise_licence(value: str) -> str:
    """The licence number as the authority prints it (``123/LĐTBXH-GP``); raises
    ``InvalidValue("licence")`` when it is not one."""
    folded = fold(value[:60]).replace(" ", "") if value else ""
    # fold() turns "/" and "-" into spaces; read the number from the lowered text instead.
    lowered = value[:60].lower().replace("đ", "d").replace("Đ", "d") if value else ""
    m = _LICENCE.match(lowered)
    if not m or not folded:
        raise InvalidValue("licence", value)
    number, authority = int(m.group(1)), re.sub(r"[\s-]", "", m.group(2))
    if number == 0:
        raise InvalidValue("licence", value)
    return f"{number}/{_AUTHORITY[authority]}-GP"


def licence_key(value: str) -> str:
    """What two spellings of one licence number share: ``123/LDTBXH``."""
    canonical = normalise_licence(value)
    number, rest = canonical.split("/", 1)
    return f"{number}/{fold(rest.removesuffix('-GP')).replace(' ', '').upper()}"


_TAX = re.compile(r"^(\d{10})(?:-?(\d{3}))?$")


def normalise_tax_code(value: str) -> str:
    """A tax code of 10 digits, or 13 for a branch (``0101234567-001``)."""
    compact = re.sub(r"[\s.]", "", value or "")
    m = _TAX.match(compact)
    if not m:
        raise InvalidValue("tax_code", value)
    return m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")


def normalise_phone(value: str) -> str:
    """A phone number in E.164 (``+84912345678``)."""
    try:
        return _intel_phone(value[:40]).key
    except InvalidIndicator:
        raise InvalidValue("phone", value) from None
