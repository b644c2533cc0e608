"""The cross-border journey in a real browser: the Cambodian police send a list of three,
the Ha Noi police verify two, the Tay Ninh border guard plans a handover at Moc Bai,
imports the manifest and receives two persons at the gate, who become cases; the Nghe An
police are told that a citizen of their province came home."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PARTNER = "partner.kh-police"
VERIFIER = "investigator.police-hanoi"
OFFICER = "reception-officer.bp-tayninh"
PROVINCE_POLICE = "investigator.police-nghean"

LIST = (
    "NGUYEN VAN AN; M; 02/05/1998; Nghe An; C1234567\n"
    "TRAN THI BINH; F; 1995; Ha Tinh;\n"
    "LE VAN CUONG; M; 30; HCM city; C7654321\n"
)
MANIFEST = (
    "No.,Full name,Sex,Date of birth,Place of origin,Passport No.,Remarks\n"
    "1,NGUYEN VAN AN,M,02/05/1998,Nghe An,C1234567,\n"
    "2,TRAN THI BINH,F,1995,Ha Tinh,,wants to call mother\n"
)


def test_a_list_verified_and_two_persons_received_at_the_gate(
    live_ctip: str, as_user: Any, tmp_path: Path
) -> None:
    # The Cambodian police send a list of three, in English.
    partner = as_user(PARTNER)
    partner.goto(f"{live_ctip}/cooperation/verifications/new/")
    partner.get_by_label("Vietnamese agency that answers").select_option(label="Ha Noi City Police")
    partner.get_by_label("Persons").fill(LIST)
    partner.get_by_role("button", name="Send the request").click()
    partner.wait_for_url(re.compile(r"/cooperation/verifications/\d+/$"))
    request_url = partner.url
    expect(partner.get_by_test_id("request-status")).to_have_text("Waiting for answers")

    # The Ha Noi police answer for two persons.
    verifier = as_user(VERIFIER)
    verifier.goto(request_url)
    for row in ("1", "2"):
        person = verifier.get_by_test_id(f"person-{row}")
        person.get_by_label("Trả lời", exact=True).select_option(label="Đã xác nhận là công dân")
        person.get_by_role("button", name="Ghi câu trả lời").click()
        verifier.wait_for_load_state()
        expect(verifier.get_by_test_id(f"answer-{row}")).to_contain_text("Đã xác nhận là công dân")
    partner.reload()
    expect(partner.get_by_test_id("answer-1")).to_contain_text("Confirmed citizen")

    # The Tay Ninh border guard plans the handover at Moc Bai and imports the manifest.
    officer = as_user(OFFICER)
    officer.goto(f"{live_ctip}/cooperation/handovers/new/")
    officer.get_by_label("Cửa khẩu hoặc sân bay").select_option(label="Mộc Bài")
    officer.get_by_label("Cơ quan đối tác nước ngoài").select_option(
        label="Cảnh sát Quốc gia Campuchia (đầu mối) (KH)"
    )
    officer.get_by_role("button", name="Lên kế hoạch").click()
    officer.wait_for_url(re.compile(r"/cooperation/handovers/\d+/$"))
    handover_url = officer.url
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(MANIFEST, encoding="utf-8")
    officer.get_by_label("Danh sách bàn giao (CSV hoặc XLSX)").set_input_files(str(manifest))
    officer.get_by_role("button", name="Nhập", exact=True).click()
    expect(officer.get_by_test_id("manifest-summary")).to_contain_text("2", timeout=60_000)

    # At the gate, on a phone, each person is received.
    gate = as_user(OFFICER, width=390)
    for name in ("NGUYEN VAN AN", "TRAN THI BINH"):
        gate.goto(handover_url)
        gate.get_by_role("link", name=name).click()
        gate.get_by_label("Đã đến").check()
        gate.get_by_label("Đã kiểm tra nhân thân").check()
        gate.get_by_label("Chuyển đến").select_option(label="Hỗ trợ nạn nhân")
        gate.get_by_role("button", name="Ghi nhận", exact=True).click()
        gate.wait_for_url(handover_url)
    expect(gate.get_by_role("link", name=re.compile(r"^CTIP-\d+$"))).to_have_count(2)

    # The home province hears of it.
    province = as_user(PROVINCE_POLICE)
    province.goto(f"{live_ctip}/notifications/")
    expect(province.get_by_text(re.compile("Nghệ An.*Mộc Bài"))).to_be_visible()
