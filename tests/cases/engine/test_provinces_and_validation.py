import datetime as dt
from pathlib import Path

import pytest

from ctip.cases.engine.provinces import (
    ProvinceDirectory,
    UnknownProvince,
    default_codes_csv,
    default_provinces_csv,
    normalise_province_name,
)
from ctip.cases.engine.validation import IntakeFacts, age_on, validate_intake
from ctip.cases.labels import label_in

REPO = Path(__file__).resolve().parents[3]
SHARED_CSV = REPO.parent / "shared" / "data" / "provinces_2025.csv"


def _mapping_csv() -> Path:
    path = default_provinces_csv()
    # The platform ships the mapping in core; before it does, use the shared copy.
    return path if path.exists() else SHARED_CSV


@pytest.fixture(scope="module")
def directory():
    return ProvinceDirectory.load(_mapping_csv())


def test_34_current_and_63_former_provinces(directory):
    assert len(directory.provinces) == 34
    assert len(directory.former) == 63


@pytest.mark.parametrize(
    ("text", "code", "name", "former"),
    [
        ("79", "79", "Hồ Chí Minh", None),
        ("1", "01", "Hà Nội", None),
        ("TP. Hồ Chí Minh", "79", "Hồ Chí Minh", None),
        ("Thành phố Hồ Chí Minh", "79", "Hồ Chí Minh", None),
        ("tp hcm", "79", "Hồ Chí Minh", None),
        ("HA NOI", "01", "Hà Nội", None),
        ("Tỉnh Hà Giang", "08", "Tuyên Quang", "Hà Giang"),
        ("thua thien hue", "46", "Huế", "Thừa Thiên Huế"),
        ("Ba Ria - Vung Tau", "79", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu"),
        ("Hoà Bình", "25", "Phú Thọ", "Hòa Bình"),
        ("dak nong", "68", "Lâm Đồng", "Đắk Nông"),
        ("Kiên Giang", "91", "An Giang", "Kiên Giang"),
        ("Ha Tay", "01", "Hà Nội", None),
    ],
)
def test_resolve(directory, text, code, name, former):
    match = directory.resolve(text)
    assert (match.province.code, match.province.name, match.former_name) == (code, name, former)


def test_unknown_province_suggests_close_names(directory):
    with pytest.raises(UnknownProvince, match="Quảng Ngãi") as excinfo:
        directory.resolve("Quang Ngai tinh")
    assert "Quảng Ngãi" in excinfo.value.suggestions
    with pytest.raises(UnknownProvince):
        directory.resolve("99")
    assert not directory.is_valid("Atlantis")
    assert directory.is_valid("Cà Mau")


def test_prefix_stripping():
    assert normalise_province_name("  Tỉnh  Đắk   Lắk ") == "dak lak"


def test_codes_and_mapping_must_agree(tmp_path):
    codes = tmp_path / "codes.csv"
    codes.write_text(
        default_codes_csv().read_text(encoding="utf-8").replace("79,Hồ Chí Minh\n", ""),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="no code for 'Hồ Chí Minh'"):
        ProvinceDirectory.load(_mapping_csv(), codes)


TODAY = dt.date(2025, 9, 1)


def _codes(facts, **kwargs):
    return {(i.field, i.code) for i in validate_intake(facts, today=TODAY, **kwargs)}


def test_valid_intake_has_no_issues(directory):
    facts = IntakeFacts(
        intake_date=dt.date(2025, 8, 30),
        birth_date=dt.date(2001, 9, 2),
        age=24,
        home_province="Nghệ An",
    )
    assert validate_intake(facts, today=TODAY, provinces=directory) == []


def test_future_dates():
    facts = IntakeFacts(intake_date=dt.date(2025, 9, 2), birth_date=dt.date(2026, 1, 1))
    assert _codes(facts) == {("intake_date", "future_date"), ("birth_date", "future_date")}


def test_birth_after_intake():
    facts = IntakeFacts(intake_date=dt.date(2025, 1, 1), birth_date=dt.date(2025, 2, 1))
    assert _codes(facts) == {("birth_date", "birth_after_intake")}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (IntakeFacts(TODAY, age=-1), {("age", "impossible_age")}),
        (IntakeFacts(TODAY, age=121), {("age", "impossible_age")}),
        (IntakeFacts(TODAY, birth_date=dt.date(1880, 1, 1)), {("birth_date", "impossible_age")}),
        (IntakeFacts(TODAY, age_min=30, age_max=20), {("age_max", "inverted_range")}),
        (
            IntakeFacts(TODAY, age_min=-5, age_max=200),
            {("age_min", "impossible_age"), ("age_max", "impossible_age")},
        ),
        (IntakeFacts(TODAY, age=40, age_min=18, age_max=25), {("age", "age_mismatch")}),
        (IntakeFacts(TODAY, age=30, birth_date=dt.date(2001, 1, 1)), {("age", "age_mismatch")}),
        # Counting age the traditional way (one more) is within tolerance.
        (IntakeFacts(TODAY, age=25, birth_date=dt.date(2001, 1, 1)), set()),
        (IntakeFacts(TODAY, age=0, age_min=0, age_max=2), set()),
    ],
)
def test_ages(facts, expected):
    assert _codes(facts) == expected


def test_unknown_province_issue_is_bilingual_with_suggestion(directory):
    issues = validate_intake(
        IntakeFacts(TODAY, home_province="Quang Nga"), today=TODAY, provinces=directory
    )
    assert [(i.field, i.code) for i in issues] == [("home_province", "unknown_province")]
    assert "Quảng Ngãi" in issues[0].message.en
    assert "Quảng Ngãi" in label_in(issues[0].message, "vi")


def test_age_on():
    assert age_on(dt.date(2000, 2, 29), dt.date(2025, 2, 28)) == 24
    assert age_on(dt.date(2000, 2, 29), dt.date(2025, 3, 1)) == 25
