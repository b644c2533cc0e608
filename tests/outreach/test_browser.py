"""A campaign to one province, in a browser, sent to an SMSC on loopback.

The communication officer of the Ha Noi police (demo) drafts a campaign to the demo
subscriber list restricted to Ha Noi; the preview shows the unaccented variant in one
GSM-7 part; scheduled now, the worker of `ctip serve` sends it over SMPP 3.4 to the
`smpp34` server this test runs, which answers with delivery receipts; the campaign's page
then shows every message delivered. The published demo warning is in the Atom feed. At
night in Viet Nam the instance's sending clock is set back into the day.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from ctip.core.demo import PASSWORD
from ctip.outreach.demo import LIST_NAME
from tests.browser import _require_browser
from tests.serving import demo, instance_env, served
from tests.smsc import LoopbackSmsc

pytestmark = pytest.mark.browser

OFFICER = "communication-officer.police-hanoi"
# The demo list: numbers 09 10000100 … 09 10000139; Ha Noi unless the number divides by 3.
HANOI = sorted(f"849{i:08d}" for i in range(10_000_100, 10_000_140) if i % 3)


@pytest.fixture(scope="module")
def loopback() -> Iterator[LoopbackSmsc]:
    _require_browser()
    server = LoopbackSmsc()
    yield server
    server.stop()


def back_to_the_day() -> int:
    """Seconds (zero or fewer) that set the instance's sending clock inside 07:00–21:00 in
    Viet Nam: at night, back to the last 10:00, so that the journey runs at any hour."""
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    if 7 <= now.hour < 21:
        return 0
    ten = now.replace(hour=10, minute=0, second=0, microsecond=0)
    if ten > now:
        ten -= timedelta(days=1)
    return int((ten - now).total_seconds())


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, loopback: LoopbackSmsc) -> Iterator[str]:
    env = instance_env(
        tmp_path_factory.mktemp("outreach-live"),
        CTIP_DEMO="1",
        CTIP_SMPP_PORT=str(loopback.port),
        CTIP_SMS_RECEIPT_WAIT="3",
        CTIP_OUTREACH_CLOCK_SHIFT=str(back_to_the_day()),
    )
    demo(env, tmp_path_factory.getbasetemp())
    with served(env) as server:
        yield server.url


def test_a_campaign_to_one_province_is_sent_and_its_reach_shown(
    live: str, loopback: LoopbackSmsc, page: Any
) -> None:
    page.on("dialog", lambda dialog: dialog.accept())  # the officer confirms the sending
    page.goto(f"{live}/login/")
    page.get_by_label("Tên đăng nhập").fill(OFFICER)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live}/")

    page.goto(f"{live}/outreach/campaigns/new/")
    page.get_by_label("Tên", exact=True).fill("Cảnh báo hè Hà Nội")
    page.get_by_label("Nội dung tiếng Việt").fill(
        "Cảnh báo: việc nhẹ lương cao ở Campuchia là bẫy lừa đảo. Gọi 111 nếu cần giúp."
    )
    page.get_by_label(LIST_NAME).check()
    page.get_by_label("Tỉnh, thành phố (để trống: tất cả)").select_option(label="Hà Nội")
    page.get_by_role("button", name="Lưu bản nháp và xem trước").click()

    expect(page.get_by_test_id("preview-text")).to_contain_text("Canh bao: viec nhe luong cao")
    expect(page.get_by_test_id("preview-parts")).to_have_text("1")
    expect(page.get_by_test_id("preview-recipients")).to_have_text(str(len(HANOI)))

    page.get_by_role("button", name="Lên lịch chiến dịch").click()
    expect(page.get_by_test_id("campaign-state")).to_be_visible()
    # Receipts come in while the worker still listens for more: the page is read again until
    # it shows every message delivered and the campaign finished, which come in that order.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        page.reload()
        delivered = page.get_by_test_id("reach-delivered").inner_text().strip()
        state = page.get_by_test_id("campaign-state").inner_text()
        if delivered == str(len(HANOI)) and "Đã gửi" in state:
            break
        time.sleep(1)
    expect(page.get_by_test_id("reach-delivered")).to_have_text(str(len(HANOI)))
    expect(page.get_by_test_id("campaign-state")).to_have_text(re.compile("Đã gửi"))

    # The same gateway carries the hotline's texts to families (the demo has one).
    sent = [r for r in loopback.received if r.text.startswith("Canh bao: viec nhe luong cao")]
    assert sorted(r.destination for r in sent) == HANOI
    assert all(r.data_coding == 0 for r in sent)


def test_the_published_warning_is_on_the_site_and_in_the_feed(live: str, page: Any) -> None:
    page.goto(f"{live}/warnings/")
    expect(page.get_by_test_id("public-warning").first).to_contain_text("Campuchia")
    page.get_by_test_id("public-warning").first.get_by_role("link").click()
    expect(page.get_by_test_id("share")).to_contain_text("Zalo")
    feed = page.request.get(f"{live}/warnings/feed/")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert "Campuchia" in feed.text()
