"""Provinces: the 34 in force since 1 July 2025, and the 63 before them mapped onto them.

Addresses typed at a border post or read from an old identity card name provinces in every
form: "TP. Hồ Chí Minh", "tinh Ha Giang", "Thừa Thiên - Huế", "79". All resolve to one
current province, and a former name is kept as such for historical statistics.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ctip.cases.engine.names import fold

# Administrative prefixes, already folded, longest first so "thanh pho" wins over "tp".
_PREFIXES = ("thanh pho", "tinh", "tp")
_SPACES = re.compile(r"\s+")


def default_provinces_csv() -> Path:
    """The mapping the platform ships in core; the engine does not keep its own copy."""
    return Path(__file__).resolve().parents[2] / "core" / "data" / "provinces_2025.csv"


def default_codes_csv() -> Path:
    return Path(
        str(resources.files("ctip.cases.engine").joinpath("data", "province_codes_2025.csv"))
    )


def normalise_province_name(text: str) -> str:
    folded = fold(text)
    for prefix in _PREFIXES:
        if folded.startswith(prefix + " "):
            folded = folded[len(prefix) + 1 :]
            break
    return _SPACES.sub(" ", folded).strip()


class UnknownProvince(ValueError):
    def __init__(self, text: str, suggestions: tuple[str, ...]) -> None:
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown province {text!r}{hint}")
        self.text = text
        self.suggestions = suggestions


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class ProvinceMatch:
    province: Province
    # The pre-July-2025 province the input named, when it named one that was merged away.
    former_name: str | None


@dataclass(frozen=True)
class ProvinceDirectory:
    provinces: Mapping[str, Province]
    former: Mapping[str, tuple[str, str]]
    by_name: Mapping[str, Province]

    @classmethod
    def load(
        cls, mapping_csv: Path | None = None, codes_csv: Path | None = None
    ) -> ProvinceDirectory:
        """Read the 63→34 mapping and the codes; refuse files that disagree."""
        mapping_path = mapping_csv or default_provinces_csv()
        codes_path = codes_csv or default_codes_csv()
        with codes_path.open(encoding="utf-8", newline="") as handle:
            codes = {
                row["province_since_2025_07_01"]: row["code"] for row in csv.DictReader(handle)
            }
        current: dict[str, Province] = {}
        former: dict[str, tuple[str, str]] = {}
        with mapping_path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                name = row["province_since_2025_07_01"].strip()
                if name not in codes:
                    raise ValueError(f"{codes_path.name} has no code for {name!r}")
                current.setdefault(name, Province(codes[name], name, row["kind_since_2025"]))
                old = row["province_before_2025_07_01"].strip()
                former[normalise_province_name(old)] = (old, name)
        if set(codes) != set(current):
            extra = sorted(set(codes) - set(current))
            raise ValueError(f"codes for provinces not in {mapping_path.name}: {extra}")
        by_code = {p.code: p for p in current.values()}
        if len(by_code) != len(current):
            raise ValueError("two provinces share a code")
        by_name = {normalise_province_name(p.name): p for p in by_code.values()}
        return cls(provinces=by_code, former=former, by_name=by_name)

    def resolve(self, text: str) -> ProvinceMatch:
        """A code, a current name or a former name, with or without diacritics or prefix."""
        raw = text.strip()
        if raw.isdigit():
            code = raw.zfill(2)
            if code in self.provinces:
                return ProvinceMatch(self.provinces[code], None)
            raise UnknownProvince(text, ())
        key = normalise_province_name(raw)
        current = self.by_name
        if key in current:
            return ProvinceMatch(current[key], None)
        key = _ALIASES.get(key, key)
        if key in self.former:
            old, new = self.former[key]
            province = current[normalise_province_name(new)]
            return ProvinceMatch(province, None if old == province.name else old)
        candidates = sorted(set(current) | set(self.former))
        close = difflib.get_close_matches(key, candidates, n=3, cutoff=0.75)
        names = tuple(current[c].name if c in current else self.former[c][0] for c in close)
        raise UnknownProvince(text, names)

    def is_valid(self, text: str) -> bool:
        try:
            self.resolve(text)
        except UnknownProvince:
            return False
        return True


# Spellings seen on forms that folding alone does not reconcile.
_ALIASES: Mapping[str, str] = {
    "ho chi minh city": "ho chi minh",
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "dac lac": "dak lak",
    "dac nong": "dak nong",
    # Merged into Hà Nội in 2008, still printed on old identity cards and birth records.
    "ha tay": "ha noi",
}
