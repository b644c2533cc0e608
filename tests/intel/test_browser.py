"""Two public reports, one network, a freeze request and the banks' answers, in a browser.

A citizen reports a recruiter's phone and two bank accounts without signing in; a second
citizen reports the same phone typed another way. The national analyst sees one network
of both reports and asks for both accounts to be frozen: the account at Vietcombank goes
to Bank A, the one at Techcombank to Bank B. Each liaison is notified and answers for its
account (150,000,000 VND frozen); the national investigator is notified and reads both.
Public reports go to the intake agency (the national office in the demo), so the national
staff of the intel demo read them.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ANALYST = "analyst.national"
INVESTIGATOR = "investigator.national"


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


def _open_notice(page: Any, subject: str) -> None:
    row = page.get_by_role("row").filter(has_text=subject).first
    row.get_by_role("button", name="Mở", exact=True).click()
    page.wait_for_load_state()


def _answer_account(page: Any, account: str, amount: str) -> None:
    """The liaison answers "frozen" with the amount for one account of the request."""
    form = page.locator("form").filter(has=page.get_by_role("group", name=re.compile(account)))
    form.get_by_label("Đã phong tỏa").check()
    form.get_by_label("Số tiền phong tỏa").fill(amount)
    form.get_by_role("button", name="Gửi trả lời cho tài khoản này").click()
    page.wait_for_load_state()


def test_a_freeze_of_two_banks_accounts_goes_to_each_bank_and_comes_back_per_account(
    live_ctip, as_user
):
    """Journey (c): the analyst sends one freeze request for accounts of two banks; each
    bank's liaison is notified and answers for its account; the investigator is notified
    and reads the amounts."""
    citizen = as_user(None)
    _report(
        citizen,
        live_ctip,
        "Tuyển dụng lừa đảo",
        "Được hứa việc làm ở Campuchia, đã chuyển phí hồ sơ vào hai tài khoản này.",
        [
            ("Số điện thoại", "0912.345.678", ""),
            ("Tài khoản ngân hàng", "1903 2468 1357 9", "TCB"),
            ("Tài khoản ngân hàng", "0071 0048 9999", "Vietcombank"),
        ],
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
    links = analyst.get_by_role("row").get_by_role("link", name=re.compile("tin báo$"))
    links.first.click()
    network_url = analyst.url

    # One request for the two accounts: each goes to the bank holding it.
    analyst.goto(network_url)
    analyst.get_by_role("link", name="Yêu cầu phong toả các tài khoản của mạng lưới").click()
    analyst.get_by_label("Tài khoản ngân hàng: Techcombank 1903246813579").check()
    analyst.get_by_label(re.compile("Tài khoản ngân hàng: Vietcombank 007100489999")).check()
    analyst.get_by_label("Căn cứ pháp lý").fill(
        "Điều 174 Bộ luật Hình sự; quyết định khởi tố số 12."
    )
    analyst.get_by_label("Hạn trả lời").fill("2030-01-31T17:00")
    analyst.get_by_role("button", name="Gửi yêu cầu").click()
    analyst.wait_for_url(re.compile(r"/intel/freeze/$"))
    sent = analyst.get_by_text(re.compile(r"Đã gửi yêu cầu FR-\d+ đến"))
    assert sent.count() == 2

    for liaison_name, account in (
        ("liaison.bank-a", "Vietcombank 007100489999"),
        ("liaison.bank-b", "Techcombank 1903246813579"),
    ):
        liaison = as_user(liaison_name)
        liaison.get_by_role("navigation", name="Chính").get_by_role(
            "link", name=re.compile("Thông báo")
        ).click()
        _open_notice(liaison, "đang chờ bạn trả lời")
        expect(liaison.get_by_role("group", name=f"Trả lời cho {account}")).to_be_visible()
        assert (
            liaison.get_by_text(
                "Techcombank" if "bank-a" in liaison_name else "Vietcombank"
            ).count()
            == 0
        )
        _answer_account(liaison, account, "150.000.000")
        assert (
            liaison.get_by_test_id("freeze-status").inner_text()
            == "Đã thực hiện: mọi tài khoản đã tạm khoá"
        )

    # The investigator is notified and reads the amounts, per account.
    investigator = as_user(INVESTIGATOR)
    investigator.get_by_role("navigation", name="Chính").get_by_role(
        "link", name=re.compile("Thông báo")
    ).click()
    answered = investigator.get_by_role("row").filter(has_text="Tổ chức đã trả lời yêu cầu")
    assert answered.count() == 2
    _open_notice(investigator, "Tổ chức đã trả lời yêu cầu")
    expect(investigator.get_by_test_id("account-amount")).to_contain_text("150.000.000")
    expect(investigator.get_by_test_id("time-to-freeze")).to_be_visible()


def test_a_checked_post_reported_with_a_loss_reaches_the_province_police_and_is_verified(
    live_ctip, as_user
):
    """Journey (a): a person checks a job post, reports its number with a loss to the
    police of their province, follows the report; the province's police accept it and
    the public lookup then says it is verified."""
    # Other journeys share this demo instance: count what already waits on the police.
    police = as_user("investigator.police-nghean")
    queue = police.get_by_role("navigation", name="Chính").get_by_role(
        "link", name="Tin báo cần phân loại"
    )
    queue.click()
    waiting = int(police.get_by_test_id("triage-new").inner_text().rsplit("(", 1)[1][:-1])

    citizen = as_user(None)
    citizen.goto(f"{live_ctip}/check/")
    citizen.get_by_label("Tin tuyển dụng").fill(
        "Tuyển gấp 20 bạn làm CSKH ở Campuchia, lương 30 triệu, bao vé máy bay, "
        "liên hệ Zalo 0969 123 456 ngay hôm nay."
    )
    citizen.get_by_role("button", name="Kiểm tra tin này").click()
    expect(citizen.get_by_test_id("verdict")).to_be_visible()
    citizen.get_by_role("link", name="Tố giác lừa đảo").first.click()
    citizen.get_by_label("Chuyện gì đã xảy ra").select_option(label="Tuyển dụng lừa đảo")
    citizen.get_by_label("Tỉnh, thành phố của bạn (không bắt buộc)").select_option(label="Nghệ An")
    citizen.get_by_label("Kể lại sự việc").fill("Đã chuyển phí hồ sơ cho số Zalo này.")
    citizen.get_by_label("Số tiền bị mất").fill("5.000.000")
    row = citizen.get_by_test_id("indicator-row").first
    row.get_by_label("Loại").select_option(label="Số điện thoại")
    row.get_by_label("Số, tài khoản, địa chỉ hoặc tên").fill("0969 123 456")
    citizen.get_by_role("button", name="Gửi tin báo").click()
    code = citizen.get_by_test_id("follow-code").inner_text()
    secret = citizen.get_by_test_id("follow-secret").inner_text()

    # The province's police find it in their triage queue and accept it.
    queue.click()
    assert police.get_by_test_id("triage-new").inner_text().endswith(f"({waiting + 1})")
    # The queue is oldest first: the citizen's report is the last.
    police.get_by_role("link", name=re.compile("^SR-")).last.click()
    police.get_by_label("Tiếp nhận và giao cán bộ").check()
    police.get_by_test_id("triage").click()
    police.wait_for_url(re.compile(r"/intel/triage/$"))
    assert police.get_by_test_id("triage-assigned").inner_text().endswith("(1)")

    # The reporter follows it without an account; the lookup says it is verified.
    citizen.goto(f"{live_ctip}/report/status/")
    citizen.get_by_label("Mã tin báo của bạn").fill(code)
    citizen.get_by_label("Mã bí mật được cấp cùng mã tin báo").fill(secret)
    citizen.get_by_role("button", name="Xem tình trạng").click()
    expect(citizen.get_by_test_id("follow-status")).to_have_text(
        "Đã tiếp nhận: có cán bộ đang thụ lý."
    )
    citizen.goto(f"{live_ctip}/lookup/")
    citizen.get_by_label("Số điện thoại, số tài khoản hoặc địa chỉ web").fill("0969123456")
    citizen.get_by_role("button", name="Tra cứu").click()
    expect(citizen.get_by_test_id("verified")).to_have_text("Có")
    expect(citizen.get_by_test_id("verified-reports")).to_have_text("1")
