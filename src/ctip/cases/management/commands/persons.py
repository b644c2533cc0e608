"""``ctip persons match --on-file FILE --new FILE --output FILE`` (duplicate persons in batch)
and ``ctip persons rekey`` (recompute the stored duplicate-search keys)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctip.cases import duplicates
from ctip.cases.engine.matching import BadLine, match_files


class Command(BaseCommand):
    help = "Persons in batch: find the earlier records of new persons in a file of persons."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        match = sub.add_parser(
            "match",
            help=(
                "For each person of --new, the persons of --on-file that may be the same "
                "person (JSONL in, JSONL out; see docs/apps/cases.md)."
            ),
        )
        match.add_argument("--on-file", required=True, type=Path, help="persons on file (JSONL)")
        match.add_argument("--new", required=True, type=Path, help="new persons (JSONL)")
        match.add_argument("--output", required=True, type=Path, help="where to write (JSONL)")
        match.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="processes matching in parallel (default: every core)",
        )

        sub.add_parser(
            "rekey",
            help="Recompute every person's duplicate-search keys (after an upgrade changes them).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rekey":
            started = time.perf_counter()
            done = duplicates.rebuild_keys()
            self.stderr.write(
                f"Keys of {done:,} persons recomputed in {time.perf_counter() - started:.1f} s."
            )
            return
        if options["workers"] < 1:
            raise CommandError("--workers must be 1 or more.")
        output: Path = options["output"]
        if not output.parent.is_dir():
            raise CommandError(f"Cannot write {output}: no such folder {output.parent}.")
        started = time.perf_counter()
        try:
            known, new = match_files(
                options["on_file"], options["new"], output, workers=options["workers"]
            )
        except BadLine as exc:
            raise CommandError(f"{exc} Nothing was written.") from None
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
        self.stderr.write(
            f"{new:,} new persons matched against {known:,} on file in "
            f"{time.perf_counter() - started:.1f} s; candidates written to {output}."
        )
