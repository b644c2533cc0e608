from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctip.core import jobs


class Command(BaseCommand):
    help = (
        "Manage background jobs: `ctip jobs prune --older-than DAYS` deletes the jobs that "
        "ended more than DAYS days ago, with their summaries and encrypted results."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        prune = actions.add_parser("prune", help="Delete jobs that ended long ago.")
        prune.add_argument(
            "--older-than",
            type=int,
            required=True,
            metavar="DAYS",
            help="Delete jobs that ended more than DAYS days ago (at least 1).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["older_than"]
        if days < 1:
            raise CommandError("--older-than must be at least 1 day.")
        count = jobs.prune(dt.timedelta(days=days))
        self.stdout.write(f"Deleted {count} job(s) that ended more than {days} day(s) ago.")
