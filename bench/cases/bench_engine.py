"""Micro-benchmarks of the cases engines: duplicate keys and scoring, CTDC anonymisation.

    uv run python bench/cases/bench_engine.py [--persons 200000] [--rows 100000]

Synthetic persons follow the rough frequency of Vietnamese family names (Nguyễn about 38 %)
so that block sizes, which decide the cost of a duplicate search, are realistic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections import Counter, defaultdict

from ctip.cases.engine.ctdc import Exploitation, ExportCase, anonymise, to_ctdc_row
from ctip.cases.engine.duplicates import PersonFacts, blocking_keys, score

FAMILY = {
    "Nguyễn": 38,
    "Trần": 11,
    "Lê": 9.5,
    "Phạm": 7,
    "Hoàng": 5,
    "Phan": 4.5,
    "Vũ": 3.9,
    "Đặng": 2.1,
    "Bùi": 2,
    "Đỗ": 1.4,
    "Hồ": 1.3,
    "Ngô": 1.3,
    "Dương": 1,
    "Lý": 0.5,
    "Lò": 0.5,
    "Hà": 0.5,
    "Vàng": 0.3,
    "Đinh": 0.5,
}
MIDDLE = ["Văn"] * 5 + ["Thị"] * 5 + ["Minh", "Đức", "Ngọc", "Thanh", "Hữu", "Quang", "Thu"]
GIVEN_NAMES = (
    "An Anh Bình Chi Cường Dũng Duy Giang Hà Hải Hạnh Hiếu Hoa Hòa Hùng Huy Hương Khánh Lan "
    "Linh Long Mai Minh My Nam Nga Ngân Nhung Phong Phúc Phương Quân Quang Quyên Quỳnh Sơn "
    "Tâm Thảo Thắng Thành Thủy Trang Trung Tú Tuấn Tùng Vân Việt Vy Xuân Yến Đạt Định Hậu "
    "Lộc Nhi Oanh Sang Thư"
)
GIVEN = GIVEN_NAMES.split(" ")


def person(rng: random.Random) -> PersonFacts:
    family = rng.choices(list(FAMILY), weights=list(FAMILY.values()))[0]
    name = f"{family} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return PersonFacts(name, birth_year=rng.randint(1975, 2009))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def bench_duplicates(n: int, rng: random.Random) -> None:
    people = [person(rng) for _ in range(n)]
    start = time.perf_counter()
    keyed = [blocking_keys(p) for p in people]
    elapsed = time.perf_counter() - start
    print(f"blocking_keys: {n} persons in {elapsed:.2f} s ({elapsed / n * 1e6:.1f} µs each)")

    postings: defaultdict[str, list[int]] = defaultdict(list)
    for index, keys in enumerate(keyed):
        for key in keys:
            postings[key].append(index)
    # Candidates a search would decrypt and score, for a sample of queries: the union of the
    # blocks of the query's keys, and those sharing at least two keys (the ranked search).
    sample = rng.sample(range(n), 500)
    for label, kinds, min_shared in (
        ("nameyb", ("nameyb:",), 1),
        ("nameyb+pairyb", ("nameyb:", "pairyb:"), 1),
        ("nameyb+pairyb sharing >= 2 keys", ("nameyb:", "pairyb:"), 2),
        ("name+phon (no birth year)", ("name:", "phon:"), 1),
    ):
        sizes = []
        for i in sample:
            shared = Counter(p for k in keyed[i] if k.startswith(kinds) for p in postings[k])
            sizes.append(sum(1 for count in shared.values() if count >= min_shared))
        median = statistics.median(sizes)
        print(
            f"candidates via {label} at {n} persons: median {median:.0f}"
            f", p95 {percentile(sizes, 95):.0f}, max {max(sizes)}"
        )

    pairs = [(people[rng.randrange(n)], people[rng.randrange(n)]) for _ in range(20000)]
    start = time.perf_counter()
    for a, b in pairs:
        score(a, b)
    elapsed = time.perf_counter() - start
    print(
        f"score: {len(pairs)} pairs in {elapsed:.2f} s ({elapsed / len(pairs) * 1e6:.1f} µs each)"
    )


def bench_anonymise(n: int, rng: random.Random) -> None:
    rows = [
        to_ctdc_row(
            ExportCase(
                year_of_registration=rng.choice([2023, 2024, 2025]),
                sex=rng.choice(["male", "male", "female"]),
                age=rng.randint(14, 60),
                citizenship="VN",
                country_of_exploitation=rng.choice(["KH", "KH", "KH", "MM", "LA", "PH"]),
                exploitation=frozenset({Exploitation.FORCED_CRIMINALITY}),
            )
        )
        for _ in range(n)
    ]
    start = time.perf_counter()
    _, report = anonymise(rows)
    elapsed = time.perf_counter() - start
    print(
        f"anonymise k=11: {n} rows in {elapsed:.2f} s, suppressed {report.suppressed}, "
        f"levels {dict(report.levels)}"
    )
    small = rows[:500]
    start = time.perf_counter()
    _, report = anonymise(small)
    elapsed = time.perf_counter() - start
    print(
        f"anonymise k=11: 500 rows in {elapsed * 1000:.0f} ms, suppressed {report.suppressed}, "
        f"levels {dict(report.levels)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=int(dt.date(2025, 7, 1).strftime("%Y%m%d")))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bench_duplicates(args.persons, rng)
    bench_anonymise(args.rows, rng)


if __name__ == "__main__":
    main()
