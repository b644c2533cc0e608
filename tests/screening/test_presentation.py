"""What the check page says: the risk in words and bands, pay ranges kept as ranges,
advice that fits the post."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.translation import override

from ctip.screening import presentation
from ctip.screening.engine import BANDS, assess, band
from tests.screening.posts import LEGIT, LURE

DOMESTIC_SCAM = (
    "Tuyển 20 nhân viên bán hàng siêu thị ở Hà Nội, lương 8-10tr, đi làm ngay. "
    "Nộp phí đồng phục 500k và cọc 1 triệu khi nhận việc, ib mình"
)
ABROAD_LURE_EN = (
    "Hiring customer service in Bangkok, 40-55k PHP a month, tourist visa converted on "
    "arrival, travel arranged, slot deposit 5,000 PHP. Message us on Telegram"
)


@pytest.mark.parametrize("risk", [i / 200 for i in range(201)])
def test_every_risk_has_words_and_no_percentage(risk: float) -> None:
    for language in ("vi", "en"):
        with override(language):
            label, meaning = presentation.band_words(risk)
        assert label
        assert meaning
        assert "%" not in label + meaning
        assert "100" not in label + meaning


def test_bands_cover_the_scale_in_order() -> None:
    assert band(0.0) == "very_unlikely"
    assert band(0.0999) == "very_unlikely"
    assert band(0.1) == "unlikely"
    assert band(0.5) == "uncertain"
    assert band(0.7) == "likely"
    assert band(0.9) == band(1.0) == "very_likely"
    assert [lower for lower, _ in BANDS] == sorted((lower for lower, _ in BANDS), reverse=True)


def test_the_engine_never_claims_certainty() -> None:
    sure = assess(LURE + " Việc nhẹ lương cao, bao vé, không cần hộ chiếu, đi đường tiểu ngạch")
    assert sure.risk <= 0.99
    assert assess(LEGIT).risk >= 0.01


def test_a_pay_range_stays_a_range_in_both_languages() -> None:
    pay = assess("Tuyển phục vụ quán, lương 15-20 triệu/tháng, bao ăn").entities.pay
    assert len(pay) == 1
    with override("vi"):
        assert presentation.pay_line(pay[0]).startswith("15–20 triệu đồng mỗi tháng (khoảng ")
    with override("en"):
        line = presentation.pay_line(pay[0])
    assert line.startswith("15–20 million VND a month (about ")
    assert re.search(r"about \d[\d,]*–\d[\d,]* USD", line)


def test_a_single_figure_stays_single() -> None:
    pay = assess("Tuyển thu ngân, lương 7,5 triệu một tháng").entities.pay
    with override("vi"):
        assert presentation.pay_line(pay[0]).startswith("7,5 triệu đồng mỗi tháng")


def test_advice_for_work_at_home_does_not_talk_of_visas() -> None:
    assessment = assess(DOMESTIC_SCAM)
    assert not presentation.goes_abroad(assessment)
    with override("en"):
        advice = " ".join(presentation.advice(assessment))
    assert "tourist visa" not in advice
    assert "Meet the employer at the workplace" in advice
    assert "Do not pay or top up anything" in advice


def test_advice_for_work_abroad_names_the_visa_and_the_licence() -> None:
    assessment = assess(ABROAD_LURE_EN)
    assert presentation.goes_abroad(assessment)
    with override("en"):
        advice = " ".join(presentation.advice(assessment))
    assert "converted on arrival" in advice
    assert "licensed to send workers abroad" in advice
    assert "Meet the employer at the workplace" not in advice


@pytest.mark.django_db
def test_the_page_shows_words_and_the_range_never_a_percentage() -> None:
    post = "Tuyển gấp CSKH đi Campuchia, lương 15-20tr/tháng, bao ăn ở, k cần kn, ib Zalo"
    response = Client().post("/check/", {"text": post}, HTTP_ACCEPT_LANGUAGE="vi")
    html = response.content.decode()
    result = html[html.index('id="result"') :]
    assert "Rất có thể là lừa đảo hoặc dụ dỗ" in result
    assert "cứ 10 tin thì 9 tin trở lên" in result
    assert "15–20 triệu đồng mỗi tháng" in result
    assert not re.search(r"\d\s?%", result)
