"""The national statistician publishes a table with a hidden cell, sees it drawn, and
downloads it as a spreadsheet, in a real browser on its own demo instance."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from ctip.core.demo import PASSWORD
from tests.browser import _require_browser
from tests.serving import ctip, demo, instance_env, served

pytestmark = pytest.mark.browser

SEED = """
import datetime as dt
from ctip.core import actions
from ctip.core.models import Agency, Province, User
from ctip.cases.models import Case, Person
agency = Agency.objects.get(code="btxh-hanoi")
user = User.objects.filter(agency=agency).first()
statistician = actions.user_create(actor=None, agency=agency, username="thong-ke.quoc-gia",
    password="{password}", roles=["national_statistician"])
for province, sex, n in (("ha-noi", "female", 30), ("ha-noi", "male", 3),
                         ("nghe-an", "female", 20), ("nghe-an", "male", 15)):
    home = Province.objects.get(code=province)
    for i in range(n):
        person = Person.objects.create(full_name=f"P {{i}}", sex=sex, age_min=25, age_max=25,
                                       home_province=home)
        Case.objects.create(person=person, intake_channel="handover",
                            intake_date=dt.date(2025, 5, 10), exploitation_country="KH",
                            lead_agency=agency, created_by=user)
"""


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _require_browser()
    env = instance_env(tmp_path_factory.mktemp("stats-live"), CTIP_DEMO="1")
    demo(env, tmp_path_factory.getbasetemp())
    ctip(env, "shell", "-c", SEED.format(password=PASSWORD), timeout=300)
    with served(env) as server:
        yield server.url


def test_a_release_with_a_hidden_cell_a_chart_and_a_spreadsheet(instance: str, chromium: Any):
    context = chromium.new_context(
        locale="vi-VN", viewport={"width": 1200, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{instance}/login/")
    page.get_by_label("Tên đăng nhập").fill("thong-ke.quoc-gia")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{instance}/**")

    page.goto(f"{instance}/stats/")
    page.get_by_label("Chỉ tiêu").select_option("cases.received")
    page.locator("input[name=period]").first.fill("2025-Q2")
    page.get_by_label("Phân tổ theo").first.select_option("province")
    page.get_by_label("và theo").first.select_option("sex")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("td[data-status=primary]").first).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()

    page.get_by_role("button", name="Công bố", exact=True).click()
    page.wait_for_url(f"{instance}/stats/releases/*/")
    hidden = page.locator("td[data-status=primary]").first
    expect(hidden).to_have_text("ẩn")
    expect(page.locator("svg.chart").first).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về dạng bảng tính (XLSX)").click()
    # The downloaded file has no extension, which openpyxl refuses in a path: read bytes.
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert 68 in values  # the total
    assert 3 not in values  # the three men of Ha Noi stay hidden
    context.close()
