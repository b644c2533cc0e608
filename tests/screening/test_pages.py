"""The public check page and the saved-check statistics page."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from ctip.core import provinces
from ctip.core.models import AuditEvent, Province
from ctip.screening.models import SavedCheck
from tests.conftest import sign_in
from tests.screening.posts import LEGIT, LURE, XSS

pytestmark = pytest.mark.django_db


def _post(client: Client, text: str, **extra: object) -> object:
    return client.post("/check/", {"text": text, **extra}, **{"HTTP_ACCEPT_LANGUAGE": "vi"})


def test_page_is_public_and_vietnamese_by_default():
    response = Client().get("/check/")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    html = response.content.decode()
    assert "Kiểm tra tin tuyển dụng" in html
    assert 'href="tel:111"' in html
    assert '<label for="id_text">' in html
    assert '<label for="id_keep">' in html


def test_page_in_english_by_the_switch():
    client = Client()
    client.post("/language/", {"language": "en", "next": "/check/"})
    response = client.post("/check/", {"text": LURE})
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert "Check a job offer" in html
    assert "scam compound" in html
    # Flag explanations follow the page language too.
    assert "Work in Cambodia, Myanmar or Laos" in html
    assert "Never hand over your passport" in html


def test_result_marks_each_flag_in_place_with_its_explanation():
    response = _post(Client(), LURE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="result"' in html
    assert "Nguy cơ cao" in html
    marks = re.findall(r'<mark class="(risk|trust)">(.*?)</mark>', html, re.S)
    assert marks, html
    marked = [text for _, text in marks]
    assert any("Campuchia" in m for m in marked)
    assert any("20tr" in m for m in marked)
    # Vietnamese explanations, numbered and linked from the marks.
    assert 'href="#sign-1"' in html
    assert 'id="sign-1"' in html
    assert "Làm việc ở Campuchia, Myanmar hay Lào" in html
    # Entities: pay per month, destination, contacts, phone, URL.
    assert "20 triệu đồng mỗi tháng" in html
    assert "Campuchia" in html
    assert "+84912345678" in html
    assert "tuyendung_vip" in html
    assert "http://viecnhe.vip/dangky" in html
    assert "Không bao giờ giao hộ chiếu" in html


def test_marked_text_rebuilds_the_post_exactly():
    html = _post(Client(), LURE).content.decode()
    block = re.search(r'<div class="post" data-testid="marked-post">(.*?)</div>', html, re.S)
    assert block is not None
    plain = re.sub(r"<sup>.*?</sup>", "", block.group(1))
    plain = re.sub(r"</?mark[^>]*>", "", plain)
    from html import unescape

    assert unescape(plain) == LURE


def test_an_attack_in_the_post_stays_inert():
    html = _post(Client(), XSS).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&amp; ampersand" in html


def test_a_lawful_offer_is_not_called_a_lure():
    html = _post(Client(), LEGIT).content.decode()
    assert 'class="result level-low"' in html or 'class="result level-medium"' in html
    assert "Không thấy dấu hiệu cảnh báo rõ" in html


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_post_is_a_clear_error(text):
    response = _post(Client(), text)
    assert response.status_code == 400
    assert "Hãy dán tin tuyển dụng cần kiểm tra." in response.content.decode()
    assert 'id="result"' not in response.content.decode()


def test_binary_paste_is_a_clear_error():
    response = _post(Client(), "\x01\x02\x03\x04 abc \x05\x06\x07\x08")
    assert response.status_code == 400
    assert "dữ liệu nhị phân" in response.content.decode()


@override_settings(CTIP_MAX_REQUEST_BYTES=4_000_000, DATA_UPLOAD_MAX_MEMORY_SIZE=4_000_000)
def test_a_megabyte_is_refused_with_a_message():
    response = _post(Client(), "việc nhẹ lương cao " * 60_000)
    assert response.status_code == 400
    assert "Tin quá dài" in response.content.decode()


def test_nothing_is_kept_without_opt_in():
    _post(Client(), LURE)
    assert SavedCheck.objects.count() == 0


def _raw_rows() -> list[tuple[object, ...]]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {SavedCheck._meta.db_table}")
        return cur.fetchall()


def test_opt_in_keeps_the_verdict_but_no_text_or_identifier():
    response = _post(Client(), LURE, keep="on")
    assert "đã được lưu" in response.content.decode()
    rows = _raw_rows()
    assert len(rows) == 1
    raw = repr(rows)
    for secret in ("0912", "84912345678", "tuyendung_vip", "viecnhe", "Tuyển", "CSKH", "20tr"):
        assert secret not in raw, secret
    check = SavedCheck.objects.get()
    assert check.category == "trafficking_lure"
    assert check.level == "high"
    assert check.source == "page"
    assert check.language == "vi"
    assert check.destination_countries == ["KH"]
    assert check.pay_band == "500_1000"
    assert "HIGH_RISK_COUNTRY" in check.flag_codes
    assert 0 <= check.risk_bucket <= 9
    event = AuditEvent.objects.get(event_type="SCREENING_CHECK_SAVED")
    assert event.actor_id is None
    assert event.target_id == str(check.pk)
    assert "0912" not in repr(event.data)


@override_settings(CTIP_SCREENING_RATE_PER_MINUTE=3)
def test_rate_limit_per_address_is_a_clear_429():
    client = Client()
    for _ in range(3):
        assert _post(client, LURE).status_code == 200
    response = _post(client, LURE)
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Chờ một phút" in response.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _post(other, LURE).status_code == 200
    # Reading the page costs nothing.
    assert client.get("/check/").status_code == 200


def test_page_has_no_inline_script_or_style():
    html = _post(Client(), LURE).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)


def test_statistics_show_counts_only(world):
    for text in (LURE, LURE, LEGIT):
        _post(Client(), text, keep="on")
    client = sign_in(Client(), world.users["analyst"])
    response = client.get("/checks/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 lượt kiểm tra" in html
    assert "Mồi nhử vào cơ sở lừa đảo" in html
    assert "Campuchia" in html
    assert "HIGH_RISK_COUNTRY" in html
    assert "0912" not in html
    assert "tuyendung_vip" not in html
    assert client.get("/checks/?weeks=4").status_code == 200
    assert client.get("/checks/?weeks=7").status_code == 400


def test_statistics_need_the_permission(world):
    assert Client().get("/checks/").status_code == 302
    assert sign_in(Client(), world.users["case_worker"]).get("/checks/").status_code == 403


def test_the_province_is_offered_never_required_and_kept_alone():
    html = Client().get("/check/").content.decode()
    assert '<select name="province"' in html
    _post(Client(), LURE, keep="on")
    _post(Client(), LURE, keep="on", province="ha-noi")
    _post(Client(), LURE, province="nghe-an")  # not kept: the province goes with it
    kept = SavedCheck.objects.order_by("pk")
    assert [c.province.code if c.province else None for c in kept] == [None, "ha-noi"]


def test_the_check_page_lists_the_provinces_without_asking_the_database():
    """Provinces are fixed data: the public page reads them from the shipped list, which
    holds what the database holds, and an unknown one is refused."""
    with CaptureQueriesContext(connection) as queries:
        html = Client().get("/check/").content.decode()
    assert not [q["sql"] for q in queries if "core_province" in q["sql"]]
    stored = set(Province.objects.values_list("code", "name"))
    assert set(provinces.choices()) == stored
    assert len(stored) == 34
    for code, name in stored:
        assert f'<option value="{code}">{name}</option>' in html
    refused = _post(Client(), LURE, keep="on", province="ha-tay")
    assert refused.status_code == 400
    assert not SavedCheck.objects.exists()
