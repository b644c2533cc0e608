"""Fixed reference data: exchange rates, pay periods, places and countries."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str
    hub: bool
    border: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    rates: dict[str, float]
    periods: dict[str, float]
    high_risk_countries: frozenset[str]
    # alias (folded) -> place; countries are places too, named by their English name.
    places: dict[str, Place]
    place_pattern: re.Pattern[str]
    # Every word (run of [a-z0-9]) a match of ``place_pattern`` can begin with.
    place_first_words: frozenset[str]


@cache
def lexicon() -> Lexicon:
    raw: dict[str, Any] = json.loads((DATA_DIR / "lexicon.json").read_text("utf-8"))
    rates = {k: float(v) for k, v in raw["exchange_rates"].items() if not k.startswith("_")}
    periods = {k: float(v) for k, v in raw["periods_per_month"].items() if not k.startswith("_")}
    places: dict[str, Place] = {}
    high_risk: set[str] = set()
    for code, country in raw["countries"].items():
        if country.get("high_risk"):
            high_risk.add(code)
        place = Place(country["name"], code, hub=False, border=False)
        for alias in country["aliases"]:
            places[alias] = place
    for name, info in raw["places"].items():
        if name.startswith("_"):
            continue
        place = Place(name, info["country"], bool(info["hub"]), bool(info.get("border")))
        for alias in info["aliases"]:
            places[alias] = place
    # Longest alias first so "kk park" wins over shorter overlapping names; spaces in
    # an alias match any run of spaces, hyphens or dots ("poi-pet", "kk.park").
    aliases = sorted(places, key=lambda a: (-len(a), a))
    body = "|".join(re.escape(a).replace(r"\ ", r"[\s.\-]*") for a in aliases)
    pattern = re.compile(rf"(?<![a-z0-9_@/.])(?:{body})(?![a-z0-9_])")
    first = frozenset(w for a in aliases for w in first_words(a))
    return Lexicon(rates, periods, frozenset(high_risk), places, pattern, first)


_ALNUM_RUN = re.compile(r"[a-z0-9]*")


def first_words(alias: str) -> list[str]:
    """The words a match of ``alias`` in ``place_pattern`` can begin with.

    The alias's own words ("a rap xe ut") are matched with any run of spaces, dots or
    hyphens between them, none included ("arapxeut"), and none of those is a letter or
    a digit: the text's first word is the first one, two, ... of them run together,
    up to the first that holds something else ("kk-park" gives "kk" alone).
    """
    out: list[str] = []
    run = ""
    for word in alias.split(" "):
        lead = _ALNUM_RUN.match(word)
        assert lead is not None  # noqa: S101 - matches the empty string at worst
        run += lead.group()
        out.append(run)
        if lead.end() < len(word):
            break
    return out


def place_for(alias_text: str) -> Place | None:
    """Return the place an alias (as found in folded text) names."""
    key = re.sub(r"[\s.\-]+", " ", alias_text).strip()
    lex = lexicon()
    return lex.places.get(key) or lex.places.get(key.replace(" ", ""))
