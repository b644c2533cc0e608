"""Pure tests of the screening engine: no database, no Django."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.utils.translation import override
from hypothesis import given, settings
from hypothesis import strategies as st

from ctip.screening.engine import InMemoryLookup, InvalidText, assess
from ctip.screening.engine.entities import extract
from ctip.screening.engine.text import detect_language, fold
from ctip.screening.engine.types import entities_of as records
from ctip.screening.presentation import explanation

LURE = (
    "Tuyển gấp 10 bạn CSKH đi Xihanuk, lg 15tr/tháng, bao vé máy bay, k cần kn. "
    "ib zalo 0912 345 678 hoặc tele @vieclam_cpc"
)
LEGIT = (
    "Công ty TNHH May mặc Hòa Phát tuyển 50 công nhân may, lương 8-10 triệu/tháng, "
    "đóng BHXH đầy đủ, phỏng vấn trực tiếp tại nhà máy. Không thu bất kỳ khoản phí nào."
)


def entities_of(text: str):
    return records(extract(fold(text)))


def codes(text: str) -> set[str]:
    return {f.code for f in assess(text).flags}


# -- messy text -------------------------------------------------------------------


def test_diacritics_and_without_give_same_flags() -> None:
    with_marks = "Việc nhẹ lương cao, không cần kinh nghiệm, bao ăn ở"
    without = "Viec nhe luong cao, khong can kinh nghiem, bao an o"
    assert codes(with_marks) == codes(without)
    assert {"EASY_JOB_HIGH_PAY", "NO_EXPERIENCE", "TRAVEL_PAID"} <= codes(with_marks)


@pytest.mark.parametrize(
    "text", ["k cần kn", "ko cần kinh nghiệm", "ko can kn", "không cần kinh nghiệm"]
)
def test_teencode_no_experience(text: str) -> None:
    assert "NO_EXPERIENCE" in codes(f"Tuyển nhân viên, {text}, lương 20tr")


def test_teencode_high_pay_and_inbox() -> None:
    a = assess("viec nhe lg cao ben cpc 20 củ 1 thang, ib minh")
    found = {f.code for f in a.flags}
    assert "EASY_JOB_HIGH_PAY" in found
    assert any(c.channel == "inbox" for c in a.entities.contacts)
    assert a.entities.pay[0].vnd_month == 20_000_000


def test_decomposed_unicode_offsets_point_into_original() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Việc nhẹ lương cao ở Xihanuk, không cần kinh nghiệm")
    a = assess(text)
    assert a.flags
    for flag in a.flags:
        span = text[flag.start : flag.end]
        folded = fold(span).folded
        assert folded.strip()
        assert folded == folded.strip()
    dest = a.entities.destinations[0]
    assert text[dest.start : dest.end] == "Xihanuk"


def test_emojis_keep_offsets() -> None:
    text = "🔥🔥 Việc nhẹ lương cao 💰 ở Sihanoukville ✈️ k cần kn"
    a = assess(text)
    for flag in a.flags:
        assert text[flag.start : flag.end].strip()
    assert any(text[f.start : f.end] == "Sihanoukville" for f in a.flags)


def test_english_post_aimed_at_other_nationals() -> None:
    text = (
        "Urgent hiring for Kenyan graduates: customer service jobs in Thailand, salary "
        "$1,200 per month, free flight and accommodation, no experience needed. "
        "WhatsApp +66 81 234 5678"
    )
    a = assess(text)
    assert a.language == "en"
    assert a.category == "trafficking_lure"
    assert {"URGENCY", "TRAVEL_PAID", "NO_EXPERIENCE"} <= {f.code for f in a.flags}


def test_mixed_vietnamese_and_english() -> None:
    a = assess("Tuyển sale online, salary 1000 USD/month, free visa, đi Campuchia ngay")
    assert a.language == "vi"
    assert a.entities.pay[0].usd_month == 1000
    assert a.entities.destinations[0].country == "KH"


def test_language_detection() -> None:
    assert detect_language(fold("Tuyển nhân viên bán hàng lương 8 triệu")) == "vi"
    assert detect_language(fold("We are hiring a nurse with experience")) == "en"
    assert detect_language(fold("Сотрудник требуется")) == "other"


# -- offsets ------------------------------------------------------------------------


def test_every_flag_span_is_inside_the_text() -> None:
    a = assess(LURE)
    assert a.flags
    for flag in a.flags:
        assert 0 <= flag.start < flag.end <= len(LURE)
        assert flag.explanation
        with override("vi"):
            assert explanation(flag) != flag.explanation


@settings(max_examples=60, deadline=None)
@given(
    prefix=st.text(max_size=40),
    suffix=st.text(max_size=40),
)
def test_offsets_survive_arbitrary_surroundings(prefix: str, suffix: str) -> None:
    text = f"{prefix} đi Xihanuk {suffix}"
    try:
        a = assess(text)
    except InvalidText:
        return
    names = [text[d.start : d.end] for d in a.entities.destinations]
    assert "Xihanuk" in names


# -- entities -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vnd_month", "usd_month", "period"),
    [
        ("lương 15tr/tháng", 15_000_000, 577, "month"),
        ("lương 15 triệu", 15_000_000, 577, "month"),
        ("lương 20 củ", 20_000_000, 769, "month"),
        ("lương 15tr5", 15_500_000, 596, "month"),
        ("500k/ngày", 13_000_000, 500, "day"),
        ("salary $1,000 per month", 26_000_000, 1000, "month"),
        ("1000 đô/tháng", 26_000_000, 1000, "month"),
        ("30,000 baht/month", 24_000_000, 923, "month"),
        ("₱50,000 monthly", 22_500_000, 865, "month"),
        ("50,000 pesos a month", 22_500_000, 865, "month"),
        ("25.000đ/giờ", 5_200_000, 200, "hour"),
        ("$300 weekly", 33_774_000, 1299, "week"),
        ("salary 1,000-1,500 USD", 39_000_000, 1500, "month"),
    ],
)
def test_pay_normalised(text: str, vnd_month: int, usd_month: int, period: str) -> None:
    pay = entities_of(text).pay
    assert len(pay) == 1
    assert pay[0].vnd_month == vnd_month
    assert pay[0].usd_month == usd_month
    assert pay[0].period == period


def test_pay_range_keeps_both_ends() -> None:
    (pay,) = entities_of("lương 18-25 triệu/tháng").pay
    assert (pay.vnd_month_min, pay.vnd_month) == (18_000_000, 25_000_000)


def test_fees_are_not_pay() -> None:
    assert entities_of("đặt cọc 2 triệu để nhận việc").pay == ()


@pytest.mark.parametrize(
    ("spelling", "name", "country"),
    [
        ("Sihanoukville", "Sihanoukville", "KH"),
        ("Xihanuk", "Sihanoukville", "KH"),
        ("Kompong Som", "Sihanoukville", "KH"),
        ("Bavet", "Bavet", "KH"),
        ("Poi Pet", "Poipet", "KH"),
        ("Phnôm Pênh", "Phnom Penh", "KH"),
        ("Myawaddy", "Myawaddy", "MM"),
        ("KK Park", "KK Park", "MM"),
        ("Shwe Kokko", "Shwe Kokko", "MM"),
        ("Tachileik", "Tachileik", "MM"),
        ("Laukkaing", "Laukkaing", "MM"),
        ("Tam Giác Vàng", "Golden Triangle SEZ", "LA"),
        ("Golden Triangle", "Golden Triangle SEZ", "LA"),
        ("Bokeo", "Bokeo", "LA"),
        ("Lào", "Laos", "LA"),
        ("Dubai", "Dubai", "AE"),
        ("Campuchia", "Cambodia", "KH"),
    ],
)
def test_destination_spellings(spelling: str, name: str, country: str) -> None:
    text = f"Tuyển người đi làm ở {spelling} ngay"
    (dest,) = entities_of(text).destinations
    assert (dest.name, dest.country) == (name, country)
    assert text[dest.start : dest.end] == spelling


def test_lao_dong_is_not_laos() -> None:
    assert entities_of("Tuyển lao động phổ thông").destinations == ()


def test_contacts_and_phones() -> None:
    e = entities_of(LURE + " t.me/vieclam88, WhatsApp +855 96 123 4567, fb.com/tuyendung")
    handles = {(c.channel, c.handle) for c in e.contacts}
    assert ("zalo", "+84912345678") in handles
    assert ("telegram", "vieclam_cpc") in handles
    assert ("telegram", "vieclam88") in handles
    assert ("whatsapp", "+855961234567") in handles
    assert ("facebook", "tuyendung") in handles
    assert {p.e164 for p in e.phones} == {"+84912345678", "+855961234567"}


def test_urls_and_domains() -> None:
    e = entities_of("Đăng ký tại https://www.eps.go.kr/vn/index.do hoặc abc-jp.com.vn.")
    assert [u.domain for u in e.urls] == ["eps.go.kr", "abc-jp.com.vn"]


def test_recruiter_and_licence() -> None:
    text = (
        "Công ty CP Nhân lực Quốc tế Sao Mai (Giấy phép số 215/LĐTBXH-GP) tuyển "
        "thực tập sinh đi Nhật Bản."
    )
    e = entities_of(text)
    assert e.recruiters[0].name == "Công ty CP Nhân lực Quốc tế Sao Mai"
    assert e.licences[0].number == "215/LĐTBXH-GP"
    assert "LICENCE_NUMBER" in codes(text)


def test_english_company_name() -> None:
    e = entities_of("Golden Star Manpower Co., Ltd is hiring nurses")
    assert e.recruiters[0].name == "Golden Star Manpower Co., Ltd"


# -- verdicts and calibration -------------------------------------------------------


def test_lure_and_legitimate_verdicts() -> None:
    lure = assess(LURE)
    assert lure.category == "trafficking_lure"
    assert lure.level == "high"
    legit = assess(LEGIT)
    assert legit.category == "legitimate"
    assert legit.level == "low"
    assert legit.risk < lure.risk


def test_task_scam_verdict() -> None:
    a = assess(
        "Tuyển CTV Shopee làm tại nhà, chốt đơn nhận hoa hồng, nạp tiền để nhận nhiệm vụ, "
        "thu nhập 500k/ngày. Liên hệ Telegram."
    )
    assert a.category == "job_scam"
    assert "TASK_SCAM" in {f.code for f in a.flags}


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_risk_and_probabilities_are_in_range(text: str) -> None:
    try:
        a = assess(text)
    except InvalidText:
        return
    assert 0.0 <= a.risk <= 1.0
    assert abs(sum(a.probabilities.values()) - 1.0) < 1e-3
    assert a.level in {"low", "medium", "high"}


# -- bad input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    ["", "   \n\t ", "x" * 1_000_000, b"\xff\xfe\x00\x01", "\x00\x01\x02\x03binary"],
)
def test_bad_input_raises_invalid_text(bad: object) -> None:
    with pytest.raises(InvalidText) as info:
        assess(bad)
    assert str(info.value)


def test_valid_utf8_bytes_are_accepted() -> None:
    assert assess(LURE.encode()).category == "trafficking_lure"


def test_non_text_is_refused() -> None:
    with pytest.raises(InvalidText, match="Expected text"):
        assess(12345)


# -- hooks --------------------------------------------------------------------------


def test_reported_phone_raises_risk_with_a_flag() -> None:
    text = "Tuyển nhân viên bán hàng tại cửa hàng, lương 8 triệu. Liên hệ 0912 345 678"
    base = assess(text)
    lookup = InMemoryLookup(reported={"+84912345678": 7})
    hooked = assess(text, lookup=lookup)
    # Compared before the risk is held within 0.01-0.99, where both may sit at the bound.
    assert hooked.probabilities["legitimate"] < base.probabilities["legitimate"]
    assert hooked.risk >= base.risk
    (flag,) = [f for f in hooked.flags if f.code == "LOOKUP_REPORTED_INDICATOR"]
    assert text[flag.start : flag.end] == "0912 345 678"
    with override("en"):
        assert "7" in explanation(flag)


def test_licensed_recruiter_lowers_risk_with_a_flag() -> None:
    text = (
        "Công ty TNHH Hợp tác Lao động Việt Nhật tuyển thực tập sinh đi Nhật Bản, lương "
        "30 triệu, bao vé máy bay, bay nhanh. Liên hệ Zalo 0987 654 321"
    )
    base = assess(text)
    lookup = InMemoryLookup(licensed_recruiters=["Công ty TNHH Hợp tác Lao động Việt Nhật"])
    hooked = assess(text, lookup=lookup)
    assert hooked.probabilities["legitimate"] > base.probabilities["legitimate"]
    assert hooked.risk <= base.risk
    (flag,) = [f for f in hooked.flags if f.code == "LOOKUP_LICENSED_RECRUITER"]
    assert text[flag.start : flag.end] == "Công ty TNHH Hợp tác Lao động Việt Nhật"
    assert flag.polarity == "trust"


def test_lookup_receives_normalised_query() -> None:
    seen = []

    class Spy:
        def facts(self, query):
            seen.append(query)
            return []

    assess(LURE + " https://vieclam-cpc.xyz/apply", lookup=Spy())
    (query,) = seen
    assert "+84912345678" in query.phones
    assert "vieclam-cpc.xyz" in query.domains
    assert "vieclam_cpc" in query.handles


def test_result_is_json_serialisable() -> None:
    json.dumps(assess(LURE).as_dict(), ensure_ascii=False)


def test_engine_imports_no_django() -> None:
    engine_dir = Path(__file__).parents[3] / "src" / "ctip" / "screening" / "engine"
    imports = re.compile(r"^\s*(?:from|import)\s+(?:django|ninja)\b", re.MULTILINE)
    for path in engine_dir.glob("*.py"):
        assert not imports.search(path.read_text("utf-8")), path
