"""Browser tests: Playwright driving Debian's chromium against a real `ctip serve`.

The server runs in its own process on a fresh demo instance (the ASGI server and the
task worker, as `make demo` starts them). Without a chromium the tests are skipped and
the run says so; CI sets CTIP_REQUIRE_BROWSER=1 so that a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CTIP_CHROMIUM") or shutil.which("chromium") or ""
SRC = Path(__file__).resolve().parents[1] / "src"
SKIPPED: list[str] = []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _require_browser() -> None:
    if CHROMIUM:
        return
    reason = "no chromium found (apt-get install chromium)"
    if os.environ.get("CTIP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser tests are required but {reason}.")
    SKIPPED.append(reason)
    pytest.skip(f"browser test skipped: {reason}")


@pytest.fixture(scope="session")
def live_ctip(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a demo instance served by `ctip serve` in a subprocess."""
    _require_browser()
    var = tmp_path_factory.mktemp("live")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CTIP_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        CTIP_VAR_DIR=str(var),
        CTIP_DEMO="1",
        PYTHONPATH=str(SRC),
        DJANGO_SETTINGS_MODULE="ctip.config.settings.dev",
    )
    subprocess.run(
        [sys.executable, "-m", "ctip", "demo", "--no-serve"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    port = _free_port()
    log = (var / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "ctip", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as r:  # noqa: S310
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise RuntimeError((var / "serve.log").read_text())
    yield url
    server.terminate()
    server.wait(timeout=15)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SKIPPED:
        terminalreporter.write_line(
            f"NOTE: browser tests were SKIPPED ({SKIPPED[0]}); they run in CI.", yellow=True
        )
