"""A person signs in, switches language and reaches the dashboard, in a real browser."""

import pytest
from playwright.sync_api import expect

from ctip.core.demo import PASSWORD

pytestmark = pytest.mark.browser


def test_sign_in_switch_language_reach_dashboard(live_ctip, page):
    page.goto(f"{live_ctip}/")
    assert page.url.startswith(f"{live_ctip}/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_label("Tên đăng nhập").fill("agency-admin.police-hanoi")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_ctip}/")
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff").click()
    expect(page.get_by_role("heading", name="Staff")).to_be_visible()


def test_login_page_fits_a_small_phone_and_works_by_keyboard(live_ctip, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_ctip}/login/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.focus("#id_username")
    page.keyboard.type("statistician.btxh-hanoi")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_ctip}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_no_console_errors_or_csp_violations(live_ctip, page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_ctip}/login/")
    page.goto(f"{live_ctip}/api/v1/docs")
    page.wait_for_load_state("networkidle")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_focus_goes_to_the_first_error_and_irreversible_steps_ask(live_ctip, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_ctip}/report/")
    page.get_by_label("Số tiền bị mất").fill("1.5.000")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    # Nothing was chosen for "what happened": focus is on that field, described by its error.
    focused = page.evaluate("document.activeElement.id")
    assert focused == "id_type"
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert all(page.locator(f"#{ref}").count() == 1 for ref in described.split())
    # A dismissed confirmation sends nothing.
    page.goto(f"{live_ctip}/login/")
    page.get_by_label("Tên đăng nhập").fill("admin")
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', "
        "'<form id=f method=post action=/logout/ data-confirm=Sure?>"
        "<button id=b>x</button></form>')"
    )
    page.click("#b")
    assert questions == ["Sure?"]
    assert page.url.endswith("/login/")
    context.close()
