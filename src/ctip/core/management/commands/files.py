from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ctip.core import files


class Command(BaseCommand):
    help = (
        "Encrypted file tools. `ctip files sweep` removes files that no record names "
        "(left by a server that died mid-upload), once older than an hour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help="Remove files that no record names.")
        sweep.add_argument("--dry-run", action="store_true", help="only list them")
        sweep.add_argument(
            "--min-age",
            type=int,
            default=files.SWEEP_MIN_AGE_SECONDS,
            help="seconds a file must be old before it is removed (default 3600)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = files.sweep(dry_run=options["dry_run"], min_age=options["min_age"])
        verb = "Would remove" if options["dry_run"] else "Removed"
        for name in result.removed:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(
            f"{verb} {len(result.removed)} files no record names; kept {result.kept_young} "
            "younger ones (an upload may still be finishing)."
        )
