"""``ctip cooperation remind``: reminders of verification requests near or past their
deadline (run daily, e.g. from a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Cross-border cooperation: send the reminders of verification deadlines."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("remind", help="remind agencies of verification deadlines")

    def handle(self, *args: Any, **options: Any) -> None:
        from ctip.cooperation.actions import verification_remind

        sent = verification_remind()
        self.stdout.write(f"{sent} reminder(s) sent.")
