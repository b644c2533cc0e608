"""Phone numbers to E.164, with Viet Nam's dialling habits and the 2018 renumbering."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

import phonenumbers
from phonenumbers import carrier

from ctip.core.engine.labels import Label

from .base import Indicator, InvalidIndicator, clean

DEFAULT_REGION = "VN"
_SEPARATORS = re.compile(r"[\s.\-()/\\]+")
_ALLOWED = re.compile(r"\+?\d+")
# Viet Nam's mobile ranges after the 2018 renumbering: nine digits after +84, starting
# 3, 5, 7, 8 or 9. Carriers open new blocks (089x, 05[2-9]x ...) before the phone-number
# metadata lists them, and a wallet or SIM on such a block is as real as any other.
_VN_MOBILE = re.compile(r"\+84[35789]\d{8}")


def _load_renumbering() -> dict[str, str]:
    data = json.loads(resources.files(__package__).joinpath("data/vn_mobile_2018.json").read_text())
    # Keyed without the trunk 0: national significant numbers start after it.
    return {old[1:]: new[1:] for old, new in data["prefixes"].items()}


VN_MOBILE_2018: dict[str, str] = _load_renumbering()


def _renumber_vn(national: str) -> str:
    """Rewrite an old 10-digit national significant number (11 digits with the 0)."""
    if len(national) == 10 and national[:3] in VN_MOBILE_2018:
        return VN_MOBILE_2018[national[:3]] + national[3:]
    return national


def _to_international(compact: str) -> str:
    """Turn the ways people write a number into one ``+<country><number>`` string."""
    if compact.startswith("+"):
        return compact
    if compact.startswith("00"):
        return "+" + compact[2:]
    if compact.startswith("084") and len(compact) == 12:
        # "(084) 912 345 678": the country code written behind a trunk 0.
        return "+" + compact[1:]
    if compact.startswith("0"):
        return "+84" + compact[1:]
    # "84912345678" and "841623456789": Vietnamese numbers written with the country code
    # but without the plus. A 9- or 10-digit national number cannot start with 84 (no
    # such mobile or area code after the 0), so this reading is unambiguous.
    if compact.startswith("84") and len(compact) in (11, 12):
        return "+" + compact
    # A bare national number without its trunk 0 ("912345678").
    return "+84" + compact


@lru_cache(maxsize=1 << 18)
def _from_international(international: str) -> Indicator | None:
    # Cached on the canonical digit string, not on what was typed, so every spelling of
    # a number shares one entry: the phonenumbers checks are most of the import's cost.
    try:
        number = phonenumbers.parse(international, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) and not _VN_MOBILE.fullmatch(international):
        return None
    return Indicator(
        kind="phone",
        key=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        display=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
    )


def normalise_phone(value: str) -> Indicator:
    """Return the phone number as an E.164 indicator, or raise `InvalidIndicator`."""
    text = clean(value)
    compact = _SEPARATORS.sub("", text)
    if not compact:
        raise InvalidIndicator(Label("Enter a phone number."))
    if not _ALLOWED.fullmatch(compact):
        raise InvalidIndicator(
            Label("A phone number has only digits, spaces and a leading +: “{value}”.", value=text)
        )
    international = _to_international(compact)
    if international.startswith("+84"):
        # "+84 0912…": the trunk 0 kept after the country code is a common slip.
        national = international[3:].removeprefix("0")
        international = "+84" + _renumber_vn(national)
    found = _from_international(international)
    if found is None:
        raise InvalidIndicator(
            Label(
                "“{value}” is not a valid phone number: check the number of digits and, for a "
                "number abroad, the country code (+855, +95, +856, +66, +86 ...).",
                value=text,
            )
        )
    return found


def operator_code(e164: str) -> str | None:
    """The mobile operator of a number's range ("viettel", "vinaphone", "mobifone",
    "vietnamobile", "gmobile"), from the phonenumbers carrier metadata; None when the
    range has no known operator. A number ported since keeps its range's operator."""
    try:
        parsed = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None
    name = carrier.name_for_number(parsed, "en")
    code = "".join(ch for ch in name.casefold() if ch.isalnum())
    return code or None
