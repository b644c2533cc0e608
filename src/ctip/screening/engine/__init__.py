"""Pure-Python job-offer screening engine (no Django): see docs/apps/screening.md."""

from .assess import BANDS, assess, band
from .lookup import IndicatorFact, IndicatorLookup, IndicatorQuery, InMemoryLookup
from .text import InvalidText
from .types import (
    CATEGORIES,
    Assessment,
    Contact,
    Destination,
    Entities,
    Flag,
    Licence,
    Pay,
    Phone,
    Recruiter,
    Url,
)

__all__ = [
    "BANDS",
    "CATEGORIES",
    "Assessment",
    "Contact",
    "Destination",
    "Entities",
    "Flag",
    "InMemoryLookup",
    "IndicatorFact",
    "IndicatorLookup",
    "IndicatorQuery",
    "InvalidText",
    "Licence",
    "Pay",
    "Phone",
    "Recruiter",
    "Url",
    "assess",
    "band",
]
