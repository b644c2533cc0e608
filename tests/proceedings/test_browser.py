"""A denunciation naming a scam network taken to a first-instance judgment in a browser,
and the victim's case worker seeing the stage on the protection case.

The Ha Noi investigator finds the demo network, records the denunciation, initiates the
case, records the suspect (a foreign national), the charge and the victim (the demo
protection case, shared with the police with the person's consent), charges the accused
and hands the case to the procuracy; the procurator indicts to the court; the judge
records the first-instance judgment; the case worker reads the stage, not the file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _form(page: Any, button: str) -> Any:
    return page.locator("form", has=page.get_by_test_id(button))


def _decide(page: Any, decision: str, agency: str | None = None) -> None:
    form = _form(page, "decide")
    form.get_by_label("Quyết định", exact=True).select_option(label=decision)
    if agency:
        form.get_by_label(re.compile("Cơ quan tiếp nhận vụ án")).select_option(label=agency)
    form.get_by_test_id("decide").click()
    expect(page.get_by_text("Đã ghi nhận quyết định.")).to_be_visible()


def test_denunciation_naming_a_network_to_first_instance_judgment(live_ctip, as_user):
    base = live_ctip
    worker = as_user("case-worker.btxh-hanoi")
    worker.goto(f"{base}/cases/")
    worker.get_by_role("link", name=re.compile(r"CTIP-\d+")).first.click()
    protection_id = re.search(r"/cases/(\d+)/", worker.url).group(1)

    police = as_user("investigator.police-hanoi")
    police.goto(f"{base}/intel/clusters/")
    police.locator("table a[href*='/intel/clusters/']").first.click()
    network = re.search(r"/intel/clusters/([^/]+)/", police.url).group(1)

    police.goto(f"{base}/proceedings/denunciations/new/")
    police.get_by_label("Loại thông tin tiếp nhận").select_option(label="Tố giác về tội phạm")
    police.get_by_label("Nội dung tóm tắt").fill("Gia đình tố giác đường dây tuyển người")
    police.get_by_label("Nguồn", exact=True).select_option(label="Đường dây lừa đảo")
    police.get_by_label("Mã đường dây, cuộc gọi hoặc yêu cầu tìm kiếm").fill(network)
    police.get_by_test_id("save-denunciation").click()
    expect(police.get_by_text("Đã ghi nhận tố giác, tin báo.")).to_be_visible()

    resolve = _form(police, "resolve")
    resolve.get_by_label("Quyết định", exact=True).select_option(label="Khởi tố vụ án hình sự")
    resolve.get_by_label("Tên vụ án", exact=True).fill("Vụ mua bán người qua mạng")
    resolve.get_by_test_id("resolve").click()
    expect(police.get_by_test_id("stage")).to_contain_text("Khởi tố")

    police.get_by_text("Ghi nhận người bị tình nghi").click()
    accused = _form(police, "add-accused")
    accused.get_by_label("Họ và tên").fill("Zhang Wei")
    accused.get_by_label("Quốc tịch").fill("Trung Quốc")
    accused.get_by_test_id("add-accused").click()
    expect(police.get_by_text("Đã ghi nhận người bị tình nghi.")).to_be_visible()

    police.get_by_text("Ghi nhận tội danh").click()
    charge = _form(police, "add-charge")
    charge.get_by_label("Điều luật Bộ luật Hình sự").select_option("150")
    charge.get_by_label("Hành vi bị khởi tố").fill("Bán chị A sang Campuchia")
    charge.get_by_test_id("add-charge").click()
    expect(police.get_by_text("Đã ghi nhận tội danh.")).to_be_visible()

    police.get_by_text("Thêm bị hại").click()
    victim = _form(police, "add-victim")
    victim.get_by_label("Số hồ sơ bảo vệ của nạn nhân").fill(protection_id)
    victim.get_by_test_id("add-victim").click()
    expect(police.get_by_text("Đã thêm bị hại.")).to_be_visible()

    _decide(police, "Khởi tố bị can")
    _decide(
        police,
        "Kết thúc điều tra, đề nghị truy tố",
        "Viện kiểm sát nhân dân thành phố Hà Nội",
    )
    case_url = police.url

    procurator = as_user("procurator.vks-hanoi")
    procurator.goto(case_url)
    _decide(procurator, "Truy tố; Tòa án thụ lý", "Tòa án nhân dân thành phố Hà Nội")

    judge = as_user("judge.toa-hanoi")
    judge.goto(case_url)
    _decide(judge, "Bản án sơ thẩm")
    expect(judge.get_by_test_id("stage")).to_contain_text("Xét xử sơ thẩm")

    worker.goto(f"{base}/cases/{protection_id}/")
    panel = worker.locator("section", has=worker.get_by_role("heading", name="Tố tụng hình sự"))
    expect(panel).to_contain_text("Xét xử sơ thẩm")
    expect(panel).to_contain_text(re.compile("Toà án|Tòa án"))
    expect(worker.locator("body")).not_to_contain_text("Zhang Wei")
