import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctip.screening.engine import batch

# Bad lines are listed on stderr up to this many; the output file holds all of them.
SHOWN_ERRORS = 20


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Check a JSONL file of job posts ({'id': ..., 'text': ...} per line) over all "
        "cores; one result or error line out per line in, in order."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="posts, JSON lines")
        parser.add_argument("--output", required=True, type=Path, help="results, JSON lines")
        parser.add_argument(
            "--workers", type=_positive, default=None, help="processes (default: all cores)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        target: Path = options["output"]
        try:
            with source.open("rb") as fh:
                fh.read(1)
        except OSError as exc:
            raise CommandError(f"Cannot read {source}: {exc.strerror or exc}.") from exc
        try:
            summary = batch.run(source, target, workers=options["workers"], progress=True)
        except OSError as exc:
            raise CommandError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
        if summary.errors:
            self._list_errors(target, summary.errors)
        rate = summary.lines / summary.seconds if summary.seconds else 0.0
        categories = ", ".join(f"{c} {n:,}" for c, n in summary.by_category.items()) or "none"
        self.stderr.write(
            f"{summary.lines:,} lines: {summary.assessed:,} assessed ({categories}), "
            f"{summary.errors:,} bad, in {summary.seconds:.1f} s ({rate:,.0f} lines/s). "
            f"Results in {target}."
        )

    def _list_errors(self, target: Path, count: int) -> None:
        # batch.run writes an error line {"line", "id", "error"} in place of each bad
        # input line; read them back so the operator sees where the input is broken.
        shown = 0
        with target.open("rb") as fh:
            for raw in fh:
                if not raw.startswith(b'{"line"'):
                    continue
                record = json.loads(raw)
                self.stderr.write(f"line {record['line']}: {record['error']}")
                shown += 1
                if shown == SHOWN_ERRORS:
                    break
        if count > shown:
            self.stderr.write(f"... and {count - shown:,} more bad lines (see {target}).")
