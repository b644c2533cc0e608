"""The law as configured data: Penal Code articles and Criminal Procedure Code time limits.

The numbers and their sources live in ``data/law.json`` (see docs/apps/proceedings.md);
code asks this module, never a literal.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

SERIOUSNESS_ORDER = ("less_serious", "serious", "very_serious", "especially_serious")


@dataclass(frozen=True)
class Article:
    code: str
    title_vi: str
    title_en: str
    seriousness: str
    under_16: bool
    trafficking: bool

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "vi").startswith("en") else self.title_vi

    @property
    def label(self) -> str:
        return f"{self.code} – {self.title}"


@dataclass(frozen=True)
class Extension:
    by: str
    max_days: int
    source: str


@dataclass(frozen=True)
class Law:
    resolve_days: int
    resolve_source: str
    extensions: tuple[Extension, ...]
    stage_limits: dict[str, dict[str, int]]
    stage_sources: dict[str, str]
    articles: dict[str, Article]


@cache
def law() -> Law:
    raw: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "law.json").read_text())
    den = raw["denunciation"]
    return Law(
        resolve_days=int(den["resolve_days"]),
        resolve_source=den["resolve_source"],
        extensions=tuple(
            Extension(e["by"], int(e["max_days"]), e["source"]) for e in den["extensions"]
        ),
        stage_limits={
            k: {s: int(d) for s, d in v["days"].items()} for k, v in raw["stage_limits"].items()
        },
        stage_sources={k: v["source"] for k, v in raw["stage_limits"].items()},
        articles={a["code"]: Article(**a) for a in raw["articles"]},
    )


def article(code: str) -> Article | None:
    return law().articles.get(code)


def article_choices() -> list[tuple[str, str]]:
    return [(a.code, a.label) for a in law().articles.values()]


def stage_deadline(limit: str, seriousness: str, start: dt.date) -> dt.date | None:
    days = law().stage_limits.get(limit, {}).get(seriousness)
    return start + dt.timedelta(days=days) if days is not None else None


def most_serious(codes: list[str], default: str = "serious") -> str:
    ranks = [SERIOUSNESS_ORDER.index(a.seriousness) for c in codes if (a := article(c))]
    return SERIOUSNESS_ORDER[max(ranks)] if ranks else default
