"""Platform figures: audit append rate, chain verification rate, field encryption cost.

    uv run python bench/core/bench_platform.py --events 20000

Runs against a fresh SQLite instance in a temporary folder (or DATABASE_URL).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="ctip-bench-")
    os.environ.setdefault("CTIP_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.dev")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from ctip.core import audit, crypto
    from ctip.core.events import CoreEvent

    call_command("migrate", verbosity=0)

    start = time.perf_counter()
    for i in range(args.events):
        with transaction.atomic():
            audit.record(
                CoreEvent.RECORD_VIEWED,
                actor=None,
                target=("bench.item", str(i)),
                fields=["full_name", "phones"],
            )
    append = time.perf_counter() - start
    start = time.perf_counter()
    report = audit.verify()
    verify = time.perf_counter() - start
    assert report.ok

    samples = []
    value = "Nguyễn Thị Minh Khai, 12 Lê Lợi, phường Bến Nghé"
    context = "cases.person.full_name"
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(10000):
            crypto.decrypt(crypto.encrypt(value, context), context)
        samples.append((time.perf_counter() - t) / 10000 * 1e6)
    print(f"audit append: {args.events / append:,.0f} events/s (each in its own transaction)")
    print(f"audit verify: {report.checked / verify:,.0f} events/s ({report.checked} events)")
    print(f"encrypt+decrypt of a 50-character field: {statistics.median(samples):.1f} µs")


if __name__ == "__main__":
    main()
