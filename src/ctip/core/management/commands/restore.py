import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from ctip.core import audit
from ctip.core.management.commands.backup import pg_env


class Command(BaseCommand):
    help = (
        "Restore a backup made by `ctip backup` into this instance's database, then "
        "verify the audit chain. Refuses a database that already holds data unless "
        "--replace is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a database that already holds data"
        )

    def _has_data(self) -> bool:
        return "core_auditevent" in connection.introspection.table_names()

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["backup"]
        if not source.is_file():
            raise CommandError(f"No backup file at {source}.")
        if self._has_data() and not options["replace"]:
            raise CommandError("This database already holds CTIP data; add --replace.")
        if connection.vendor == "sqlite":
            try:
                backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
                backup.execute("SELECT count(*) FROM core_auditevent").fetchone()
            except sqlite3.DatabaseError as exc:
                raise CommandError(f"{source} is not a CTIP SQLite backup: {exc}") from exc
            connection.close()
            target = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            with target:
                backup.backup(target)
            target.close()
            backup.close()
        elif connection.vendor == "postgresql":
            pg_restore = shutil.which("pg_restore")
            if pg_restore is None:
                raise CommandError("pg_restore is not installed.")
            connection.close()
            proc = subprocess.run(  # noqa: S603
                [
                    pg_restore,
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    f"--dbname={pg_env()['PGDATABASE']}",
                    str(source),
                ],
                env=pg_env(),
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                raise CommandError(f"pg_restore failed: {proc.stderr.strip()[:2000]}")
        else:
            raise CommandError(f"No restore for the {connection.vendor} database.")
        report = audit.verify()
        if not report.ok:
            raise CommandError(f"Restored, but the audit trail is broken: {report.problem}.")
        self.stdout.write(f"Restored from {source}; audit trail intact ({report.checked} events).")
