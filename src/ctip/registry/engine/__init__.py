"""The registry's computation, pure Python: names, licence numbers, fees and their caps."""

from .caps import CAPS, Cap, FeeCheck, caps_for, check_fee
from .fees import Fee, FeeError, find_fees, read_fee
from .names import (
    InvalidValue,
    licence_key,
    name_key,
    normalise_licence,
    normalise_phone,
    normalise_tax_code,
)

__all__ = [
    "CAPS",
    "Cap",
    "Fee",
    "FeeCheck",
    "FeeError",
    "InvalidValue",
    "caps_for",
    "check_fee",
    "find_fees",
    "licence_key",
    "name_key",
    "normalise_licence",
    "normalise_phone",
    "normalise_tax_code",
    "read_fee",
]
