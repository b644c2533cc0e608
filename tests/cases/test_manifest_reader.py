"""The one list reader (cases/engine/manifest.py) that the handover import and the
cooperation manifests share."""

from __future__ import annotations

import datetime as dt

import pytest

from ctip.cases.engine import manifest

TODAY = dt.date(2026, 1, 15)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("19/04/1998", manifest.Birth(date=dt.date(1998, 4, 19))),
        ("1988", manifest.Birth(year=1988)),
        (1988.0, manifest.Birth(year=1988)),
        ("34", manifest.Birth(year=1992, age=34)),
        ("about 25", manifest.Birth(year=2001, age=25)),
        ("", manifest.Birth()),
    ],
)
def test_a_birth_is_a_date_a_year_or_an_age(cell: object, expected: manifest.Birth) -> None:
    assert manifest.parse_birth(cell, today=TODAY) == expected


@pytest.mark.parametrize(
    "cell", ["31/02/1990", "2030", "01/01/2027", "1850", "200", "soon", float("inf"), float("nan")]
)
def test_impossible_births_are_refused(cell: object) -> None:
    with pytest.raises(ValueError, match=r"."):
        manifest.parse_birth(cell, today=TODAY)


def test_headers_are_matched_without_case_or_trailing_dot() -> None:
    headers = {"document_number": {"passport no"}, "full_name": {"full name"}}
    assert manifest.header_map(["No.", "FULL NAME", "Passport No."], headers) == {
        1: "full_name",
        2: "document_number",
    }


def test_a_file_that_is_neither_utf8_nor_a_workbook_is_unreadable() -> None:
    with pytest.raises(manifest.UnreadableFile) as error:
        list(manifest.read_rows("Họ tên".encode("utf-16"), "list.csv"))
    assert error.value.kind == "encoding"
    with pytest.raises(manifest.UnreadableFile):
        list(manifest.read_rows(b"PK\x03\x04broken", "list.xlsx"))
