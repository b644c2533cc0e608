"""`ctip screen`: check a JSONL file of job posts, without starting Django.

The batch needs nothing of the platform (no database, no settings, no apps), and
setting Django up with every app and its checks cost more than assessing thousands of
posts, so ``ctip.cli`` runs this module directly for ``ctip screen``. The management
command of the same name (``call_command("screen", ...)``) calls the same functions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import batch

# Bad lines are listed on stderr up to this many; the output file holds all of them.
SHOWN_ERRORS = 20

HELP = (
    "Check a JSONL file of job posts ({'id': ..., 'text': ...} per line) over all "
    "cores; one result or error line out per line in, in order."
)


class ScreenError(Exception):
    """The input cannot be read or the output cannot be written; the message says so."""


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", required=True, type=Path, help="posts, JSON lines")
    parser.add_argument("--output", required=True, type=Path, help="results, JSON lines")
    parser.add_argument(
        "--workers", type=positive, default=None, help="processes (default: all cores)"
    )


def screen(source: Path, target: Path, workers: int | None, write: Callable[[str], object]) -> None:
    """Run the batch and write the bad lines and the summary through ``write``."""
    try:
        with source.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise ScreenError(f"Cannot read {source}: {exc.strerror or exc}.") from exc
    try:
        summary = batch.run(source, target, workers=workers, progress=True)
    except OSError as exc:
        raise ScreenError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    if summary.errors:
        _list_errors(target, summary.errors, write)
    rate = summary.lines / summary.seconds if summary.seconds else 0.0
    categories = ", ".join(f"{c} {n:,}" for c, n in summary.by_category.items()) or "none"
    write(
        f"{summary.lines:,} lines: {summary.assessed:,} assessed ({categories}), "
        f"{summary.errors:,} bad, in {summary.seconds:.1f} s ({rate:,.0f} lines/s). "
        f"Results in {target}."
    )


def _list_errors(target: Path, count: int, write: Callable[[str], object]) -> None:
    # batch.run writes an error line {"line", "id", "error"} in place of each bad
    # input line; read them back so the operator sees where the input is broken.
    shown = 0
    with target.open("rb") as fh:
        for raw in fh:
            if not raw.startswith(b'{"line"'):
                continue
            record = json.loads(raw)
            write(f"line {record['line']}: {record['error']}")
            shown += 1
            if shown == SHOWN_ERRORS:
                break
    if count > shown:
        write(f"... and {count - shown:,} more bad lines (see {target}).")


def main(argv: Sequence[str]) -> int:
    """``ctip screen ...``: 0 when done (bad lines included), 1 when the files fail."""
    parser = argparse.ArgumentParser(prog="ctip screen", description=HELP)
    add_arguments(parser)
    options = parser.parse_args(list(argv))

    def write(line: str) -> None:
        sys.stderr.write(line + "\n")

    try:
        screen(options.input, options.output, options.workers, write)
    except ScreenError as exc:
        write(f"CommandError: {exc}")
        return 1
    return 0
