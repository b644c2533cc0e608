import os
import signal
import subprocess
import sys
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from granian.constants import Interfaces
from granian.log import LogLevels
from granian.server import Server

from ctip.core import keys


class Command(BaseCommand):
    help = "Serve CTIP (granian, WSGI) and run a background-task worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=1, help="server processes")
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("CTIP_THREADS", "8")),
            help="requests served at once by each process (CTIP_THREADS, default 8)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start the task worker (run it separately)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            keys.check_keys()
        except ImproperlyConfigured as exc:
            raise CommandError(f"CTIP does not start: {exc}") from exc
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "ctip", "worker", "--interval", "1"],
                env=os.environ.copy(),
            )
        self.stdout.write(f"CTIP on http://{options['host']}:{options['port']}/ (Ctrl+C to stop)")
        self.stdout.flush()
        try:
            Server(
                "ctip.config.wsgi:application",
                address=options["host"],
                port=options["port"],
                interface=Interfaces.WSGI,
                workers=options["workers"],
                blocking_threads=options["threads"],
                # Django's JSON log has the access lines (without query strings, which
                # can carry what a user typed); the server's own would repeat them.
                log_access=False,
                log_level=LogLevels.warning,
                websockets=False,
            ).serve()
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
