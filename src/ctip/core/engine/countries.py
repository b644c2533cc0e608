"""Countries (ISO 3166-1) by their codes and their Vietnamese and English names.

Codes and English names come from pycountry; Vietnamese names from the CLDR, shipped in
``core/data/countries_vi.csv`` (``scripts/build_country_names.py`` writes it). :func:`find`
reads what a person typed: "Campuchia", "Cambodia", "Cam-pu-chia", "campuchia", "KH" or
"KHM" all give Cambodia. Matching ignores case, diacritics, hyphens, spaces and
punctuation. Upper-case two- and three-letter input is read as a code first ("NGA" is
Nigeria), anything else as a name first ("Nga" is Russia, in Vietnamese).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

DATA = Path(__file__).resolve().parent.parent / "data" / "countries_vi.csv"


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2
    alpha_3: str
    name_en: str
    name_vi: str
    aliases: tuple[str, ...] = ()

    def name(self, language: str) -> str:
        return self.name_vi if language.startswith("vi") else self.name_en


def fold(text: str) -> str:
    """Lower case without diacritics, hyphens, spaces or punctuation."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return re.sub(r"[\W_]", "", "".join(c for c in text if unicodedata.category(c) != "Mn"))


@dataclass(frozen=True)
class _Index:
    by_code: dict[str, Country]
    by_name: dict[str, Country | None]  # None: the name fits more than one country


@cache
def _index() -> _Index:
    with DATA.open(encoding="utf-8") as f:
        vi = {row["alpha_2"]: row for row in csv.DictReader(f)}
    by_code: dict[str, Country] = {}
    by_name: dict[str, Country | None] = {}
    for c in pycountry.countries:
        row = vi[c.alpha_2]
        country = Country(
            code=c.alpha_2,
            alpha_3=c.alpha_3,
            name_en=getattr(c, "common_name", None) or c.name,
            name_vi=row["name_vi"],
            aliases=tuple(a for a in row["aliases_vi"].split("|") if a),
        )
        by_code[c.alpha_2] = by_code[c.alpha_3] = country
        names = {
            country.name_en,
            c.name,
            getattr(c, "official_name", None) or c.name,
            country.name_vi,
            *country.aliases,
        }
        for name in names:
            key = fold(name)
            if key:
                other = by_name.get(key, country)
                by_name[key] = country if other == country else None
    return _Index(by_code, by_name)


def all_countries() -> list[Country]:
    return sorted({c.code: c for c in _index().by_code.values()}.values(), key=lambda c: c.code)


def get(code: str) -> Country | None:
    """The country of an alpha-2 or alpha-3 code (any case), or None."""
    return _index().by_code.get((code or "").strip().upper())


def find(text: str) -> Country | None:
    """The one country ``text`` names (a code, a name in Vietnamese or English, or a
    list label such as "Campuchia — Cambodia"), or None."""
    text = unicodedata.normalize("NFC", text or "").strip()
    if not text:
        return None
    index = _index()
    if re.fullmatch(r"[A-Z]{2,3}", text) and text in index.by_code:
        return index.by_code[text]
    parts = [text, *(p.strip() for p in re.split(r"\s+[—–]\s+|[()]", text) if p.strip())]
    for part in parts:
        found = index.by_name.get(fold(part))
        if found is not None:
            return found
    if re.fullmatch(r"[A-Za-z]{2,3}", text):
        return index.by_code.get(text.upper())
    return None
