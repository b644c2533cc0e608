"""The systemd units in deploy/systemd: systemd reads them without a complaint, every
``ctip`` command they run exists and takes their arguments, every timer starts a
service, and every service reads the secrets as credentials."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
CTIP = "/opt/ctip/.venv/bin/ctip"
CREDENTIALS = ("secret_key", "data_key", "audit_key", "database_url")


def _read(path: Path) -> dict[str, list[tuple[str, str]]]:
    sections: dict[str, list[tuple[str, str]]] = {}
    current = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            sections[current] = []
        else:
            key, _sep, value = line.partition("=")
            sections[current].append((key, value))
    return sections


def _values(path: Path, section: str, key: str) -> list[str]:
    return [v for k, v in _read(path).get(section, []) if k == key]


def _ctip_commands(path: Path) -> list[list[str]]:
    """The ``ctip`` command lines of a service (also inside ``sh -c '...'``)."""
    out = []
    for line in _values(path, "Service", "ExecStart"):
        words = shlex.split(line.replace("%%", "%"))
        if words[:2] == ["/bin/sh", "-c"]:  # a shell's $(...) stands for one word
            words = shlex.split(re.sub(r"\$\([^)]*\)", "X", words[2]).removeprefix("exec "))
        if words and words[0] == CTIP:
            out.append(words[1:])
    return out


SERVICES = sorted(UNITS.glob("*.service"))


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_reads_every_unit_without_a_complaint(tmp_path: Path) -> None:
    for unit in UNITS.iterdir():  # the program is not installed here: /bin/true stands in
        (tmp_path / unit.name).write_text(unit.read_text().replace(CTIP, "/bin/true"))
    run = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(map(str, tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (run.returncode, run.stdout + run.stderr) == (0, "")


@pytest.mark.parametrize("unit", SERVICES, ids=lambda p: p.name)
def test_each_ctip_command_exists_and_takes_its_arguments(unit: Path, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    commands = _ctip_commands(unit)
    assert commands, f"{unit.name} runs no ctip command"
    known = get_commands()
    for words in commands:
        name = words[0].replace("-", "_")
        assert name in known, f"{unit.name}: no command {name}"
        command = load_command_class(known[name], name)
        command.create_parser("ctip", name).parse_args(words[1:])  # CommandError if not


@pytest.mark.parametrize("unit", SERVICES, ids=lambda p: p.name)
def test_each_service_reads_the_secrets_as_credentials(unit: Path) -> None:
    loaded = {v.split(":")[0] for v in _values(unit, "Service", "LoadCredential")}
    assert loaded == set(CREDENTIALS)
    assert _values(unit, "Service", "User") == ["ctip"]
    assert _values(unit, "Service", "NoNewPrivileges") == ["yes"]


@pytest.mark.parametrize("timer", sorted(UNITS.glob("*.timer")), ids=lambda p: p.name)
def test_each_timer_starts_a_service_and_catches_up_after_a_stop(timer: Path) -> None:
    assert (UNITS / timer.name.replace(".timer", ".service")).exists()
    assert _values(timer, "Timer", "OnCalendar")
    assert _values(timer, "Timer", "Persistent") == ["true"]
    assert _values(timer, "Install", "WantedBy") == ["timers.target"]


def test_the_outreach_receiver_stops_with_sigint_so_it_unbinds() -> None:
    unit = UNITS / "ctip-outreach-listen.service"
    assert _ctip_commands(unit) == [["outreach", "listen"]]
    assert _values(unit, "Service", "KillSignal") == ["SIGINT"]
    assert _values(unit, "Service", "Restart") == ["always"]
