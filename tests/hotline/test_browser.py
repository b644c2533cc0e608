"""A call becomes a tracing request with a ransom account, which becomes a freeze
request, and the family follows the status with its reference, in a browser.

The Nghệ An hotline's operator takes a mother's call on Zalo, opens a tracing request
from it without retyping, and records the captors' Vietcombank account. The Nghệ An
police investigator records the same account with "freeze now": the request goes to the
bank holding it (Bank A in the demo). The investigator moves the request to "being
verified"; the mother, without an account, reads that status with her reference and
secret, and nothing else.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

OPERATOR = "hotline-operator.hotline-nghean"
POLICE = "investigator.police-nghean"


def test_a_call_becomes_a_tracing_request_a_freeze_request_and_news_for_the_family(
    live_ctip, as_user
):
    operator = as_user(OPERATOR)
    operator.goto(f"{live_ctip}/hotline/calls/new/")
    # The first field has the focus: the operator types from the first word.
    expect(operator.get_by_label("Kênh")).to_be_focused()
    operator.get_by_label("Kênh").select_option("zalo")
    operator.get_by_label("Người gọi", exact=True).select_option("family")
    operator.get_by_label("Ngôn ngữ").select_option("vi")
    operator.get_by_label("Tỉnh, thành phố").select_option(label="Nghệ An")
    operator.get_by_label("Nội dung", exact=True).select_option("ransom")
    operator.get_by_label("Nội dung trao đổi").fill(
        "Con trai đi Campuchia làm việc, nay bị giữ, họ đòi 100 triệu."
    )
    operator.get_by_label("Kết quả", exact=True).select_option("record_opened")
    operator.get_by_role("button", name="Lưu cuộc gọi").click()
    operator.wait_for_url(re.compile(r"/hotline/calls/\d+/$"))

    operator.get_by_test_id("open-request").click()
    expect(operator.get_by_label("Gia đình cho biết")).to_have_value(
        "Con trai đi Campuchia làm việc, nay bị giữ, họ đòi 100 triệu."
    )
    operator.get_by_label("Tên người cần tìm").fill("Lô Văn Tài")
    operator.get_by_label("Năm sinh (khoảng)").fill("2001")
    operator.get_by_label("Cách người đó ra đi").select_option("job_offer")
    operator.get_by_label("Quốc gia nơi bị giữ").fill("Campuchia")
    operator.get_by_label("Bạo lực hoặc đe doạ").check()
    operator.get_by_label("Số điện thoại gia đình để nhận tin nhắn").fill("0912 111 222")
    operator.get_by_role("button", name="Ghi nhận yêu cầu").click()
    reference = operator.get_by_test_id("request-reference").inner_text().strip()
    secret = operator.get_by_test_id("request-secret").inner_text().strip()
    assert reference.startswith("TR-")

    operator.get_by_role("link", name="Mở yêu cầu").click()
    operator.get_by_label("Số tiền đòi").fill("100 triệu")
    operator.get_by_label("Loại tài khoản").select_option("bank_account")
    operator.get_by_label("Tài khoản hoặc ví").fill("0071 0001 23456")
    operator.get_by_label("Ngân hàng hoặc nhà cung cấp").fill("Vietcombank")
    operator.get_by_role("button", name="Ghi nhận yêu cầu tiền chuộc").click()
    expect(operator.get_by_text("Đã ghi nhận yêu cầu tiền chuộc")).to_be_visible()

    police = as_user(POLICE)
    police.goto(f"{live_ctip}/hotline/requests/")
    police.get_by_role("link", name=reference).click()
    form = police.get_by_test_id("ransom-form")
    form.get_by_label("Loại tài khoản").select_option("bank_account")
    form.get_by_label("Tài khoản hoặc ví").fill("0071000123456")
    form.get_by_label("Ngân hàng hoặc nhà cung cấp").fill("VCB")
    form.get_by_label("Đề nghị tổ chức phong toả ngay").check()
    form.get_by_label("Căn cứ pháp lý của yêu cầu phong toả").fill("Điều 150 Bộ luật Hình sự")
    form.get_by_role("button", name="Ghi nhận yêu cầu tiền chuộc").click()
    expect(police.get_by_text(re.compile(r"Đã gửi yêu cầu phong toả: FR-"))).to_be_visible()

    status = police.get_by_test_id("status-form")
    status.get_by_label("Trạng thái mới").select_option("verifying")
    status.get_by_label("Ghi chú cho điều tra viên").fill("Nguồn tin ở Bavet")
    status.get_by_role("button", name="Đổi").click()
    expect(police.get_by_test_id("request-status")).to_have_text("Đang xác minh")

    family = as_user(None)
    family.goto(f"{live_ctip}/hotline/follow/")
    family.get_by_label("Mã tra cứu của yêu cầu").fill(reference)
    family.get_by_label("Mã bí mật").fill(secret)
    family.get_by_role("button", name="Xem trạng thái").click()
    expect(family.get_by_test_id("follow-status")).to_contain_text("Cơ quan công an đang xác minh.")
    body = family.content()
    assert "Lô Văn Tài" not in body
    assert "Bavet" not in body
