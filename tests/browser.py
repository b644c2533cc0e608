"""Browser tests: Playwright driving Debian's chromium against a real `ctip serve`.

The server runs in its own process on a fresh demo instance (the ASGI server and the
task worker, as `make demo` starts them). Without a chromium the tests are skipped and
the run says so; CI sets CTIP_REQUIRE_BROWSER=1 so that a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.serving import demo, instance_env, served

CHROMIUM = os.environ.get("CTIP_CHROMIUM") or shutil.which("chromium") or ""
SKIP_PREFIX = "browser test skipped: "


def _require_browser() -> None:
    if CHROMIUM:
        return
    reason = "no chromium found (apt-get install chromium)"
    if os.environ.get("CTIP_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Browser tests are required but {reason}.")
    pytest.skip(f"{SKIP_PREFIX}{reason}")


@pytest.fixture(scope="session")
def live_ctip(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a demo instance served by `ctip serve` in a subprocess."""
    _require_browser()
    env = instance_env(tmp_path_factory.mktemp("live"), CTIP_DEMO="1")
    demo(env, tmp_path_factory.getbasetemp())
    with served(env) as server:
        yield server.url


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
def as_user(live_ctip: str, chromium: Any) -> Iterator[Any]:
    """Open a page signed in as a demo account (or anonymous for None), each in its own
    browser context, in Vietnamese; the person confirms what cannot be undone (forms
    marked data-confirm)."""
    from ctip.core.demo import PASSWORD

    contexts: list[Any] = []

    def open_as(username: str | None, width: int = 1024) -> Any:
        context = chromium.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept())
        if username is None:
            return page
        page.goto(f"{live_ctip}/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_ctip}/")
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(locale="vi-VN", viewport={"width": 1024, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    # Read from the reports, which the test processes send back when the run is spread.
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
        if SKIP_PREFIX in reason:
            terminalreporter.write_line(
                f"NOTE: browser tests were SKIPPED ({reason.split(SKIP_PREFIX, 1)[1]}); "
                "they run in CI.",
                yellow=True,
            )
            return
