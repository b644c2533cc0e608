from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctip.core import demo


class Command(BaseCommand):
    help = (
        "Prepare and serve a demo: migrate, compile translations, collect static "
        "files, load demo data (existing data is kept), print the demo accounts, serve."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true")
        parser.add_argument("--port", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.CTIP_DEMO:
            raise CommandError("The demo runs only in demo mode (`ctip demo` sets it).")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compiletranslations", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        accounts = demo.load()
        for name in demo.load_apps():
            self.stdout.write(f"Demo data of {name} loaded.")
        self.stdout.write(
            self.style.WARNING(
                f"Demo accounts (password: {demo.PASSWORD}); they skip the second factor "
                "in demo mode only:"
            )
        )
        for username, role, agency in accounts:
            self.stdout.write(f"  {username:<28} {role:<18} {agency}")
        if not options["no_serve"]:
            serve_args = ["--port", str(options["port"])] if options["port"] else []
            call_command("serve", *serve_args)
