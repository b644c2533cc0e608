"""Vietnamese mobile numbers as subscribers give them, in E.164."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


@lru_cache(maxsize=65536)
def normalise(raw: str) -> str | None:
    """``+84912345678`` for "0912 345 678", "84912345678", "+84 912-345-678"; else None."""
    raw = (raw or "").strip()
    if not raw:
        return None
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not raw.startswith("+") and digits.startswith("84") and len(digits) == 11:
        raw = "+" + digits
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 84 or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
