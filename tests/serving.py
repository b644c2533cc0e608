"""A real `ctip serve` on a fresh instance in a temporary folder, for the browser tests
and the load benchmarks (which import this module from the repository root)."""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
CTIP = (sys.executable, "-m", "ctip")


@dataclass(frozen=True)
class Served:
    url: str  # http://127.0.0.1:<port>
    port: int
    pid: int  # the `ctip serve` process


def instance_env(var: Path | str, **settings: str) -> dict[str, str]:
    """This process's environment without any CTIP or Django setting, pointed at ``var``
    (SQLite and keys in there), with ``settings`` (``CTIP_…`` variables) added."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTIP_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        CTIP_VAR_DIR=str(var),
        PYTHONPATH=str(SRC),
        DJANGO_SETTINGS_MODULE="ctip.config.settings.dev",
        **settings,
    )
    return env


def ctip(env: Mapping[str, str], *args: str, timeout: float = 600) -> None:
    """Run one `ctip` command on the instance; its output is shown only if it fails."""
    done = subprocess.run(
        [*CTIP, *args], env=dict(env), capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        raise RuntimeError(f"ctip {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def demo(env: Mapping[str, str], base: Path) -> None:
    """`ctip demo --no-serve` on the instance of ``env``: the first call of a test run
    builds a demo instance once and every call copies it (database, files, keys), as a
    demo build takes a minute. ``base`` is the run's temporary folder (pytest's basetemp;
    its parent when the run is spread over processes, so that they share the copy). An
    instance on another database than its own SQLite file is built afresh."""
    if "DATABASE_URL" in env:
        ctip(env, "demo", "--no-serve", timeout=300)
        return
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    template = root / "demo-template"
    with (root / "demo-template.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "demo-template.ready").exists():
            shutil.rmtree(template, ignore_errors=True)
            ctip(instance_env(template, CTIP_DEMO="1"), "demo", "--no-serve", timeout=300)
            (root / "demo-template.ready").touch()
    var = Path(env["CTIP_VAR_DIR"])
    for suffix in ("", "-keys"):
        source = template.with_name(template.name + suffix)
        if source.is_dir():
            shutil.copytree(source, var.with_name(var.name + suffix), dirs_exist_ok=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_pids(root: int) -> list[int]:
    """A process and its descendants (the uvicorn workers of `ctip serve`)."""
    pids = [root]
    for child in Path(f"/proc/{root}/task/{root}/children").read_text().split():
        pids += server_pids(int(child))
    return pids


SERVERS = ("ctip", "gunicorn", "granian", "uvicorn")


def server_command(server: str, port: int, workers: int, threads: int) -> list[str]:
    """The command that serves CTIP on ``port``: `ctip serve` (granian), or another standard
    server running Django's own handler (gunicorn's threads and granian on WSGI, uvicorn
    on ASGI), each with ``workers`` processes and ``threads`` requests at once per process."""
    bind = ("--host", "127.0.0.1", "--port", str(port))
    python = sys.executable
    if server == "ctip":
        return [
            *CTIP, "serve", "--port", str(port), "--workers", str(workers),
            "--threads", str(threads), "--no-worker",
        ]  # fmt: skip
    if server == "gunicorn":
        return [
            python, "-m", "gunicorn", "ctip.config.wsgi:application", "--bind",
            f"127.0.0.1:{port}", "--worker-class", "gthread", "--workers", str(workers),
            "--threads", str(threads), "--log-level", "warning",
        ]  # fmt: skip
    if server == "granian":
        return [
            python, "-m", "granian", "--interface", "wsgi", *bind, "--workers", str(workers),
            "--blocking-threads", str(threads), "--log-level", "warning",
            "ctip.config.wsgi:application",
        ]  # fmt: skip
    if server == "uvicorn":
        return [
            python, "-m", "uvicorn", "ctip.config.asgi:application", *bind,
            "--workers", str(workers), "--no-server-header", "--log-level", "warning",
        ]  # fmt: skip
    raise ValueError(f"Unknown server {server!r}: one of {', '.join(SERVERS)}.")


@contextmanager
def served(
    env: Mapping[str, str],
    *serve_args: str,
    wait: float = 60,
    command: list[str] | None = None,
    port: int | None = None,
) -> Iterator[Served]:
    """`ctip serve` (or ``command``, serving on ``port``) on a free loopback port until the
    block ends; ready when it answers /healthz. Its log is in ``CTIP_VAR_DIR/serve.log``
    and in the error if it never does."""
    port = port or free_port()
    log_path = Path(env["CTIP_VAR_DIR"]) / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            command or [*CTIP, "serve", "--port", str(port), *serve_args],
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + wait
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/healthz", timeout=1) as r:  # noqa: S310
                        if r.status == 200:
                            break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            f"ctip serve did not start:\n{log_path.read_text()}"
                        ) from None
                    time.sleep(0.2)
            yield Served(url=url, port=port, pid=server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
