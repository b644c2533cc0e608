"""A person pastes a lure into the public page and sees its signs marked, in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.screening.posts import LURE, XSS

pytestmark = pytest.mark.browser


def _check(page, base_url: str, text: str) -> None:
    page.goto(f"{base_url}/check/")
    page.get_by_label("Tin tuyển dụng", exact=True).fill(text)
    page.get_by_role("button", name="Kiểm tra tin này").click()
    page.wait_for_load_state()


def test_paste_a_lure_and_see_the_signs_highlighted(live_ctip, page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    _check(page, live_ctip, LURE)
    assert page.locator("html").get_attribute("lang") == "vi"
    marks = page.get_by_test_id("marked-post").locator("mark")
    assert marks.count() >= 3
    expect(marks.first).to_be_visible()
    marked = " ".join(marks.all_inner_texts())
    assert "Campuchia" in marked
    assert "20tr/tháng" in marked
    assert page.get_by_test_id("level").inner_text() == "Nguy cơ cao"
    # Each mark links to its explanation, in the page language.
    marks.first.locator("xpath=following-sibling::sup[1]/a").first.click()
    expect(page.locator("#sign-1")).to_be_visible()
    expect(page.get_by_text("Làm việc ở Campuchia, Myanmar hay Lào", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="111").first).to_be_visible()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert not [url for url in missing if "/static/" in url], missing


def test_an_attack_in_the_post_runs_nothing(live_ctip, page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _check(page, live_ctip, XSS)
    assert page.get_by_test_id("marked-post").locator("script, img").count() == 0
    assert "<script>" in page.get_by_test_id("marked-post").inner_text()
    assert not dialogs


def test_check_page_fits_a_small_phone(live_ctip, chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    _check(page, live_ctip, LURE + " https://example.com/" + "a" * 120)
    expect(page.get_by_test_id("marked-post").locator("mark").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
