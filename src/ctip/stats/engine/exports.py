"""A published table as XLSX, PDF, and rows of the UNODC Global Report data format.

Pure Python: takes the words already translated and the shown values (None: hidden).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@dataclass(frozen=True)
class Sheet:
    title: str
    subtitle: str  # period, method, threshold
    header: tuple[str, ...]
    rows: tuple[tuple[str | int | float | None, ...], ...]
    notes: tuple[str, ...]
    hidden: str  # the word shown for a hidden cell


def _show(value: str | int | float | None, hidden: str) -> str | int | float:
    return hidden if value is None else value


def xlsx(sheet: Sheet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = "Table"
    ws.append([sheet.title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([sheet.subtitle])
    ws.append([])
    ws.append(list(sheet.header))
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for row in sheet.rows:
        ws.append([_show(v, sheet.hidden) for v in row])
    ws.append([])
    for note in sheet.notes:
        ws.append([note])
    ws.column_dimensions["A"].width = 34
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf(sheet: Sheet, font: Path = DEFAULT_FONT) -> bytes:
    from fpdf import FPDF

    doc = FPDF(orientation="L" if len(sheet.header) > 6 else "P")
    doc.set_auto_page_break(auto=True, margin=12)
    doc.add_font("body", fname=str(font))
    bold = font.with_name(font.stem + "-Bold" + font.suffix)
    doc.add_font("body", style="B", fname=str(bold if bold.exists() else font))
    doc.add_page()
    doc.set_font("body", size=14)
    doc.multi_cell(0, 8, sheet.title, new_x="LMARGIN", new_y="NEXT")
    doc.set_font("body", size=9)
    doc.multi_cell(0, 5, sheet.subtitle, new_x="LMARGIN", new_y="NEXT")
    doc.ln(3)
    with doc.table(text_align="LEFT", first_row_as_headings=True) as table:
        table.row(list(sheet.header))
        for row in sheet.rows:
            table.row([str(_show(v, sheet.hidden)) for v in row])
    doc.ln(3)
    for note in sheet.notes:
        doc.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


UNODC_COLUMNS = ("country", "indicator", "dimension", "category", "sex", "age", "year", "value")


@dataclass(frozen=True)
class UnodcRow:
    indicator: str
    dimension: str
    category: str
    sex: str
    age: str
    year: int
    value: int | None


def unodc_csv(rows: Sequence[UnodcRow], *, country: str = "VNM") -> str:
    """UNODC Global Report data: one line per published value; hidden values are left out
    (the format has no way to say "hidden", and a blank would read as zero)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(UNODC_COLUMNS)
    for r in rows:
        if r.value is None:
            continue
        writer.writerow(
            [country, r.indicator, r.dimension, r.category, r.sex, r.age, r.year, r.value]
        )
    return out.getvalue()


def docx_report(title: str, paragraphs: Sequence[str]) -> bytes:
    """The national report as a Word document: a title and its paragraphs as edited."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        if text.strip():
            document.add_paragraph(text.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_report(title: str, paragraphs: Sequence[str], font: Path = DEFAULT_FONT) -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.set_auto_page_break(auto=True, margin=15)
    doc.add_font("body", fname=str(font))
    doc.add_page()
    doc.set_font("body", size=15)
    doc.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    doc.set_font("body", size=11)
    for text in paragraphs:
        if text.strip():
            doc.multi_cell(0, 6, text.strip(), new_x="LMARGIN", new_y="NEXT")
            doc.ln(2)
    return bytes(doc.output())
