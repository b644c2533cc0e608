"""Recruiter and company names: folded for search and display, never used to link reports."""

from __future__ import annotations

import re
import unicodedata

from ctip.core.engine.labels import Label

from .base import Indicator, InvalidIndicator, clean

# đ/Đ is a letter of its own, not d plus a combining mark, so NFD leaves it alone.
_LETTER_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ł": "l", "ø": "o", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Folded legal-form words and phrases, longest first so "cong ty co phan" goes before
# "cong ty". They say what kind of company it is, not which one, and scammers vary them.
_LEGAL_FORMS = sorted(
    (
        "cong ty trach nhiem huu han mot thanh vien",
        "cong ty trach nhiem huu han",
        "trach nhiem huu han",
        "mot thanh vien",
        "cong ty co phan",
        "cong ty tnhh mtv",
        "cong ty tnhh",
        "cong ty cp",
        "co phan",
        "cong ty",
        "doanh nghiep tu nhan",
        "tap doan",
        "chi nhanh",
        "tnhh",
        "mtv",
        "ctcp",
        "dntn",
        "cty",
        "co ltd",
        "company limited",
        "joint stock company",
        "limited liability company",
        "public company limited",
        "company",
        "limited",
        "ltd",
        "jsc",
        "llc",
        "plc",
        "inc",
        "corp",
        "corporation",
        "group",
        "pte",
    ),
    key=len,
    reverse=True,
)
_LEGAL_FORM_RE = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in _LEGAL_FORMS) + r")\b")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: no diacritics, no punctuation."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTER_MAP))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", stripped.lower()).strip()


def normalise_name(value: str) -> Indicator:
    """Fold a recruiter or company name and strip legal-form words; raise if nothing is left."""
    text = " ".join(clean(value).split())
    folded = fold(text)
    core = " ".join(_LEGAL_FORM_RE.sub(" ", folded).split())
    if not core:
        if not folded:
            raise InvalidIndicator(Label("Enter a name."))
        # A name that is only legal-form words is still a name someone typed.
        core = folded
    return Indicator(kind="name", key=core, display=text, links=False)
