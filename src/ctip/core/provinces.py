"""The 34 provinces and cities in force since 1 July 2025, with the former provinces
merged into each (Resolution of the National Assembly, 2025), from the shipped CSV."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

from ctip.core.text import slug

CSV = Path(__file__).resolve().parent / "data" / "provinces_2025.csv"


def load(province_model: Any) -> int:
    """Create or update the provinces; takes the model so migrations can pass theirs."""
    merged: dict[str, dict[str, Any]] = {}
    with CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["province_since_2025_07_01"].strip()
            entry = merged.setdefault(name, {"kind": row["kind_since_2025"].strip(), "former": []})
            entry["former"].append(row["province_before_2025_07_01"].strip())
    for name, entry in merged.items():
        province_model.objects.update_or_create(
            code=slug(name),
            defaults={"name": name, "kind": entry["kind"], "former_names": sorted(entry["former"])},
        )
    return len(merged)


def former_to_current() -> dict[str, str]:
    """Each of the 63 former provinces (by name) → the code of the province it is part of
    since 1 July 2025; for figures kept before the merger."""
    mapping: dict[str, str] = {}
    with CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            mapping[row["province_before_2025_07_01"].strip()] = slug(
                row["province_since_2025_07_01"].strip()
            )
    return mapping


@cache
def choices() -> tuple[tuple[str, str], ...]:
    """(code, name) of each province, by code (its name without diacritics): the rows
    ``load`` writes, read from the CSV once per process. Provinces are fixed data (only a
    migration writes them), so a page that lists them need not ask the database."""
    names = set()
    with CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            names.add(row["province_since_2025_07_01"].strip())
    return tuple(sorted((slug(name), name) for name in names))
