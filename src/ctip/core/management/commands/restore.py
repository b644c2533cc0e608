import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from ctip.core import audit, backups, keys


class Command(BaseCommand):
    help = (
        "Restore a backup made by `ctip backup` (the database and every encrypted file) "
        "into this instance, after checking every file against its recorded SHA-256; "
        "then check that the keys open the data and verify the audit chain. Refuses a "
        "database that already holds data unless --replace is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a database that already holds data"
        )

    def _has_data(self) -> bool:
        return "core_auditevent" in connection.introspection.table_names()

    def _keys_in_place(self) -> None:
        """The keys must be here before anything is restored: never make new ones."""
        checks = (
            ("CTIP_DATA_KEY", settings.CTIP_DATA_KEY, settings.CTIP_DATA_KEY_FILE),
            ("CTIP_AUDIT_KEY", settings.CTIP_AUDIT_KEY, settings.CTIP_AUDIT_KEY_FILE),
        )
        for variable, value, path in checks:
            legacy = settings.CTIP_LEGACY_KEY_DIR
            if value or (path is not None and path.exists()):
                continue
            if path is not None and legacy is not None and (legacy / path.name).exists():
                continue
            where = f"the file {path}" if path is not None else f"the {variable} variable"
            raise CommandError(
                f"Nothing restored: the key for {variable} is not in {where}. Put the "
                "instance's keys in place first: a backup cannot be read without them."
            )

    def _restore_database(self, source: Path, vendor: str) -> None:
        if vendor != connection.vendor:
            raise CommandError(
                f"The backup is of a {vendor} database; this instance uses {connection.vendor}."
            )
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
            return
        pg_restore = shutil.which("pg_restore")
        if pg_restore is None:
            raise CommandError("pg_restore is not installed.")
        connection.close()
        env = backups.pg_env()
        proc = subprocess.run(  # noqa: S603
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={env['PGDATABASE']}",
                str(source),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise CommandError(f"pg_restore failed: {proc.stderr.strip()[:2000]}")

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["backup"]
        if not source.is_file():
            raise CommandError(f"No backup file at {source}.")
        if self._has_data() and not options["replace"]:
            raise CommandError("This database already holds CTIP data; add --replace.")
        try:
            backups.check_archive(source)
        except backups.BackupError as exc:
            raise CommandError(f"Nothing restored: {exc}") from exc
        self._keys_in_place()
        media = Path(settings.MEDIA_ROOT)
        media.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=media.parent, prefix=".ctip-restore-") as work:
            try:
                with backups.unpacked(source, Path(work)) as unpacked:
                    self._restore_database(unpacked.database, unpacked.vendor)
                    missing = backups.missing_named_files(unpacked.files)
                    if missing:
                        raise CommandError(
                            f"The restored records name {len(missing)} files the backup "
                            f"lacks, e.g. {missing[0]}: do not serve this instance; "
                            "restore another backup."
                        )
                    backups.put_files_in_place(unpacked.files)
            except backups.BackupError as exc:
                raise CommandError(f"Nothing restored: {exc}") from exc
        try:
            keys.check_keys()
        except ImproperlyConfigured as exc:
            raise CommandError(f"Restored, but CTIP cannot run on it: {exc}") from exc
        report = audit.verify()
        if not report.ok:
            raise CommandError(f"Restored, but the audit trail is broken: {report.problem}.")
        self.stdout.write(
            f"Restored from {source}: the database and {unpacked.count} encrypted files, "
            f"each matching its recorded SHA-256; audit trail intact ({report.checked} events)."
        )
