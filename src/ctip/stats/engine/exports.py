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


@dataclass(frozen=True)
class ReportTableOut:
    """A table of the report as it is written out: its title, its two column heads and
    its rows (a hidden value as the word for it)."""

    title: str
    header: tuple[str, str]
    rows: tuple[tuple[str, str], ...]


def docx_report(
    title: str, paragraphs: Sequence[str], tables: Sequence[ReportTableOut] = ()
) -> bytes:
    """The national report as a Word document: a title, its paragraphs as edited, then
    its tables."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for text in paragraphs:
        if text.strip():
            document.add_paragraph(text.strip())
    for t in tables:
        document.add_heading(t.title, level=2)
        grid = document.add_table(rows=1 + len(t.rows), cols=2)
        grid.style = "Table Grid"
        for r, row in enumerate((t.header, *t.rows)):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_report(
    title: str, paragraphs: Sequence[str], tables: Sequence[ReportTableOut] = ()
) -> bytes:
    """The national report as an OpenDocument text (LibreOffice, ODF 1.2), by odfpy."""
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    heading = Style(name="Heading", family="paragraph")
    heading.addElement(TextProperties(fontsize="16pt", fontweight="bold"))
    heading.addElement(ParagraphProperties(marginbottom="0.3cm"))
    document.styles.addElement(heading)
    document.text.addElement(H(outlinelevel=1, stylename=heading, text=title))
    for text in paragraphs:
        if text.strip():
            document.text.addElement(P(text=text.strip()))
    for n, t in enumerate(tables, start=1):
        document.text.addElement(H(outlinelevel=2, stylename=heading, text=t.title))
        grid = Table(name=f"Table{n}")
        grid.addElement(TableColumn(numbercolumnsrepeated=2))
        for row in (t.header, *t.rows):
            line = TableRow()
            for value in row:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
                line.addElement(cell)
            grid.addElement(line)
        document.text.addElement(grid)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def pdf_report(
    title: str,
    paragraphs: Sequence[str],
    tables: Sequence[ReportTableOut] = (),
    font: Path = DEFAULT_FONT,
) -> bytes:
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
    for t in tables:
        doc.set_font("body", size=12)
        doc.multi_cell(0, 8, t.title, new_x="LMARGIN", new_y="NEXT")
        doc.set_font("body", size=10)
        with doc.table(col_widths=(120, 50), first_row_as_headings=False) as grid:
            for row in (t.header, *t.rows):
                line = grid.row()
                for value in row:
                    line.cell(value)
        doc.ln(3)
    return bytes(doc.output())
