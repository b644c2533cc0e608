"""A child's case across two agencies, walked by the demo staff in a real browser.

A 15-year-old girl is received at the Tay Ninh border post with an estimated age; the
border guard opens the case and hands it to the social protection centre of her home
province (Ha Noi). Its case worker accepts, records the father as suspected of having sold
the debt and an appointed representative, who consents beside the child's own views; holds
the child-safe interview; the supervisor decides on placement with an aunt; the case worker
schedules the follow-up visits.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.cases.test_browser import SUPERVISOR, WORKER

pytestmark = pytest.mark.browser

BORDER = "intake-officer.bp-tayninh"

# Child questionnaire (Vietnamese text) answered "yes".
ANSWERS = (
    "Công việc em phải làm có khác với những gì người ta nói với em lúc đầu không?",
    "Có người trong gia đình sắp xếp chuyến đi, nhận tiền hoặc vay nợ vì chuyến đi",
    "Em có bị bắt phải lừa người khác qua mạng",
)


def _open(page: Any, summary: str) -> Any:
    """The form behind a <details> summary, opened."""
    details = page.locator("details").filter(has=page.get_by_text(summary, exact=True))
    details.get_by_text(summary, exact=True).click()
    return details


def test_a_child_received_at_the_border_is_protected_in_her_home_province(live_ctip, as_user):
    # The border post: an estimated age, said how; no consent from the child alone.
    border = as_user(BORDER)
    border.get_by_role("navigation", name="Chính").get_by_role("link", name="Tiếp nhận mới").click()
    border.get_by_label("Họ và tên").fill("Vừ Thị Ly")
    border.get_by_label("Giới tính").select_option(label="Nữ")
    border.get_by_label("Hoặc tuổi ước tính").fill("15")
    border.get_by_label("Cách ước tính tuổi").select_option(
        label="Ước đoán qua ngoại hình và trao đổi"
    )
    border.get_by_label("Tỉnh, thành phố quê quán").select_option(label="Hà Nội")
    border.get_by_label("Hình thức tiếp nhận").select_option(label="Bàn giao, tiếp nhận công dân")
    border.get_by_label("Cách thoát ra").select_option(label="Được bàn giao")
    border.get_by_role("button", name="Mở hồ sơ").click()
    border.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_url = border.url
    reference = border.get_by_role("heading", level=1).inner_text().split(" ")[0]
    expect(border.get_by_test_id("age-band")).to_have_text("Trẻ em dưới 16 tuổi")
    expect(border.get_by_test_id("age-basis")).to_contain_text("Ước đoán qua ngoại hình")

    # Handed to the social protection centre of her home province.
    section = border.get_by_role("region", name="Chuyển giao")
    section.get_by_text("Chuyển giao hồ sơ cho cơ quan khác").click()
    section.get_by_label("Chuyển giao hồ sơ cho").select_option(
        label="Cơ sở trợ giúp xã hội Hà Nội"
    )
    section.get_by_label("Lý do cơ quan này tiếp nhận hồ sơ").fill("Quê quán ở Hà Nội.")
    section.get_by_role("button", name="Chuyển giao", exact=True).click()
    border.wait_for_load_state()
    expect(border.get_by_test_id("handovers")).to_contain_text("Chờ cơ quan tiếp nhận trả lời")

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

    # The father is suspected of having sold the debt; a representative is appointed.
    father = _open(worker, "Ghi cha mẹ, người giám hộ hoặc người đại diện")
    father.get_by_label("Họ và tên").fill("Vừ A Páo")
    father.get_by_label("Quan hệ với trẻ").select_option(label="Cha")
    father.get_by_label("Bị nghi có liên quan đến việc mua bán hoặc khoản nợ").check()
    father.get_by_label("Nội dung nghi vấn").fill("Bán khoản nợ của con cho người môi giới")
    father.get_by_role("button", name="Lưu").click()
    worker.wait_for_load_state()
    guardians = worker.get_by_test_id("guardians")
    expect(guardians).to_contain_text("không được quyết định thay trẻ")
    rep = _open(worker, "Ghi cha mẹ, người giám hộ hoặc người đại diện")
    rep.get_by_label("Họ và tên").fill("Hà Thị Lan")
    rep.get_by_label("Quan hệ với trẻ").select_option(label="Người đại diện được chỉ định")
    rep.get_by_label("Được chỉ định bởi (với người đại diện được chỉ định)").fill("UBND xã Sơn Đà")
    rep.get_by_role("button", name="Lưu").click()
    worker.wait_for_load_state()
    expect(guardians).to_contain_text("Hà Thị Lan")

    # The representative consents; the child's own views beside it.
    consent = _open(worker, "Ghi sự đồng ý cho trẻ")
    consent.get_by_label("Đồng ý để chúng tôi ghi nhận và sử dụng thông tin").check()
    consent.get_by_label("Người đồng ý").select_option(label="Hà Thị Lan")
    consent.get_by_label("Ý kiến của trẻ").fill("Em muốn ở với dì.")
    consent.get_by_role("button", name="Lưu").click()
    worker.wait_for_load_state()

    # The child-safe interview, with a support person present.
    worker.get_by_test_id("child-interview").click()
    worker.get_by_label("Người hỗ trợ có mặt (họ tên và vai trò)").fill(
        "Hà Thị Lan, người đại diện"
    )
    worker.get_by_label("Khóa đào tạo hoặc chứng chỉ bảo vệ trẻ em của bạn").fill(
        "Tập huấn bảo vệ trẻ em, Bộ LĐTBXH 2025"
    )
    for question in ANSWERS:
        worker.get_by_role("group", name=re.compile(re.escape(question))).get_by_label(
            "Có", exact=True
        ).check()
    worker.get_by_test_id("save-child-interview").click()
    worker.wait_for_url(case_url)
    expect(worker.get_by_text("Đã lưu cuộc phỏng vấn trẻ em.")).to_be_visible()

    # The supervisor decides: not back to the father, with her aunt.
    supervisor = as_user(SUPERVISOR)
    supervisor.goto(case_url)
    decision = _open(supervisor, "Đánh giá lợi ích tốt nhất và nơi ở")
    decision.get_by_label("Hoàn cảnh gia đình").fill("Cha bán khoản nợ; mẹ đi làm xa.")
    decision.get_by_label(
        "Gia đình có tham gia vào việc mua bán hoặc khoản nợ không?"
    ).select_option(label="Có")
    decision.get_by_label("Ở nhà trẻ có an toàn không?").select_option(label="Không an toàn")
    decision.get_by_label(re.compile("^Nơi ở")).select_option(label="Ở với họ hàng")
    decision.get_by_label("Với ai hoặc ở đâu").fill("Dì ruột, Sóc Sơn")
    decision.get_by_label("Cán bộ bảo vệ trẻ em cấp xã tham gia").fill("Nguyễn Thị Dung")
    decision.get_by_role("button", name="Lưu").click()
    supervisor.wait_for_load_state()
    expect(supervisor.get_by_test_id("placement")).to_contain_text("Ở với họ hàng — Dì ruột")

    # Follow-up visits, as often as an adult's at least.
    worker.goto(case_url)
    schedule = _open(worker, "Chọn ngày bắt đầu theo dõi")
    schedule.get_by_role("button", name="Xếp lịch").click()
    worker.wait_for_load_state()
    for sequence in (1, 2, 3, 4):
        expect(worker.get_by_test_id(f"followup-{sequence}")).to_be_visible()
