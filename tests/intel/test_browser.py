"""Two public reports, one network, a freeze request and the bank's answer, in a browser.

A citizen reports a recruiter's phone and bank account without signing in; a second
citizen reports the same phone typed another way. The national analyst sees one network
of both reports; the national investigator asks Bank A to freeze the account; Bank A's
liaison answers (done, 25,000,000 VND held) and the investigator reads the answer.
Public reports go to the intake agency (the national office in the demo), so the national
staff of the intel demo read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from ctip.core.demo import PASSWORD

pytestmark = pytest.mark.browser

ANALYST = "analyst.national"
INVESTIGATOR = "investigator.national"
LIAISON = "liaison.bank-a"
BANK_A = "Ngân hàng thương mại A (minh hoạ)"


@pytest.fixture
def as_user(live_ctip: str, chromium: Any) -> Iterator[Any]:
    """Open a page for a demo account (or anonymous), each in its own browser context."""
    contexts: list[Any] = []

    def open_as(username: str | None) -> Any:
        context = chromium.new_context(locale="vi-VN", viewport={"width": 1024, "height": 900})
        contexts.append(context)
        page = context.new_page()
        # The person confirms what cannot be undone (forms marked data-confirm).
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


def _report(page: Any, base: str, type_: str, story: str, rows: list[tuple[str, str, str]]) -> None:
    page.goto(f"{base}/")
    page.get_by_role("link", name="Tố giác lừa đảo").first.click()
    page.get_by_label("Chuyện gì đã xảy ra").select_option(label=type_)
    page.get_by_label("Kể lại sự việc").fill(story)
    for n, (kind, value, detail) in enumerate(rows):
        row = page.get_by_test_id("indicator-row").nth(n)
        row.get_by_label("Loại").select_option(label=kind)
        row.get_by_label("Số, tài khoản, địa chỉ hoặc tên").fill(value)
        if detail:
            row.get_by_label("Ngân hàng, ví điện tử hoặc nền tảng").fill(detail)
    page.get_by_role("button", name="Gửi tin báo").click()
    expect(page.get_by_test_id("report-received")).to_be_visible()


def test_two_public_reports_one_network_a_freeze_and_the_banks_answer(live_ctip, as_user):
    citizen = as_user(None)
    _report(
        citizen,
        live_ctip,
        "Tuyển dụng lừa đảo",
        "Được hứa việc làm ở Campuchia, đã chuyển phí hồ sơ vào tài khoản này.",
        [("Số điện thoại", "0912.345.678", ""), ("Tài khoản ngân hàng", "1903 2468 1357 9", "TCB")],
    )
    relative = as_user(None)
    _report(
        relative,
        live_ctip,
        "Đòi tiền chuộc người bị giữ ở nước ngoài",
        "Số này gọi đòi tiền chuộc em tôi.",
        [("Số điện thoại", "+84 912 345 678", "")],
    )

    # The analyst finds both reports by the phone: one network of two.
    analyst = as_user(ANALYST)
    analyst.get_by_role("navigation", name="Chính").get_by_role(
        "link", name="Tin báo lừa đảo"
    ).click()
    analyst.get_by_label("Dấu hiệu hoặc số hiệu").fill("+84 912 345 678")
    analyst.get_by_role("button", name="Lọc").click()
    analyst.wait_for_url(re.compile(r"q=%2B84"))
    rows = analyst.get_by_role("row").filter(
        has=analyst.get_by_role("link", name=re.compile("^SR-"))
    )
    assert rows.count() == 2
    links = rows.get_by_role("link", name="2 tin báo")
    assert links.count() == 2
    assert links.nth(0).get_attribute("href") == links.nth(1).get_attribute("href")
    links.first.click()
    assert analyst.get_by_test_id("cluster-size").inner_text() == "2"
    network_url = analyst.url
    expect(analyst.get_by_text("+84 912 345 678 — 2 tin báo")).to_be_visible()

    # The investigator asks Bank A to freeze the account.
    investigator = as_user(INVESTIGATOR)
    investigator.goto(network_url)
    investigator.get_by_role("link", name="Yêu cầu phong toả các tài khoản của mạng lưới").click()
    investigator.get_by_label("Gửi tới").select_option(label=BANK_A)
    investigator.get_by_label("Tài khoản ngân hàng: Techcombank 1903246813579").check()
    for box in (
        investigator.get_by_role("group", name="Tin báo liên quan").get_by_role("checkbox").all()
    ):
        box.check()
    investigator.get_by_label("Căn cứ pháp lý").fill(
        "Điều 174 Bộ luật Hình sự; quyết định khởi tố số 12."
    )
    investigator.get_by_label("Hạn trả lời").fill("2030-01-31T17:00")
    investigator.get_by_role("button", name="Gửi yêu cầu").click()
    investigator.wait_for_url(re.compile(r"/intel/freeze/\d+/$"))
    request_url = investigator.url
    reference = investigator.get_by_role("heading", level=1).inner_text().split()[-1]
    assert investigator.get_by_test_id("freeze-status").inner_text() == "Đã gửi, chờ trả lời"

    # Bank A's liaison answers from the inbox.
    liaison = as_user(LIAISON)
    liaison.get_by_role("navigation", name="Chính").get_by_role(
        "link", name="Yêu cầu phong toả nhận được"
    ).click()
    liaison.get_by_role("link", name=reference).click()
    expect(liaison.get_by_text("Techcombank 1903246813579")).to_be_visible()
    liaison.get_by_label("Đã thực hiện: mọi tài khoản đã tạm khoá").check()
    liaison.get_by_label("Số tiền đã phong toả (đồng)").fill("25000000")
    liaison.get_by_label("Chi tiết").fill("Đã tạm khoá lúc 10:05.")
    liaison.get_by_role("button", name="Gửi trả lời").click()
    liaison.wait_for_load_state()
    assert (
        liaison.get_by_test_id("freeze-status").inner_text()
        == "Đã thực hiện: mọi tài khoản đã tạm khoá"
    )
    assert liaison.get_by_role("button", name="Gửi trả lời").count() == 0

    # The investigator reads the answer.
    investigator.goto(request_url)
    assert (
        investigator.get_by_test_id("freeze-status").inner_text()
        == "Đã thực hiện: mọi tài khoản đã tạm khoá"
    )
    expect(investigator.get_by_text("25.000.000")).to_be_visible()
