"""One person's case from intake to closure, walked by the demo staff in a real browser.

A case worker of the Ha Noi social protection centre opens the case, records consent to
share with the Nghe An centre, attaches a scanned record and interviews the person; a
supervisor decides on identification and a second supervisor approves it; the case worker
refers the person to the Nghe An shelter, whose case worker finds the referral in the
notification inbox and accepts, and the answer comes back to the Ha Noi inbox; a follow-up visit is
recorded and a supervisor closes the case. Police of another province get a plain "not
found".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WORKER = "case-worker.btxh-hanoi"
SUPERVISOR = "supervisor.btxh-hanoi"
SECOND_SUPERVISOR = "supervisor-2.btxh-hanoi"
RECEIVING_WORKER = "case-worker.btxh-nghean"
OUTSIDER = "investigator.police-nghean"

SCAN = b"%PDF-1.7\n% scanned handover record\n%%EOF\n"

# Answers (Vietnamese question text) that make a presumed adult victim.
PRESUMED = (
    "Công việc thực tế có khác với công việc",
    "Chi phí đi lại, ăn ở được trả trước",
    "Có được hứa mức lương cao bất thường",
    "Anh/chị có bị ép lừa đảo người khác",
    "Anh/chị có phải làm việc từ 12 giờ trở lên",
    "Nơi anh/chị ở có bị canh gác",
    "Anh/chị có bị đánh, chích điện",
)


def _interview(page: Any) -> None:
    """Answer the interview section by section ("Phần 1 / 4" ...), then record it."""
    page.get_by_role("link", name="Phỏng vấn sàng lọc").click()
    while True:
        for question in PRESUMED:
            group = page.get_by_role("group", name=question)
            if group.count():
                group.get_by_label("Có", exact=True).check()
        if not page.get_by_test_id("next-section").count():
            break
        page.get_by_test_id("next-section").click()
        page.wait_for_load_state()
    page.get_by_role("button", name="Lưu phỏng vấn").click()


def _move(page: Any, status: str, reason: str = "") -> None:
    section = page.get_by_role("region", name="Chuyển trạng thái hồ sơ")
    section.get_by_label("Chuyển sang").select_option(label=status)
    if reason:
        section.get_by_label("Lý do").fill(reason)
    section.get_by_role("button", name="Chuyển", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_test_id("case-status").inner_text() == status


def test_a_case_from_intake_to_closure(live_ctip, as_user):
    # Intake, on the two-minute form.
    worker = as_user(WORKER)
    worker.get_by_role("navigation", name="Chính").get_by_role("link", name="Tiếp nhận mới").click()
    worker.get_by_label("Họ và tên").fill("Lò Thị Hoa")
    worker.get_by_label("Giới tính").select_option(label="Nữ")
    worker.get_by_label("Hoặc tuổi ước tính").fill("23")
    worker.get_by_label("Hình thức tiếp nhận").select_option(label="Bàn giao, tiếp nhận công dân")
    worker.get_by_label("Cách thoát ra").select_option(label="Được bàn giao")
    worker.get_by_label("Đồng ý để chúng tôi ghi nhận và sử dụng thông tin").check()
    worker.get_by_role("button", name="Mở hồ sơ").click()
    worker.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_url = worker.url
    assert worker.get_by_test_id("case-status").inner_text() == "Tiếp nhận"
    expect(worker.get_by_text("Lò Thị Hoa")).to_be_visible()

    # Consent to share with the Nghe An centre, which will receive the referral.
    consent = worker.get_by_role("region", name="Sự đồng ý")
    consent.get_by_text("Ghi nhận sự đồng ý").click()
    consent.get_by_label("Đồng ý để chúng tôi ghi nhận và sử dụng thông tin").check()
    consent.get_by_label("Đồng ý chia sẻ hồ sơ với").select_option(
        label="Cơ sở trợ giúp xã hội Nghệ An"
    )
    consent.get_by_role("button", name="Lưu sự đồng ý").click()
    worker.wait_for_load_state()
    expect(
        worker.get_by_role("region", name="Sự đồng ý")
        .get_by_role("listitem")
        .filter(has_text="Chia sẻ với: Cơ sở trợ giúp xã hội Nghệ An")
    ).to_be_visible()

    # A scanned handover record, attached encrypted and downloaded again.
    files = worker.get_by_role("region", name="Tài liệu và ảnh")
    files.get_by_text("Đính kèm tệp").click()
    files.get_by_label("Loại tệp").select_option(label="Văn bản pháp lý hoặc của công an")
    files.get_by_label("Tiêu đề").fill("Biên bản bàn giao")
    files.get_by_label("Tệp (PDF hoặc ảnh, tối đa 10 MB)").set_input_files(
        {"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": SCAN}
    )
    files.get_by_role("button", name="Đính kèm", exact=True).click()
    worker.wait_for_load_state()
    expect(worker.get_by_text("Đã đính kèm tệp.")).to_be_visible()
    with worker.expect_download() as download:
        worker.get_by_role("region", name="Tài liệu và ảnh").get_by_role(
            "link", name="Tải xuống"
        ).click()
    assert Path(download.value.path()).read_bytes() == SCAN

    # Screening interview.
    _interview(worker)
    worker.wait_for_url(case_url)
    assert worker.get_by_test_id("case-status").inner_text() == "Sàng lọc"
    recommendation = worker.get_by_test_id("recommendation").inner_text()
    assert recommendation == "Có dấu hiệu rõ là nạn nhân bị mua bán"
    _move(worker, "Xác định nạn nhân")

    # Identification: one supervisor decides, another approves.
    deciding = as_user(SUPERVISOR)
    deciding.goto(case_url)
    identification = deciding.get_by_role("region", name="Xác định nạn nhân")
    identification.get_by_text("Ghi quyết định").first.click()
    identification.get_by_label("Quyết định", exact=True).select_option(
        label="Xác định là nạn nhân bị mua bán"
    )
    identification.get_by_label("Căn cứ pháp lý").fill("Luật Phòng, chống mua bán người 2024")
    identification.get_by_label("Chứng cứ (mỗi dòng một mục)").fill(
        "Biên bản phỏng vấn sàng lọc\nDanh sách bàn giao của Biên phòng"
    )
    identification.get_by_role("button", name="Ghi quyết định").click()
    deciding.wait_for_load_state()
    expect(deciding.get_by_text("Đang chờ phê duyệt")).to_be_visible()
    # The author is not offered to approve their own decision.
    assert deciding.get_by_role("button", name="Phê duyệt").count() == 0

    approving = as_user(SECOND_SUPERVISOR)
    approving.goto(case_url)
    approving.get_by_role("button", name="Phê duyệt").click()
    approving.wait_for_load_state()
    expect(approving.get_by_text("Đã phê duyệt quyết định.")).to_be_visible()
    _move(approving, "Hỗ trợ")

    # Referral to the Nghe An shelter, accepted by its case worker.
    worker.goto(case_url)
    referrals = worker.get_by_role("region", name="Chuyển gửi", exact=True)
    referrals.get_by_text("Chuyển gửi tới cơ sở cung cấp dịch vụ").click()
    referrals.get_by_label("Cơ sở cung cấp dịch vụ").select_option(
        label="Nhà tạm lánh Nghệ An (minh hoạ)"
    )
    referrals.get_by_label("Lưu trú tại cơ sở trợ giúp").check()
    referrals.get_by_role("button", name="Gửi chuyển gửi").click()
    worker.wait_for_load_state()
    assert worker.get_by_test_id("referral-status").inner_text() == "Đã gửi"

    # The referral reaches the Nghe An centre as a notice in its inbox, naming the case by
    # its reference only.
    receiving = as_user(RECEIVING_WORKER)
    reference = worker.get_by_role("heading", level=1).inner_text().split(" ")[0]
    receiving.get_by_role("navigation", name="Chính").get_by_role(
        "link", name=re.compile("^Thông báo")
    ).click()
    receiving.get_by_role("row").filter(
        has_text=f"Hồ sơ {reference} đã được chuyển gửi đến cơ quan bạn"
    ).get_by_role("button", name="Mở").click()
    receiving.get_by_label("Trả lời").select_option(label="Tiếp nhận")
    receiving.get_by_role("button", name="Gửi trả lời").click()
    receiving.wait_for_load_state()
    assert receiving.get_by_test_id("referral-status").inner_text() == "Đã tiếp nhận"
    # An accepted referral opens the case to the receiving agency.
    receiving.get_by_role("link", name="Mở hồ sơ").click()
    assert receiving.get_by_role("heading", level=1).inner_text().startswith(reference)
    # ... and the answer comes back to the Ha Noi centre's inbox.
    worker.get_by_role("navigation", name="Chính").get_by_role(
        "link", name=re.compile("^Thông báo")
    ).click()
    expect(
        worker.get_by_text(f"Yêu cầu chuyển gửi hồ sơ {reference} đã được chấp nhận.")
    ).to_be_visible()

    # Reintegration schedules the follow-ups; the first visit is recorded.
    worker.goto(case_url)
    _move(worker, "Tái hòa nhập cộng đồng")
    worker.get_by_role("link", name="Ghi nhận lần thăm").first.click()
    for domain in ("An toàn", "Sức khỏe thể chất và tinh thần", "Nơi ở"):
        worker.get_by_label(domain, exact=True).select_option(index=3)
    worker.get_by_role("button", name="Lưu lần thăm").click()
    worker.wait_for_url(case_url)
    expect(worker.get_by_text("Đã ghi nhận lần theo dõi.")).to_be_visible()
    expect(
        worker.get_by_role("region", name="Theo dõi").get_by_text("đã thực hiện")
    ).to_be_visible()

    # Closing is a supervisor's move, with a reason.
    approving.goto(case_url)
    _move(approving, "Đã đóng", "Đã tái hòa nhập ổn định, không cần hỗ trợ thêm.")
    timeline = approving.get_by_role("region", name="Diễn biến").inner_text()
    # The timeline reads as sentences in the reader's language, never as event codes.
    for event in (
        "Mở hồ sơ",
        "Ghi nhận phỏng vấn sàng lọc",
        "Phê duyệt xác định nạn nhân",
        "Chấp nhận chuyển tuyến",
        "Đã thăm theo dõi",
    ):
        assert event in timeline
    assert "CASE_OPENED" not in timeline

    # Police of another province cannot open the case.
    outsider = as_user(OUTSIDER)
    response = outsider.goto(case_url)
    assert response.status == 404
    assert "Lò Thị Hoa" not in outsider.content()


def _count(page: Any, label: str) -> int:
    """The count of a worklist item on the dashboard."""
    item = page.get_by_test_id("worklist").get_by_role("listitem").filter(has_text=label)
    return int(item.get_by_test_id("work-count").inner_text())


def test_a_border_intake_handed_to_the_home_province_then_screened_and_identified(
    live_ctip, as_user
):
    """Journey (b): the border post registers a returnee and hands the case to the social
    protection centre of the home province, whose case worker accepts and screens it; the
    supervisor finds it waiting on the dashboard and identifies; a second one approves."""
    border = as_user("intake-officer.bp-tayninh")
    border.get_by_role("navigation", name="Chính").get_by_role("link", name="Tiếp nhận mới").click()
    border.get_by_label("Họ và tên").fill("Hà Văn Tùng")
    border.get_by_label("Giới tính").select_option(label="Nam")
    border.get_by_label("Hoặc tuổi ước tính").fill("27")
    border.get_by_label("Tỉnh, thành phố quê quán").select_option(label="Hà Nội")
    border.get_by_label("Hình thức tiếp nhận").select_option(label="Bàn giao, tiếp nhận công dân")
    border.get_by_label("Cách thoát ra").select_option(label="Được bàn giao")
    border.get_by_label("Đồng ý để chúng tôi ghi nhận và sử dụng thông tin").check()
    border.get_by_role("button", name="Mở hồ sơ").click()
    border.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_url = border.url
    reference = border.get_by_role("heading", level=1).inner_text().split(" ")[0]

    section = border.get_by_role("region", name="Chuyển giao")
    section.get_by_text("Chuyển giao hồ sơ cho cơ quan khác").click()
    section.get_by_label("Chuyển giao hồ sơ cho").select_option(
        label="Cơ sở trợ giúp xã hội Hà Nội"
    )
    section.get_by_label("Lý do cơ quan này tiếp nhận hồ sơ").fill("Quê quán ở Hà Nội.")
    section.get_by_role("button", name="Chuyển giao", exact=True).click()
    border.wait_for_load_state()
    expect(border.get_by_test_id("handovers")).to_contain_text("Chờ cơ quan tiếp nhận trả lời")

    # The home province's case worker is notified and accepts.
    worker = as_user(WORKER)
    worker.get_by_role("navigation", name="Chính").get_by_role(
        "link", name=re.compile("^Thông báo")
    ).click()
    worker.get_by_role("row").filter(
        has_text=f"Hồ sơ {reference} được chuyển giao cho cơ quan bạn"
    ).get_by_role("button", name="Mở").click()
    worker.get_by_label("Tiếp nhận hồ sơ").check()
    worker.get_by_role("button", name="Gửi trả lời").click()
    worker.wait_for_url(case_url)
    expect(worker.get_by_text("Đã tiếp nhận: cơ quan bạn chủ trì hồ sơ từ nay.")).to_be_visible()

    # The case worker screens; the case moves on to identification.
    _interview(worker)
    worker.wait_for_url(case_url)
    _move(worker, "Xác định nạn nhân")

    # The supervisor finds it waiting and decides; a second supervisor approves.
    deciding = as_user(SUPERVISOR)
    assert _count(deciding, "hồ sơ chờ xác định nạn nhân") >= 1
    deciding.goto(case_url)
    identification = deciding.get_by_role("region", name="Xác định nạn nhân")
    identification.get_by_text("Ghi quyết định").first.click()
    identification.get_by_label("Quyết định", exact=True).select_option(
        label="Xác định là nạn nhân bị mua bán"
    )
    identification.get_by_label("Căn cứ pháp lý").fill("Luật Phòng, chống mua bán người 2024")
    identification.get_by_label("Chứng cứ (mỗi dòng một mục)").fill(
        "Biên bản phỏng vấn sàng lọc\nDanh sách bàn giao của Biên phòng Tây Ninh"
    )
    identification.get_by_role("button", name="Ghi quyết định").click()
    deciding.wait_for_load_state()
    approving = as_user(SECOND_SUPERVISOR)
    assert _count(approving, "quyết định cần phê duyệt") >= 1
    approving.goto(case_url)
    approving.get_by_role("button", name="Phê duyệt").click()
    approving.wait_for_load_state()
    expect(approving.get_by_text("Đã phê duyệt quyết định.")).to_be_visible()
    # The border post still reads the case it handed on, until the centre ends that.
    border.goto(case_url)
    assert border.get_by_role("heading", level=1).inner_text().startswith(reference)


def test_every_field_of_the_intake_spans_a_small_phone(live_ctip, as_user):
    """The border officer types on a phone: every field of the intake is as wide as the
    form, none left at the browser's own size (the phone number's was, being of type tel)."""
    page = as_user("intake-officer.bp-tayninh", width=360)
    page.goto(f"{live_ctip}/cases/new/")
    widths = page.evaluate(
        """[...document.querySelector('[name=full_name]').form.elements]
            .filter(e => ['INPUT', 'SELECT', 'TEXTAREA'].includes(e.tagName))
            .filter(e => !['hidden', 'checkbox', 'radio'].includes(e.type))
            .map(e => [e.name, e.type, Math.round(e.getBoundingClientRect().width)])"""
    )
    assert {"tel", "date", "number", "text"} <= {kind for _, kind, _ in widths}
    full = {name: width for name, _, width in widths}["full_name"]
    assert [(name, width) for name, _, width in widths if width != full] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
