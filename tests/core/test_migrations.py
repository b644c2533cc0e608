"""The migrations, run from nothing, build the schema the tests use.

The everyday tests copy a migrated database built once (tests/migrated.py); this test runs
every migration from scratch on a fresh SQLite instance, as an operator's `ctip migrate`
does, and finds the same tables, indexes and applied migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from tests import migrated
from tests.serving import ctip, instance_env


@pytest.mark.slow  # a fresh interpreter running every migration
def test_migrating_from_nothing_builds_the_schema_the_tests_use(db, tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the copied template is the embedded database's")
    var = tmp_path / "fresh"
    ctip(instance_env(var), "migrate", "--verbosity", "0")
    with sqlite3.connect(var / "ctip.sqlite3") as fresh:
        built = migrated.schema(fresh.cursor())
    fresh.close()
    with connection.cursor() as cursor:
        used = migrated.schema(cursor)
    assert built[1], "no migration was recorded as applied"
    assert built == used


def test_the_template_key_changes_with_any_migration_file(monkeypatch, tmp_path: Path) -> None:
    """A changed migration gives another template: never a stale schema."""
    copies = []
    for number, source in enumerate(migrated._migration_files()):
        copy = tmp_path / str(number) / source.name
        copy.parent.mkdir()
        copy.write_bytes(source.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(migrated, "_migration_files", lambda: copies)
    before = migrated.schema_key()
    assert migrated.schema_key() == before
    last = copies[-1]
    last.write_bytes(last.read_bytes() + b"\n# one more operation\n")
    assert migrated.schema_key() != before
