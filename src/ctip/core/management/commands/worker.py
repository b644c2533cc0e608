from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from ctip.core.health import start_heartbeat


class Command(DBWorkerCommand):
    help = "Run background tasks (imports, exports, rebuilds) and report a heartbeat to /readyz."

    def handle(self, *args: Any, **options: Any) -> None:
        start_heartbeat()
        super().handle(*args, **options)
