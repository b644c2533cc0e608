"""The disclosure audit on its own: a year's linked releases of one dataset, protected in turn.

    nice -n 10 uv run python bench/stats/bench_audit.py --months 24

Engine only (no database): ``--months`` months of counts by 34 provinces and 4 sexes
(skewed, so that some cells are small) are released in the order a statistician would:
every month by province, every quarter by province and sex, then each year by province
and sex, each table audited against every release before it (and so against a few dozen
elementary time intervals). Prints the time of each kind of release and of the whole
sequence. ``CTIP_SRC`` points at another checkout's ``src`` to time its engine instead.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path[:0] = [os.environ.get("CTIP_SRC", str(Path(__file__).resolve().parents[2] / "src"))]

from ctip.core.engine.suppression import (  # noqa: E402
    PublishedTable,
    TableIn,
    Unprotectable,
    protect,
)

PROVINCES = tuple(f"p{i:02d}" for i in range(34))
SEXES = ("female", "male", "other", "unknown")
SEX_SHARE = (0.38, 0.58, 0.01, 0.03)


def month_start(first: date, k: int) -> date:
    return date(first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--monthly-cases", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hidden-out", help="write each table's hidden cells to this JSON file")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    weights = [rng.paretovariate(1.2) for _ in PROVINCES]
    scale = sum(weights)
    first = date(2024, 1, 1)
    truth = [
        {
            (p, s): int(args.monthly_cases * w / scale * share * rng.uniform(0.6, 1.4))
            for p, w in zip(PROVINCES, weights, strict=True)
            for s, share in zip(SEXES, SEX_SHARE, strict=True)
        }
        for _ in range(args.months)
    ]

    def table(k0: int, k1: int, breakdowns: tuple[str, ...]) -> TableIn:
        start, end = month_start(first, k0), month_start(first, k1) - timedelta(days=1)
        counts: dict[tuple[str, ...], int] = {}
        for k in range(k0, k1):
            for (p, s), n in truth[k].items():
                key = (p, s) if breakdowns == ("province", "sex") else (p,)
                counts[key] = counts.get(key, 0) + n
        cats = (PROVINCES, SEXES)[: len(breakdowns)]
        return TableIn(start, end, breakdowns, cats, counts)

    plan: list[tuple[str, int, int, tuple[str, ...]]] = []
    for k in range(args.months):
        plan.append(("month by province", k, k + 1, ("province",)))
        if k % 3 == 2:
            plan.append(("quarter by province and sex", k - 2, k + 1, ("province", "sex")))
        if k % 12 == 11:
            plan.append(("year by province and sex", k - 11, k + 1, ("province", "sex")))
    earlier: list[PublishedTable] = []
    times: dict[str, list[float]] = {}
    cpu_times: dict[str, list[float]] = {}
    hidden = refused = 0
    hidden_sets: list[dict[str, object]] = []
    began, began_cpu = time.perf_counter(), time.process_time()
    for kind, k0, k1, breakdowns in plan:
        t = table(k0, k1, breakdowns)
        tick, tick_cpu = time.perf_counter(), time.process_time()
        try:
            out = protect(t, earlier=earlier)
        except Unprotectable:
            out = None
            refused += 1
        times.setdefault(kind, []).append(time.perf_counter() - tick)
        cpu_times.setdefault(kind, []).append(time.process_time() - tick_cpu)
        if out is None:
            continue
        hidden += sum(c.suppressed for c in out.cells)
        hidden_sets.append(
            {
                "table": f"{kind} {t.start}..{t.end}",
                "hidden": sorted([list(map(str, c.categories)) for c in out.cells if c.suppressed]),
            }
        )
        earlier.append(PublishedTable(t.start, t.end, breakdowns, out.cells))
    total, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    for kind, spent in times.items():
        print(
            f"{kind}: {len(spent)} tables, median {statistics.median(spent):.3f} s, "
            f"max {max(spent):.3f} s; CPU median {statistics.median(cpu_times[kind]):.3f} s, "
            f"max {max(cpu_times[kind]):.3f} s"
        )
    print(
        f"{len(plan)} tables ({refused} refused), {hidden} cells hidden, "
        f"{total:.1f} s in all ({cpu:.1f} s CPU)"
    )
    if args.hidden_out:
        Path(args.hidden_out).write_text(json.dumps(hidden_sets, indent=1))


if __name__ == "__main__":
    main()
