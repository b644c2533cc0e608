from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ctip.core import backups


class Command(BaseCommand):
    help = (
        "Back up the database and every encrypted file into one archive (mode 0600): "
        "SQLite through its online backup API (safe while serving), PostgreSQL with "
        "pg_dump. The keys are NOT in the backup: keep them separately, or the backup "
        "cannot be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = backups.make(options["output"])
        except backups.BackupError as exc:
            raise CommandError(f"No backup written: {exc}") from exc
        self.stdout.write(
            f"Backup written to {made.path} ({made.size} bytes: the database and "
            f"{made.files} encrypted files)."
        )
