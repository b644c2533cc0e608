"""The places of a handover: the land border gates with Cambodia and Laos and the main
international airports (``data/border_gates.csv``), each with its province since July 2025."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

from ctip.core.text import slug

CSV = Path(__file__).resolve().parent / "data" / "border_gates.csv"


@dataclass(frozen=True)
class Gate:
    code: str
    name_vi: str
    name_en: str
    province: str  # since 1 July 2025
    country: str  # the neighbour's code; "" for an airport
    neighbour_gate: str
    kind: str  # "land", "land and river", "air"

    @property
    def is_airport(self) -> bool:
        return self.kind == "air"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


@cache
def all_gates() -> dict[str, Gate]:
    gates: dict[str, Gate] = {}
    with CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            gate = Gate(
                code=slug(row["gate_en"]),
                name_vi=row["gate_vi"].strip(),
                name_en=row["gate_en"].strip(),
                province=row["province_since_2025_07_01"].strip(),
                country=row["neighbour_country"].strip(),
                neighbour_gate=row["neighbour_gate"].strip(),
                kind=row["kind"].strip(),
            )
            gates[gate.code] = gate
    return gates


def gate(code: str) -> Gate | None:
    return all_gates().get(code)


def choices() -> list[tuple[str, str]]:
    return [(g.code, g.name) for g in all_gates().values()]
