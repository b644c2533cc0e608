"""Reading lists of persons as foreign police, embassies and border posts send them.

One reader for every list CTIP takes (the cases app's handover import, the cooperation
app's manifests): CSV in any of the usual delimiters or an XLSX workbook's first sheet,
cells as text, dates as a date, a year or an estimated age. Pure Python: callers turn
:class:`UnreadableFile` and ``ValueError`` into their own messages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
_YEAR = re.compile(r"\d{4}")
_AGE = re.compile(r"(?:about|approx\.?|~|khoảng)?\s*(\d{1,3})(?:\s*(?:y|yrs|years?|tuổi))?")


class UnreadableFile(ValueError):
    """The file is not a list: ``kind`` is "xlsx" (not a workbook) or "encoding" (not UTF-8)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def read_rows(content: bytes, file_name: str) -> Iterator[list[Any]]:
    """Every row of the file, the header first."""
    if file_name.lower().endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise UnreadableFile("xlsx") from None
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
        workbook.close()
        return
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile("encoding") from None
    try:
        dialect: Any = csv.Sniffer().sniff(decoded[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(decoded), dialect)


def text(value: Any) -> str:
    """A cell as one line of text (a whole float such as 1988.0 as 1988)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_date(value: Any) -> dt.date | None:
    """A calendar date, None for an empty cell; ``ValueError`` for anything else."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    cell = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(cell, fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise ValueError(cell)


@dataclass(frozen=True, slots=True)
class Birth:
    """What a list says of a birth: an exact date, a year, or an age on the list's date."""

    date: dt.date | None = None
    year: int | None = None
    age: int | None = None


def parse_birth(value: Any, *, today: dt.date) -> Birth:
    """ "19/04/1998", "1988", "34", "about 25": a birth, or ``ValueError`` saying why not
    (not a date, in the future, before 1900, an age over 120)."""
    cell = text(value)
    if not cell:
        return Birth()
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            cell = str(int(value))
        except (OverflowError, ValueError):  # inf, nan from a spreadsheet
            raise ValueError("not a number of years") from None
    if _YEAR.fullmatch(cell):
        year = int(cell)
        if not 1900 <= year <= today.year:
            raise ValueError("impossible year")
        return Birth(year=year)
    age = _AGE.fullmatch(cell.casefold())
    if age is not None:
        years = int(age.group(1))
        if years > 120:
            raise ValueError("impossible age")
        return Birth(year=today.year - years, age=years)
    date = parse_date(value)
    if date is not None and (date > today or date.year < 1900):
        raise ValueError("impossible date")
    return Birth(date=date)


def header_map(header: list[Any], headers: Mapping[str, set[str]]) -> dict[int, str]:
    """Column index → field, for the header cells that name one of ``headers``' fields."""
    mapping: dict[int, str] = {}
    for index, raw in enumerate(header):
        name = " ".join(str(raw or "").split()).casefold().rstrip(".:")
        for key, names in headers.items():
            if name in names:
                mapping[index] = key
    return mapping
