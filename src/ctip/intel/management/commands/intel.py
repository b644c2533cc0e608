"""``ctip intel import FILE``, ``ctip intel clusters --output FILE``, ``ctip intel rebuild``,
``ctip intel remind`` (run it periodically: reminds institutions of freeze requests whose
deadline is near)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ctip.core.models import Agency
from ctip.intel import actions, imports

# Bad lines listed on stderr, at most; the summary gives the total.
SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = "Scam intelligence in batch: import reports, export and rebuild clusters."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import", help="Import reports from JSONL, or CSV (.csv), one report or row a line."
        )
        load.add_argument("file", type=Path)
        load.add_argument(
            "--agency",
            default="",
            help="code of the agency that owns the reports (default: the intake agency)",
        )
        load.add_argument(
            "--batch", type=int, default=imports.BATCH, help="reports per transaction"
        )
        out = sub.add_parser("clusters", help="Write the clusters as JSONL, one a line.")
        out.add_argument("--output", required=True, type=Path)
        sub.add_parser("rebuild", help="Recompute every cluster from scratch with the engine.")
        remind = sub.add_parser(
            "remind", help="Remind institutions of unanswered freeze requests due soon."
        )
        remind.add_argument(
            "--hours",
            type=int,
            default=settings.CTIP_FREEZE_REMINDER_HOURS,
            help="remind of requests due within this many hours (default %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _say(self, message: str) -> None:
        self.stderr.write(message)

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Cannot read {path}: no such file.")
        if options["batch"] < 1:
            raise CommandError("--batch must be 1 or more.")
        agency = self._agency(options["agency"])
        show = sys.stderr.isatty()
        total = imports.count_lines(path) if show else None
        with tqdm(
            total=total, unit="line", unit_scale=True, disable=not show, desc="import"
        ) as bar:

            def progress(line: int) -> None:
                bar.update(line - bar.n)

            summary = imports.import_reports(
                path,
                agency=agency,
                batch_size=options["batch"],
                progress=progress,
                say=self._say,
            )
        for error in summary.errors[:SHOWN_ERRORS]:
            self.stderr.write(f"line {error.line}: {error.message}")
        if summary.error_count > SHOWN_ERRORS:
            self.stderr.write(f"... and {summary.error_count - SHOWN_ERRORS:,} more bad lines.")
        rate = summary.imported / summary.seconds if summary.seconds else 0.0
        line = (
            f"{summary.imported:,} reports imported, {summary.already:,} already present, "
            f"{summary.error_count:,} bad lines, {summary.refused_indicators:,} indicators "
            f"refused, in {summary.seconds:.1f} s ({rate:,.0f} reports/s)."
        )
        if summary.clusters is not None:
            c = summary.clusters
            line += (
                f" Clusters: {c.clusters:,} ({c.networks:,} networks of two reports or more, "
                f"largest {c.largest:,})."
            )
        self.stdout.write(line)

    def _agency(self, code: str) -> Agency:
        if code:
            found = Agency.objects.filter(code=code, is_active=True).first()
            if found is None:
                raise CommandError(f"No active agency has the code {code!r}.")
            return found
        try:
            return actions.intake_agency()
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc

    def _clusters(self, options: dict[str, Any]) -> None:
        target: Path = options["output"]
        try:
            with target.open("w", encoding="utf-8") as out:
                count = imports.export_clusters(out)
        except OSError as exc:
            raise CommandError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
        self.stdout.write(f"{count:,} clusters written to {target}.")

    def _rebuild(self, options: dict[str, Any]) -> None:
        result = actions.clusters_rebuild(actor=None, progress=self._say)
        self.stdout.write(
            f"{result.reports:,} reports in {result.clusters:,} clusters "
            f"({result.networks:,} networks of two reports or more, largest {result.largest:,})."
        )

    def _remind(self, options: dict[str, Any]) -> None:
        if options["hours"] < 1:
            raise CommandError("--hours must be 1 or more.")
        count = actions.freeze_requests_remind(within=dt.timedelta(hours=options["hours"]))
        self.stdout.write(f"{count:,} freeze requests reminded.")
