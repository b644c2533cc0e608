"""Counting the records into the precomputed monthly aggregates, as the nightly refresh does.

    export UV_PYTHON_DOWNLOADS=never
    uv run python bench/cases/bench_scale.py generate --persons 1000000 --dir /tmp/ctip-bench/cases
    createdb -h 127.0.0.1 -U postgres ctip_bench_refresh
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ctip_bench_refresh
    uv run python bench/stats/bench_refresh.py load --dir /tmp/ctip-bench/cases
    uv run python bench/stats/bench_refresh.py grow --factor 10    # optional, see below
    uv run python bench/stats/bench_refresh.py measure --months 72
    uv run python bench/stats/bench_refresh.py measure --months 3
    uv run python bench/stats/bench_refresh.py measure --months 1
    dropdb -h 127.0.0.1 -U postgres ctip_bench_refresh

``load`` is ``bench/cases/bench_scale.py load`` (its persons and cases, one case a person,
intake dates over the six years before 15 January 2026), then moves every intake date by
the days from that day to today, so that the last closed months the refresh recounts hold
cases as they would in use. ``measure`` writes an empty aggregate of ``cases.received``
for every closed month of the six years and each breakdown the tables are read by (the
total, province, sex, province and sex: what ``bench_tables.py`` serves), as the page
leaves them, then runs the refresh task as the worker runs it
(``refresh_aggregates.call(months)``): ``--months 72`` recounts every month (a full
recount), 3 is the nightly run, 1 a single month. Each ``measure`` is its own process, so
its peak resident memory is the refresh's (less the baseline printed before it).

``grow --factor K`` copies every case K - 1 times in the database (same person, agency,
intake date and status; the copy's ``idempotency_key`` left empty), so that a fixture of
100,000 persons becomes a million cases without encrypting a million persons: the refresh
counts cases by their plain columns and reaches the person only for its province and sex,
so what it costs follows the number of cases a month holds, which the copies multiply.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "cases")]

import bench_scale  # noqa: E402  (sets up Django)
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from ctip.cases.models import Case  # noqa: E402
from ctip.stats.models import Aggregate  # noqa: E402
from ctip.stats.tasks import refresh_aggregates  # noqa: E402

BREAKDOWNS = ("", "province", "sex", "province,sex")
MONTHS = 72


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(folder: Path) -> None:
    bench_scale.load(folder)
    shift = (timezone.localdate() - bench_scale.TODAY).days
    start = time.perf_counter()
    with connection.cursor() as cursor:
        # Table name from the model, the shift a whole number of days.
        table = Case._meta.db_table
        cursor.execute(f"UPDATE {table} SET intake_date = intake_date + %s", [shift])  # noqa: S608
        cursor.execute(f"ANALYZE {table}")
    print(f"intake dates moved by {shift} days in {time.perf_counter() - start:.0f} s")


def grow(factor: int) -> None:
    start = time.perf_counter()
    table = Case._meta.db_table
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    # Column names from the model; a unique column other than the key is left empty.
    columns = ", ".join(f.column for f in fields)
    chosen = ", ".join("NULL" if f.unique else f.column for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id), COUNT(*) FROM {table}")  # noqa: S608
        top, count = cursor.fetchone()
        for copy in range(1, factor):
            cursor.execute(
                f"INSERT INTO {table} (id, {columns}) "  # noqa: S608
                f"SELECT id + %s, {chosen} FROM {table} WHERE id <= %s",
                [copy * top, top],
            )
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT MAX(id) FROM {table}))"
            )
        cursor.execute(f"ANALYZE {table}")
    print(
        f"{count} cases copied {factor - 1} times: {Case.objects.count()} cases "
        f"in {time.perf_counter() - start:.0f} s"
    )


def _closed_months(count: int) -> list[dt.date]:
    first = timezone.localdate().replace(day=1)
    out = []
    for _i in range(count):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        out.append(first)
    return out


def measure(months: int) -> None:
    Aggregate.objects.all().delete()
    Aggregate.objects.bulk_create(
        Aggregate(dataset="cases.received", month=m, breakdowns=b, cells=[], total=0)
        for m in _closed_months(MONTHS)
        for b in BREAKDOWNS
    )
    cases = Case.objects.count()
    baseline = _rss_mb()
    start = time.perf_counter()
    recounted = refresh_aggregates.call(months)
    elapsed = time.perf_counter() - start
    counted = sum(
        Aggregate.objects.filter(breakdowns="", month__in=_closed_months(months)).values_list(
            "total", flat=True
        )
    )
    print(
        f"{cases} cases; refresh of {months} month(s): {recounted} aggregates, {counted} cases "
        f"counted, {elapsed:.1f} s ({elapsed / max(recounted, 1) * 1000:.0f} ms an aggregate); "
        f"peak memory {_rss_mb():.0f} MB (baseline {baseline:.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["load", "grow", "measure"])
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--factor", type=int, default=10)
    args = parser.parse_args()
    if args.phase == "load":
        if args.dir is None:
            parser.error("load needs --dir (a folder written by bench_scale.py generate)")
        load(args.dir)
    elif args.phase == "grow":
        grow(args.factor)
    else:
        measure(args.months)


if __name__ == "__main__":
    main()
