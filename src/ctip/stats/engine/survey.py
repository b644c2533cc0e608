"""Victimisation survey estimates: design-based prevalence and a test between two years.

The estimation is svy's (Taylor linearisation with strata, clusters and weights, validated
against R's survey package); this module only reads the microdata and refuses bad files.
"""

from __future__ import annotations

import csv
import io
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import svy

REQUIRED = ("year", "stratum", "weight", "victim")
OPTIONAL = ("psu",)
MAX_ROWS = 2_000_000


class SurveyError(ValueError):
    """A survey file that cannot be used; ``problems`` lists (row, column, what)."""

    def __init__(self, problems: Sequence[tuple[int, str, str]]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the survey file")
        self.problems = list(problems)


@dataclass(frozen=True)
class Response:
    year: int
    stratum: str
    psu: str
    weight: float
    victim: int


@dataclass(frozen=True)
class Prevalence:
    year: int
    estimate: float  # proportion, 0..1
    low: float
    high: float
    se: float
    respondents: int


@dataclass(frozen=True)
class Difference:
    first: int
    second: int
    estimate: float  # second - first
    low: float
    high: float
    p_value: float

    @property
    def significant(self) -> bool:
        return self.p_value < 0.05


def read_csv(data: bytes) -> list[Response]:
    """Columns year, stratum, weight, victim (0/1 or yes/no) and optionally psu."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SurveyError([(0, "", "not_utf8")]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SurveyError([(0, c, "missing_column") for c in missing])
    out: list[Response] = []
    problems: list[tuple[int, str, str]] = []
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS:
            raise SurveyError([(number, "", "too_many_rows")])
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        try:
            year = int(row["year"])
        except ValueError:
            problems.append((number, "year", "not_a_year"))
            continue
        try:
            weight = float(row["weight"].replace(",", "."))
        except ValueError:
            problems.append((number, "weight", "missing_weight"))
            continue
        if not math.isfinite(weight) or weight <= 0:
            problems.append((number, "weight", "missing_weight"))
            continue
        victim = {"1": 1, "0": 0, "yes": 1, "no": 0, "có": 1, "không": 0}.get(row["victim"].lower())
        if victim is None:
            problems.append((number, "victim", "not_yes_no"))
            continue
        if not row["stratum"]:
            problems.append((number, "stratum", "missing_stratum"))
            continue
        out.append(
            Response(year, row["stratum"], row.get("psu", "") or str(number), weight, victim)
        )
    if problems:
        raise SurveyError(problems)
    if not out:
        raise SurveyError([(0, "", "empty")])
    return out


def _sample(responses: Sequence[Response]) -> svy.Sample:
    # Imported here, not at start-up: only a survey estimate needs them.
    import polars as pl
    import svy

    frame = pl.DataFrame(
        {
            "year": [r.year for r in responses],
            "stratum": [r.stratum for r in responses],
            "psu": [r.psu for r in responses],
            "weight": [r.weight for r in responses],
            "victim": [r.victim for r in responses],
        }
    )
    design = svy.Design(stratum="stratum", psu="psu", wgt="weight")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return svy.Sample(data=frame, design=design)


def _by_year(responses: Sequence[Response]) -> svy.Estimate:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = _sample(responses).estimation.prop(y="victim", by="year")
    if isinstance(result, list):  # one estimate per outcome variable; we ask for one
        result = result[0]
    return result


def prevalence(responses: Sequence[Response]) -> list[Prevalence]:
    counts: dict[int, int] = {}
    for r in responses:
        counts[r.year] = counts.get(r.year, 0) + 1
    out = []
    for row in _by_year(responses).to_dicts():
        if row["y_level"] != 1:
            continue
        year = int(row["by_level"][0])
        out.append(Prevalence(year, row["est"], row["lci"], row["uci"], row["se"], counts[year]))
    return sorted(out, key=lambda p: p.year)


def difference(responses: Sequence[Response], first: int, second: int) -> Difference:
    estimate = _by_year(responses)
    keys = set(estimate.keys())
    if (first, 1) not in keys or (second, 1) not in keys:
        raise SurveyError([(0, "year", "year_not_in_survey")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = estimate.contrast({"diff": {(second, 1): 1, (first, 1): -1}}).to_dicts()[0]
    return Difference(first, second, result["est"], result["lci"], result["uci"], result["p_value"])
