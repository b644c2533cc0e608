"""A year's national tables served from precomputed monthly aggregates.

    DATABASE_URL=sqlite:////tmp/ctip-bench/stats.sqlite3 \\
        uv run python bench/stats/bench_tables.py --cases 1000000

Measures the serving path only: the monthly aggregates of ``cases.received`` are written
as the refresh would leave them for a year of ``--cases`` cases (spread over 34 provinces
and the sexes with realistic skew, so some cells are small), then each table is built as
the page builds it (sum the months, count the year before and the period before, protect
all three with the disclosure engine). Counting the records into the aggregates (the
background refresh) is not measured here.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[2] / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from ctip.core import provinces  # noqa: E402
from ctip.core.engine.periods import parse_period  # noqa: E402
from ctip.core.models import Province  # noqa: E402
from ctip.stats import selectors  # noqa: E402
from ctip.stats.models import Aggregate  # noqa: E402

SEXES = ("female", "male", "other", "unknown")
SEX_SHARE = (0.38, 0.58, 0.01, 0.03)


def seed(cases: int, rng: random.Random) -> None:
    Aggregate.objects.all().delete()
    codes = sorted(Province.objects.values_list("code", flat=True))
    weights = [rng.paretovariate(1.2) for _ in codes]
    scale = sum(weights)
    rows = []
    for year in (2024, 2025):
        for month in range(1, 13):
            by_cell = {}
            for code, w in zip(codes, weights, strict=True):
                for sex, share in zip(SEXES, SEX_SHARE, strict=True):
                    by_cell[(code, sex)] = int(
                        cases / 12 * w / scale * share * rng.uniform(0.8, 1.2)
                    )
            first = date(year, month, 1)
            for key in ("", "province", "sex", "province,sex"):
                dims = [d for d in key.split(",") if d]
                summed: dict[tuple[str, ...], int] = {}
                for (code, sex), n in by_cell.items():
                    k = tuple(code if d == "province" else sex for d in dims)
                    summed[k] = summed.get(k, 0) + n
                rows.append(
                    Aggregate(
                        dataset="cases.received",
                        month=first,
                        breakdowns=key,
                        cells=[[*k, n] for k, n in summed.items()],
                        total=sum(summed.values()),
                    )
                )
    Aggregate.objects.bulk_create(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Province.objects.exists():
        provinces.load(Province)
    seed(args.cases, random.Random(17))
    year = parse_period("2025")
    for breakdowns in ((), ("sex",), ("province",), ("province", "sex")):
        times = []
        for _round in range(args.rounds):
            start = time.perf_counter()
            table, protected = selectors.build("cases.received", year, breakdowns)
            times.append(time.perf_counter() - start)
        print(
            f"{','.join(breakdowns) or 'total':14} cells {len(protected.cells):4} "
            f"hidden {table.suppressed:3}  median {statistics.median(times):.3f} s  "
            f"max {max(times):.3f} s"
        )


if __name__ == "__main__":
    main()
