"""In a browser: the labour authority imports its published list; a job post naming an
enterprise from it with a fee above the cap is warned, the cap shown; a family reports a
confiscated passport in Japan and the Board in Japan finds it in its inbox."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LIST = (
    "Số giấy phép,Tên doanh nghiệp,Mã số thuế,Trạng thái,Thị trường,Điện thoại\n"
    "123/LĐTBXH-GP,Công ty TNHH Dịch vụ Quốc tế Sao Mai,0101234567,Đang hoạt động,"
    '"Nhật Bản; Đài Loan",024 3824 1234\n'
    "GP-45,Công ty CP Nhân lực Hòa Bình,,hoạt động,KR,\n"
).encode()
POST = (
    "Công ty TNHH Dịch vụ Quốc tế Sao Mai (giấy phép 123/LĐTBXH-GP) tuyển 30 nữ đi Nhật "
    "Bản làm điều dưỡng, hợp đồng 3 năm, lương 30 triệu/tháng. Phí dịch vụ 5 tháng lương. "
    "Liên hệ 024 3824 1234."
)


def test_import_warn_and_reach_the_board(live_ctip: str, as_user: Any) -> None:
    officer = as_user("labour-officer.dolab")
    officer.get_by_role("link", name="Doanh nghiệp được cấp phép").first.click()
    officer.get_by_role("link", name="Nhập danh sách được công bố").click()
    officer.get_by_label("Danh sách được công bố (CSV hoặc XLSX)").set_input_files(
        {"name": "danh-sach.csv", "mimeType": "text/csv", "buffer": LIST}
    )
    officer.get_by_role("button", name="Nhập").click()
    expect(officer.get_by_test_id("import-created")).to_have_text("1", timeout=30_000)
    expect(officer.get_by_test_id("import-refused")).to_have_text("1")
    expect(officer.get_by_test_id("import-errors")).to_contain_text("GP-45")

    # Anyone checks the job post: the enterprise is licensed, but the fee is over the cap.
    public = as_user(None)
    public.goto(f"{live_ctip}/check/")
    public.get_by_label("Tin tuyển dụng").fill(POST)
    public.get_by_role("button", name="Kiểm tra tin này").click()
    signs = public.locator("ol.signs")
    expect(signs).to_contain_text("cao hơn mức trần")
    expect(signs).to_contain_text("Mức trần: 3 tháng lương")
    expect(signs).to_contain_text("Luật 69/2020/QH14")

    # The public lookup finds it however it is typed.
    public.goto(f"{live_ctip}/recruiters/")
    public.get_by_label("Tên doanh nghiệp, số giấy phép, mã số thuế hoặc số điện thoại").fill(
        "cty tnhh dv quoc te sao mai"
    )
    public.get_by_role("button", name="Tra cứu").click()
    expect(public.get_by_test_id("licence-number")).to_have_text("123/LĐTBXH-GP")

    # A family reports a confiscated passport; the Board in Japan finds it.
    public.goto(f"{live_ctip}/abroad/report/")
    public.get_by_label("Chuyện gì đã xảy ra").select_option(label="Bị giữ hộ chiếu hoặc giấy tờ")
    public.get_by_label("Người báo tin").select_option(label="Gia đình")
    public.get_by_label("Nước người lao động đang ở").fill("Nhật Bản")
    public.get_by_label("Doanh nghiệp đã đưa người lao động đi (tên hoặc số giấy phép)").fill(
        "123/LĐTBXH-GP"
    )
    public.get_by_label("Họ tên người lao động").fill("Nguyễn Thị Lan")
    public.get_by_role("button", name="Gửi tin báo").click()
    reference = public.get_by_test_id("incident-reference").inner_text()
    assert reference.startswith("NN-")

    board = as_user("board-officer.lmb-japan")
    board.get_by_role("link", name="Sự việc ở nước ngoài").first.click()
    board.get_by_role("link", name=reference).click()
    expect(board.get_by_test_id("incident-kind")).to_have_text("Bị giữ hộ chiếu hoặc giấy tờ")
    expect(board.get_by_test_id("incident-board")).to_contain_text("Nhật Bản")
