"""The migrated test database on SQLite, built once and copied.

Every test process used to run all the migrations on its own in-memory database (about
25 s of CPU each on the 2-core machine). The first process to need one now migrates and
saves the result as a template file, named by a hash of everything the migrations read
(every migration file of every installed app, the project modules they import and their
data files, Django's and SQLite's versions); every other process, and every later run
while nothing of that changed, copies the template with SQLite's backup API. A changed
migration changes the name, so a stale schema is never copied. PostgreSQL (DATABASE_URL)
migrates as before."""

from __future__ import annotations

import ast
import fcntl
import hashlib
import importlib.util
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.db import connections

SRC = Path(__file__).resolve().parents[1] / "src"


def _migration_files() -> list[Path]:
    files: list[Path] = []
    for app in apps.get_app_configs():
        folder = Path(app.path) / "migrations"
        if folder.is_dir():
            files += sorted(
                p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            )
    return files


def _imported_project_modules(source: Path) -> Iterator[str]:
    """The project modules a migration imports (``ctip.…``), and their parents' members."""
    tree = ast.parse(source.read_bytes())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("ctip."):
                    yield alias.name
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ctip"):
            assert node.module is not None
            yield node.module
            for alias in node.names:
                yield f"{node.module}.{alias.name}"


def _module_files(name: str) -> list[Path]:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return []  # a name imported from a module, not a module
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return []
    origin = Path(spec.origin)
    data = origin.parent / "data"
    extra = sorted(p for p in data.rglob("*") if p.is_file()) if data.is_dir() else []
    return [origin, *extra]


def schema_key() -> str:
    """A hash of everything that decides what the migrations build."""
    digest = hashlib.sha256()
    for part in (django.__version__, sqlite3.sqlite_version, sys.version):
        digest.update(part.encode() + b"\0")
    migrations = _migration_files()
    read = set(migrations)
    for path in migrations:
        if path.suffix == ".py":
            for name in _imported_project_modules(path):
                read.update(_module_files(name))
    for path in sorted(read):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target)


def install(folder: Path) -> None:
    """Make the test database of the default SQLite in-memory connection a copy of the
    template in ``folder``, built there by the first process that needs it."""
    connection = connections["default"]
    if connection.vendor != "sqlite":
        return
    creation = connection.creation
    if not creation.is_in_memory_db(creation._get_test_db_name()):
        return
    original = creation.create_test_db

    def create_test_db(
        verbosity: int = 1, autoclobber: bool = False, serialize: bool = True, keepdb: bool = False
    ) -> str:
        folder.mkdir(parents=True, exist_ok=True)
        template = folder / f"migrated-{schema_key()}.sqlite3"
        with (folder / "migrated.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not template.exists():
                name = original(verbosity, autoclobber, serialize, keepdb)
                partial = template.with_suffix(f".{os.getpid()}.part")
                with sqlite3.connect(partial) as saved:
                    _copy(connection.connection, saved)
                saved.close()
                partial.rename(template)
                for old in folder.glob("migrated-*.sqlite3"):
                    if old != template:
                        old.unlink(missing_ok=True)
                return name
        return _from_template(template, serialize=serialize)

    creation.create_test_db = create_test_db  # type: ignore[method-assign]


def _from_template(template: Path, *, serialize: bool) -> str:
    """What ``create_test_db`` does, with a copy of the template in place of ``migrate``."""
    from django.core.management import call_command

    connection = connections["default"]
    creation = connection.creation
    name = creation._get_test_db_name()
    creation._create_test_db(0, False, False)
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    with sqlite3.connect(f"file:{template}?mode=ro", uri=True) as source:
        _copy(source, connection.connection)
    source.close()
    if serialize:
        connection._test_serialized_contents = creation.serialize_db_to_string()  # type: ignore[attr-defined]
    call_command("createcachetable", database=connection.alias)
    return name


def schema(cursor: Any) -> tuple[set[tuple[str, ...]], set[tuple[str, str]]]:
    """The tables, indexes and triggers of a SQLite database (but the cache's, which
    `ctip migrate` adds beside the migrations), and the migrations recorded as applied."""
    cursor.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master"
        " WHERE name NOT LIKE 'sqlite_%' AND tbl_name != 'ctip_cache'"
    )
    objects = {tuple(row) for row in cursor.fetchall()}
    cursor.execute("SELECT app, name FROM django_migrations")
    applied = {(app, name) for app, name in cursor.fetchall()}
    return objects, applied
