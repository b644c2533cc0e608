import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


def pg_env() -> dict[str, str]:
    db: dict[str, Any] = dict(settings.DATABASES["default"])
    env = os.environ.copy()
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    return env


class Command(BaseCommand):
    help = (
        "Back up the database: SQLite through its online backup API (safe while "
        "serving), PostgreSQL with pg_dump's custom format. The data key is NOT in "
        "the backup: keep it separately, or the backup cannot be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if output.exists():
            raise CommandError(f"{output} exists; choose a new file name.")
        output.parent.mkdir(parents=True, exist_ok=True)
        if connection.vendor == "sqlite":
            source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            target = sqlite3.connect(str(output))
            with target:
                source.backup(target)
            target.close()
            source.close()
        elif connection.vendor == "postgresql":
            pg_dump = shutil.which("pg_dump")
            if pg_dump is None:
                raise CommandError("pg_dump is not installed.")
            subprocess.run(  # noqa: S603
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    f"--file={output}",
                ],
                env=pg_env(),
                check=True,
            )
        else:
            raise CommandError(f"No backup for the {connection.vendor} database.")
        os.chmod(output, 0o600)
        self.stdout.write(f"Backup written to {output} ({output.stat().st_size} bytes).")
