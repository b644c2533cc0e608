from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctip.core import audit


class Command(BaseCommand):
    help = "Audit trail tools. `ctip audit verify` checks the hash chain end to end."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Report the first altered, inserted or deleted event.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit.verify()
        if not report.ok:
            raise CommandError(
                f"Audit trail BROKEN after {report.checked} good events: {report.problem}."
            )
        self.stdout.write(f"Audit trail intact: {report.checked} events; head {report.head_hash}.")
        self.stdout.write(
            "Keep the head hash somewhere else: it proves later that no event "
            "was removed from the end."
        )
