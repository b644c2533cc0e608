"""What an operator relies on: probes, metrics, logs, secrets in files, `ctip help`,
and a run time without the training dependencies."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client, override_settings

from ctip.cli import main
from ctip.config.env import env
from ctip.core import health

SRC = Path(__file__).resolve().parents[2] / "src"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _python(code: str, **settings: str) -> subprocess.CompletedProcess[str]:
    run_env = {k: v for k, v in os.environ.items() if not k.startswith(("CTIP_", "DJANGO_"))}
    run_env.pop("DATABASE_URL", None)
    run_env.update(PYTHONPATH=str(SRC), **settings)
    return subprocess.run(
        [sys.executable, "-c", code], env=run_env, capture_output=True, text=True, timeout=300
    )


# Probes ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_readyz_needs_a_worker_heartbeat():
    answer = Client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"] == {"database": "ok", "cache": "ok", "worker": "failing"}
    health.beat()
    answer = Client().get("/readyz")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "worker": "ok"},
    }


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_the_worker_reports_its_heartbeat():
    assert Client().get("/readyz").json()["checks"]["worker"] == "failing"
    call_command("worker", "--batch", "--no-startup-delay")
    assert Client().get("/readyz").json()["checks"]["worker"] == "ok"


@pytest.mark.slow  # a fresh interpreter, and a migrated instance
def test_probes_answer_over_plain_http_under_the_production_settings(tmp_path):
    code = (
        "import django, json; django.setup(); from django.core.management import call_command;"
        "call_command('migrate', verbosity=0); from django.test import Client; c = Client();"
        "print(json.dumps({p: c.get(p).status_code for p in"
        " ['/healthz', '/readyz', '/metrics', '/login/']}))"
    )
    secret = tmp_path / "secret"
    secret.write_text("s" * 64 + "\n")
    done = _python(
        code,
        DJANGO_SETTINGS_MODULE="ctip.config.settings.prod",
        CTIP_SECRET_KEY_FILE=str(secret),
        CTIP_DATA_KEY="k1:" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        CTIP_AUDIT_KEY="ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CTIP_VAR_DIR=str(tmp_path),
        CTIP_ALLOWED_HOSTS="testserver",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    codes = json.loads(done.stdout.splitlines()[-1])
    # No worker runs here, so not ready; but an answer, not a redirect to https.
    assert codes == {"/healthz": 200, "/readyz": 503, "/metrics": 200, "/login/": 301}


# Metrics ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_count_requests_tasks_and_failed_sign_ins(world):
    Client().get("/healthz")
    Client().post("/login/", {"username": world.users["statistician"].username, "password": "x"})
    text = Client().get("/metrics").content.decode()
    assert 'ctip_http_requests_total{method="GET",status="200"}' in text
    assert 'ctip_http_request_duration_seconds_count{route="core:health"}' in text
    assert 'ctip_tasks{state="ready"} 0.0' in text
    before = _value(text, "ctip_failed_logins_total")
    Client().post("/login/", {"username": world.users["statistician"].username, "password": "y"})
    after = _value(Client().get("/metrics").content.decode(), "ctip_failed_logins_total")
    assert after == before + 1


def _value(text: str, name: str) -> float:
    line = next(line for line in text.splitlines() if line.startswith(name + " "))
    return float(line.split()[1])


@pytest.mark.django_db
@override_settings(CTIP_METRICS_TOKEN="t" * 40)
def test_metrics_answer_only_allowed_addresses_or_the_token():
    outsider = Client(REMOTE_ADDR="203.0.113.9")
    assert outsider.get("/metrics").status_code == 404
    assert outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert outsider.get("/metrics", HTTP_AUTHORIZATION="Bearer " + "t" * 40).status_code == 200
    # X-Forwarded-For from someone who is not the proxy changes nothing.
    spoofed = outsider.get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert spoofed.status_code == 404


# Logs ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_access_line_names_the_client_behind_the_proxy_but_no_query(caplog):
    caplog.set_level(logging.INFO, logger="ctip.access")
    proxied = Client(REMOTE_ADDR="127.0.0.1").get(
        "/lookup/?kind=phone&value=0901234567", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    direct = Client(REMOTE_ADDR="203.0.113.9").get("/healthz", HTTP_X_FORWARDED_FOR="10.0.0.1")
    first, second = (r for r in caplog.records if r.name == "ctip.access")
    assert (first.client, first.path, first.status) == ("198.51.100.7", "/lookup/", 200)
    assert "0901234567" not in caplog.text
    assert first.request_id == proxied["X-Request-ID"]
    assert len(proxied["X-Request-ID"]) == 32
    assert second.client == "203.0.113.9"  # its X-Forwarded-For was not the proxy's
    assert second.request_id == direct["X-Request-ID"] != first.request_id


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_kept_and_a_malformed_one_is_not():
    client = Client(REMOTE_ADDR="127.0.0.1")
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc123def456")["X-Request-ID"] == (
        "abc123def456"
    )
    assert client.get("/healthz", HTTP_X_REQUEST_ID="x\nforged")["X-Request-ID"] != "x\nforged"
    outsider = Client(REMOTE_ADDR="203.0.113.9")
    assert outsider.get("/healthz", HTTP_X_REQUEST_ID="abc123def456")["X-Request-ID"] != (
        "abc123def456"
    )


@pytest.mark.slow  # a fresh interpreter, and a migrated instance
def test_production_logs_are_json_with_the_request_id(tmp_path):
    code = (
        "import django, logging; django.setup();"
        "from ctip.core.logs import request_id; request_id.set('r-1234');"
        "logging.getLogger('ctip.test').warning('hello')"
    )
    done = _python(
        code,
        DJANGO_SETTINGS_MODULE="ctip.config.settings.prod",
        CTIP_SECRET_KEY="s" * 64,
        CTIP_DATA_KEY="k1:" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        CTIP_AUDIT_KEY="ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=",
        CTIP_VAR_DIR=str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello"
    assert line["request_id"] == "r-1234"
    assert line["level"] == "WARNING"


# Secrets ---------------------------------------------------------------------------------


def test_a_secret_is_read_from_the_file_its_name_file_variable_names(tmp_path, monkeypatch):
    path = tmp_path / "db-url"
    path.write_text("postgres://ctip:p@db/ctip\n")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///ignored")
    monkeypatch.setenv("DATABASE_URL_FILE", str(path))
    assert env("DATABASE_URL") == "postgres://ctip:p@db/ctip"
    monkeypatch.setenv("DATABASE_URL_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL_FILE"):
        env("DATABASE_URL")
    monkeypatch.delenv("DATABASE_URL_FILE")
    assert env("DATABASE_URL") == "sqlite:///ignored"


# The command -----------------------------------------------------------------------------


def test_help_lists_ctips_own_commands_one_line_each(capsys):
    main(["help"])
    lines = capsys.readouterr().out.splitlines()
    commands = {line.split()[0]: line for line in lines if line.startswith("  ")}
    assert {"serve", "worker", "backup", "restore", "rotate-key", "intel", "token"} <= set(commands)
    assert "makemigrations" not in commands
    assert "sendtestemail" not in commands
    assert len(commands) < 25
    assert all(line.rstrip().endswith(".") for line in commands.values())


# Dependencies ----------------------------------------------------------------------------


@pytest.mark.slow  # a fresh interpreter, and a migrated instance
def test_the_run_time_works_without_the_training_dependencies(tmp_path):
    code = (
        "import sys; sys.modules['sklearn'] = None; import django, importlib, pkgutil;"
        "django.setup(); import ctip; from django.core.management import call_command;"
        "mods = [m.name for m in pkgutil.walk_packages(ctip.__path__, 'ctip.')"
        " if not m.name.endswith(('.train', '.settings.prod', '.__main__'))];"
        "[importlib.import_module(m) for m in mods];"
        "from ctip.screening.engine import assess; assess('Việc nhẹ lương cao');"
        "call_command('migrate', verbosity=0); print(len(mods), 'sklearn' in sys.modules"
        " and sys.modules['sklearn'] is not None)"
    )
    done = _python(
        code, DJANGO_SETTINGS_MODULE="ctip.config.settings.dev", CTIP_VAR_DIR=str(tmp_path)
    )
    assert done.returncode == 0, done.stderr[-3000:]
    count, imported = done.stdout.splitlines()[-1].split()
    assert int(count) > 100
    assert imported == "False"
