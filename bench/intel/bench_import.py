"""`ctip intel import` into a fresh SQLite database: the whole command, timed end to end.

    uv run python bench/intel/bench_intel.py generate --reports 1000000 --dir /tmp/ctip-bench/intel
    uv run python bench/intel/bench_import.py /tmp/ctip-bench/intel/reports.jsonl

A new instance (its own var/ directory, keys and database) is migrated and given one
agency; the import then runs as an operator would run it, in its own process, so its
wall time and peak memory are the command's own. ``--reports N`` imports only the
first N lines (a quick trial on a copy of the file's head).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
SETUP = (
    "from ctip.core import actions; "
    "actions.agency_create(actor=None, code='bench-intake', type='police', "
    "name_vi='Tiếp nhận', name_en='Intake', country='VN')"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--reports", type=int, default=0, help="only the first N lines")
    parser.add_argument("--keep", action="store_true", help="keep the instance directory")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="ctip-bench-import-"))
    source = args.file
    if args.reports:
        source = var / f"head{args.file.suffix}"
        with args.file.open("rb") as src, source.open("wb") as dst:
            for n, line in enumerate(src):
                # A CSV keeps its header and counts rows, not reports: close enough for a trial.
                if n > args.reports:
                    break
                dst.write(line)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTIP_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        CTIP_VAR_DIR=str(var),
        PYTHONPATH=str(SRC),
        DJANGO_SETTINGS_MODULE="ctip.config.settings.dev",
    )
    # Our own interpreter running our own command on a file the operator named.
    ctip = [sys.executable, "-m", "ctip"]
    subprocess.run([*ctip, "migrate", "-v", "0"], env=env, check=True)  # noqa: S603
    subprocess.run([*ctip, "shell", "-c", SETUP], env=env, check=True)  # noqa: S603
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603
        [*ctip, "intel", "import", str(source), "--agency", "bench-intake"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    database = var / "ctip.sqlite3"
    print(
        json.dumps(
            {
                "file": str(args.file),
                "lines": args.reports or None,
                "wall_seconds": round(seconds, 1),
                "peak_rss_mib": round(peak),
                "database_mib": round(database.stat().st_size / 2**20),
                "summary": done.stdout.strip(),
                "errors_shown": done.stderr.count("\nline ") + done.stderr.startswith("line "),
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    if args.keep:
        print(f"instance kept in {var}", file=sys.stderr)
    else:
        shutil.rmtree(var)


if __name__ == "__main__":
    main()
