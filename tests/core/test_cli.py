"""The ctip command, run as an operator would: in fresh processes and fresh instances."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from ctip.core import crypto
from ctip.core.models import AuditEvent, User

SUMMARY = (
    "import json; from django.apps import apps; from ctip.core import audit; "
    "from ctip.core.models import User; from ctip.cases import documents; "
    "from ctip.cases.models import CaseDocument; r = audit.verify(); "
    "print(json.dumps({'counts': {m._meta.label: m._base_manager.count() for m in apps.get_models()"
    " if m.__module__.startswith('ctip.')}, 'chain_ok': r.ok, 'head': r.head_hash, "
    "'secret': User.objects.get(username='admin.national').totp_secret, "
    "'documents': [documents.read(token=d.storage_name, case_id=d.case_id, key=d.file_key)"
    ".decode() for d in CaseDocument.objects.order_by('pk')]}))"
)
ATTACH = (
    "from ctip.cases import documents; from ctip.cases.models import Case, CaseDocument; "
    "from ctip.core.models import User; c = Case.objects.order_by('pk').first(); "
    "t = documents.new_token(); k = documents.write(b'%PDF-1.7 statement', token=t, "
    "case_id=c.pk); CaseDocument.objects.create(case=c, kind='other', "
    "content_type='application/pdf', size=18, storage_name=t, file_key=k, "
    "uploaded_by=User.objects.order_by('pk').first())"
)


def _ctip(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "ctip", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def _ctip_fails(env: dict[str, str], *args: str) -> str:
    """Run a command that must fail with a clear message (no traceback); its stderr."""
    proc = subprocess.run(
        [sys.executable, "-m", "ctip", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc.stderr


def _instance(tmp: Path, name: str, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTIP_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        CTIP_VAR_DIR=str(tmp / name),
        DJANGO_SETTINGS_MODULE="ctip.config.settings.dev",
        PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@pytest.fixture
def pg_databases() -> Iterator[tuple[str, str]]:
    """Two new PostgreSQL databases beside the suite's, dropped when the test is done."""
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    names = [f"ctip_bk_{uuid.uuid4().hex[:8]}" for _ in range(2)]

    def psql(sql: str) -> None:
        subprocess.run(["psql", f"{base}/postgres", "-q", "-c", sql], check=True)

    try:
        for name in names:
            psql(f"CREATE DATABASE {name}")
        yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    finally:
        for name in names:
            psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


