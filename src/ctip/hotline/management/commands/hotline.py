"""``ctip hotline notices``: send the families' status texts still waiting in the outbox
(those the gateway could not send at the change; run every few minutes from a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Hotline: send the families' status texts waiting in the outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("notices", help="send the texts waiting in the outbox")

    def handle(self, *args: Any, **options: Any) -> None:
        from ctip.hotline.actions import notices_deliver

        sent = notices_deliver()
        self.stdout.write(f"{sent} text(s) accepted by the carrier.")
