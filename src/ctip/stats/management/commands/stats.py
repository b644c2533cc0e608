"""``ctip stats refresh``: recount the precomputed monthly aggregates of the last closed
months, for records added or corrected late (run by ``deploy/systemd/ctip-stats-refresh.timer``
every night)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ctip.stats.tasks import refresh_aggregates


class Command(BaseCommand):
    help = "Statistics: recount the monthly aggregates of recent months (late records)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh", help="Recount the aggregates of recent months.")
        refresh.add_argument(
            "--months",
            type=int,
            default=3,
            choices=range(1, 25),
            metavar="1..24",
            help="how many closed months back (default 3)",
        )
        refresh.add_argument(
            "--queue",
            action="store_true",
            help="hand the recount to the task worker instead of running it here",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            refresh_aggregates.enqueue(options["months"])
            self.stdout.write("The recount is queued for the worker.")
            return
        count = refresh_aggregates.call(options["months"])
        self.stdout.write(f"{count} aggregate(s) recounted.")
