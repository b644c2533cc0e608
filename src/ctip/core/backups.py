"""Backups that carry the database and every encrypted file, and restores that check them.

A backup is one tar archive (mode 0600):

- ``ctip-backup.json``: the manifest: the database dump's name and SHA-256, the SHA-256
  of every file, and the files the database's records name;
- ``database.sqlite3`` (SQLite's online backup) or ``database.pgdump`` (``pg_dump
  --format=custom``);
- ``files/<name>``: the sealed files as they are on disk (still encrypted).

The database is dumped first and the files copied after it: a file is written before
its record is committed, so every file a record in the dump names is already on disk.
A restore checks the whole archive before it touches anything: every file against its
SHA-256, every file the records name present. The keys are never in a backup.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ctip.core import files

FORMAT = "ctip-backup-2"
MANIFEST = "ctip-backup.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup cannot be made, or the archive is not a whole CTIP backup."""


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


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _dump_database(target: Path) -> str:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        copy = sqlite3.connect(str(target))
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        return "sqlite"
    if connection.vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise BackupError("pg_dump is not installed.")
        subprocess.run(  # noqa: S603
            [pg_dump, "--format=custom", "--no-owner", f"--file={target}"],
            env=pg_env(),
            check=True,
        )
        return "postgresql"
    raise BackupError(f"No backup for the {connection.vendor} database.")


@dataclass(frozen=True)
class Made:
    path: Path
    files: int
    size: int


def make(output: Path) -> Made:
    """Write a backup archive of the database and every encrypted file to ``output``."""
    if output.exists():
        raise BackupError(f"{output} exists; choose a new file name.")
    output.parent.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".ctip-backup-") as work:
        dump = Path(work) / "database"
        vendor = _dump_database(dump)
        database_name = "database.sqlite3" if vendor == "sqlite" else "database.pgdump"
        named = sorted(files.named_files())  # of this moment: a superset of the dump's
        partial = output.with_name(output.name + ".part")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        sums: dict[str, str] = {}
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            with dump.open("rb") as handle:
                database_sum = _sha256(handle)
            tar.add(dump, arcname=database_name, recursive=False)
            for path in files.stored_files(media):
                if path.name.endswith(".part"):
                    continue
                name = path.relative_to(media).as_posix()
                with path.open("rb") as handle:
                    sums[name] = _sha256(handle)
                tar.add(path, arcname=f"files/{name}", recursive=False)
            lost = [n for n in named if n not in sums]
            if lost:
                raise BackupError(
                    f"{len(lost)} files that records name are missing on disk, e.g. "
                    f"{lost[0]}: restore them first (this backup could not restore them)."
                )
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
                "database": {"vendor": vendor, "name": database_name, "sha256": database_sum},
                "files": sums,
                "named": named,
            }
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mode = 0o600
            tar.addfile(info, io.BytesIO(body))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, output)
    return Made(output, len(sums), output.stat().st_size)


@dataclass(frozen=True)
class Unpacked:
    vendor: str
    database: Path
    files: Path  # a folder laid out like MEDIA_ROOT
    count: int


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive holds a file outside its folder: {name!r}.")
    return path


def _open(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, mode="r:")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(
            f"{source} is not a CTIP backup archive (backups made before files were "
            "included are a bare database: they cannot restore documents or evidence)."
        ) from exc


def _manifest(source: Path, tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        manifest = json.load(tar.extractfile(MANIFEST) or b"")  # type: ignore[arg-type]
    except (KeyError, ValueError, tarfile.TarError) as exc:
        raise BackupError(f"{source} has no readable CTIP manifest.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not a backup this version can restore.")
    return manifest


def check_archive(source: Path) -> None:
    """Whether ``source`` is a CTIP backup at all (its manifest), before anything else."""
    with _open(source) as tar:
        _manifest(source, tar)


@contextmanager
def unpacked(source: Path, work: Path) -> Iterator[Unpacked]:
    """Unpack and check a backup into ``work``: every file against the manifest."""
    tar = _open(source)
    with tar:
        manifest = _manifest(source, tar)
        expected: dict[str, str] = dict(manifest["files"])
        database_name = manifest["database"]["name"]
        expected_database = manifest["database"]["sha256"]
        seen: set[str] = set()
        database = work / "database"
        folder = work / "files"
        for member in tar:
            if member.name == MANIFEST:
                continue
            if not member.isfile():
                raise BackupError(f"The archive holds something that is not a file: {member.name}.")
            path = _safe(member.name)
            handle = tar.extractfile(member)
            if handle is None:
                raise BackupError(f"{member.name} cannot be read from the archive.")
            if member.name == database_name:
                target, want = database, expected_database
            elif path.parts[0] == "files" and len(path.parts) > 1:
                name = PurePosixPath(*path.parts[1:]).as_posix()
                if name not in expected:
                    raise BackupError(f"The archive holds a file its manifest lacks: {name}.")
                target, want = folder / name, expected[name]
                seen.add(name)
            else:
                raise BackupError(f"The archive holds an unexpected entry: {member.name}.")
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            digest = hashlib.sha256()
            with target.open("wb") as out:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            os.chmod(target, 0o600)
            if digest.hexdigest() != want:
                raise BackupError(
                    f"{member.name} in the backup does not match its recorded SHA-256: "
                    "the archive was altered or damaged."
                )
        if not database.exists():
            raise BackupError("The backup holds no database.")
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(
                f"The backup lacks {len(missing)} files its manifest lists, e.g. {missing[0]}."
            )
        absent = sorted(set(manifest["named"]) - seen)
        if absent:
            raise BackupError(f"The backup lacks files that records name, e.g. {absent[0]}.")
    yield Unpacked(manifest["database"]["vendor"], database, folder, len(seen))


def missing_named_files(folder: Path) -> list[str]:
    """Files the (restored) database's records name but ``folder`` lacks."""
    return sorted(n for n in files.named_files() if not (folder / n).is_file())


def put_files_in_place(folder: Path) -> None:
    """Make ``folder`` the storage's files (the old ones are removed)."""
    media = Path(settings.MEDIA_ROOT)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    media.parent.mkdir(parents=True, exist_ok=True)
    old = media.with_name(media.name + ".replaced")
    if old.exists():
        shutil.rmtree(old)
    if media.exists():
        os.replace(media, old)
    shutil.move(str(folder), str(media))
    if old.exists():
        shutil.rmtree(old)