BACKENDS = ["sqlite"] + (
    ["postgresql"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else []
)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_backup_restores_into_a_fresh_instance(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    source_url = target_url = None
    if backend == "postgresql":
        source_url, target_url = request.getfixturevalue("pg_databases")
    source = _instance(tmp_path, "source", source_url)
    source["CTIP_DEMO"] = "1"
    _ctip(source, "demo", "--no-serve")
    _ctip(
        source,
        "shell",
        "-c",
        "from ctip.core.models import User; u = User.objects.get(username='admin.national');"
        " u.totp_secret = 'RESTOREDSECRET'; u.save()",
    )
    _ctip(source, "shell", "-c", ATTACH)
    before = json.loads(_ctip(source, "shell", "-v", "0", "-c", SUMMARY))
    assert before["documents"] == ["%PDF-1.7 statement"]
    backup = tmp_path / "ctip.backup"
    _ctip(source, "backup", str(backup))
    assert oct(backup.stat().st_mode)[-3:] == "600"

    target = _instance(tmp_path, "target", target_url)
    # Without its keys, a restore refuses before touching anything.
    refused = _ctip_fails(target, "restore", str(backup))
    assert "Put the instance's keys in place first" in refused
    assert not (tmp_path / "target-keys" / "data.key").exists()
    assert not (tmp_path / "target-keys" / "audit.key").exists()
    shutil.copytree(tmp_path / "source-keys", tmp_path / "target-keys", dirs_exist_ok=True)
    out = _ctip(target, "restore", str(backup))
    assert "audit trail intact" in out
    assert "1 encrypted files, each matching its recorded SHA-256" in out
    after = json.loads(_ctip(target, "shell", "-v", "0", "-c", SUMMARY))
    assert after == before
    assert after["chain_ok"]
    assert after["secret"] == "RESTOREDSECRET"
    assert after["counts"]["core.User"] >= 23
    assert "Audit trail intact" in _ctip(target, "audit", "verify")


@pytest.mark.slow
def test_restore_refuses_a_broken_file_and_a_used_database(tmp_path: Path) -> None:
    env = _instance(tmp_path, "x", None)
    _ctip(env, "migrate")
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"\x00garbage" * 100)
    proc = subprocess.run(
        [sys.executable, "-m", "ctip", "restore", str(junk)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "already holds CTIP data" in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "ctip", "restore", "--replace", str(junk)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "not a CTIP backup archive" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_rotate_key_reencrypts_everything(world, settings, tmp_path):
    # The world was written under the environment's key: the file holds that same key.
    (tmp_path / "data.key").write_text(settings.CTIP_DATA_KEY + "\n")
    settings.CTIP_DATA_KEY = ""
    settings.CTIP_DATA_KEY_FILE = tmp_path / "data.key"
    crypto.reset_keyring_cache()
    try:
        user = world.users["case_worker"]
        user.totp_secret = "ROTATEME"
        user.save()
        old_kid = crypto.keyring().primary[0]
        call_command("rotate_key")
        new_kid = crypto.keyring().primary[0]
        assert new_kid != old_kid
        assert len(settings.CTIP_DATA_KEY_FILE.read_text().split()) == 1
        with connection.cursor() as cur:
            cur.execute("SELECT totp_secret FROM core_user WHERE id = %s", [user.pk])
            assert cur.fetchone()[0].startswith(f"v1.{new_kid}.")
        assert User.objects.get(pk=user.pk).totp_secret == "ROTATEME"
        assert AuditEvent.objects.filter(event_type="DATA_KEY_ROTATED").exists()
    finally:
        crypto.reset_keyring_cache()


def test_key_file_is_private(db, settings, tmp_path):
    settings.CTIP_DATA_KEY = ""
    settings.CTIP_DATA_KEY_FILE = tmp_path / "keys" / "data.key"
    crypto.reset_keyring_cache()
    try:
        crypto.keyring()
        assert oct(settings.CTIP_DATA_KEY_FILE.stat().st_mode)[-3:] == "600"
        assert oct(settings.CTIP_DATA_KEY_FILE.parent.stat().st_mode)[-3:] == "700"
    finally:
        crypto.reset_keyring_cache()


def test_production_refuses_to_start_without_real_keys(tmp_path):
    env = _instance(tmp_path, "prod", None)
    env["DJANGO_SETTINGS_MODULE"] = "ctip.config.settings.prod"
    proc = subprocess.run(
        [sys.executable, "-m", "ctip", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "CTIP_SECRET_KEY" in proc.stderr
    env["CTIP_SECRET_KEY"] = "x" * 60
    proc = subprocess.run(
        [sys.executable, "-m", "ctip", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "CTIP_DATA_KEY" in proc.stderr


def test_token_create_command(world, capsys):
    call_command(
        "token",
        "create",
        "liaison-a",
        "--name",
        "bank gateway",
        "--scope",
        "intel.answer_freeze",
        "--days",
        "30",
    )
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("ctip_")
    from django.test import Client

    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_createadmin_command(db, monkeypatch):
    monkeypatch.setenv("CTIP_ADMIN_PASSWORD", "an admin passphrase 2026")
    call_command("createadmin", "--username", "root")
    root = User.objects.get(username="root")
    assert root.roles == ["agency_admin"]
    assert root.agency.parent is None


@pytest.fixture(scope="module")
def new_instance_command(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str]:
    """A command run on a fresh instance (no migration applied) whose settings variable is
    empty, as an operator's shell may leave it: its environment and its error. One start of
    ctip serves the two tests below (each start costs seconds of CPU)."""
    env = _instance(tmp_path_factory.mktemp("cli"), "new", None)
    env["DJANGO_SETTINGS_MODULE"] = ""
    return env, _ctip_fails(env, "token", "revoke", "99999")


def test_a_command_before_migrate_says_to_migrate(
    new_instance_command: tuple[dict[str, str], str],
) -> None:
    _, stderr = new_instance_command
    assert "Run `ctip migrate` first." in stderr
    assert "migrations to apply" in stderr


def test_an_empty_settings_variable_means_the_default(
    new_instance_command: tuple[dict[str, str], str],
) -> None:
    env, stderr = new_instance_command
    assert "Usage: ctip COMMAND" in _ctip(env, "help")
    # The default settings found the command and its database.
    assert "Unknown command" not in stderr
    assert "Run `ctip migrate` first." in stderr


def test_an_unreachable_database_is_named(tmp_path: Path) -> None:
    env = _instance(tmp_path, "far", "postgres://nobody@127.0.0.1:1/none")
    stderr = _ctip_fails(env, "token", "list")
    assert "CTIP cannot use its database" in stderr
