"""`ctip screen` through Django (``call_command``); ``ctip screen`` on the command line
runs ``ctip.screening.engine.screen`` directly, without setting Django up."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctip.screening.engine import screen


class Command(BaseCommand):
    help = screen.HELP
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        screen.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            screen.screen(
                options["input"], options["output"], options["workers"], self.stderr.write
            )
        except screen.ScreenError as exc:
            raise CommandError(str(exc)) from exc
