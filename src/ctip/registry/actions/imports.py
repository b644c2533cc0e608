"""Import of the list of licensed enterprises the labour authority publishes (CSV, XLSX).

Every row is checked on its own: a malformed licence number, an unknown status, an
unreadable date, country or amount is reported with its row number and reasons, and that
row writes nothing. Each row that passes is saved in its own transaction (created,
changed with its history kept, or left as it was). A file that cannot be read at all, or
has no licence number or name column, writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import User
from ctip.core.values import read_money
from ctip.intel.engine.names import fold
from ctip.registry.actions.enterprises import MANAGE, EnterpriseInput, _may_manage, enterprise_save
from ctip.registry.engine import InvalidValue, licence_key
from ctip.registry.events import RegistryEvent
from ctip.registry.models import EnterpriseImport, Status

MAX_ROWS = 5000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
# Headings accepted for each field, folded: the English code and what Vietnamese lists print.
HEADERS: dict[str, set[str]] = {
    "licence_number": {
        "licence number", "license number", "licence", "so giay phep", "giay phep", "so gp",
    },
    "name": {"name", "ten doanh nghiep", "ten cong ty", "doanh nghiep", "ten"},
    "tax_code": {"tax code", "ma so thue", "mst", "ma so doanh nghiep"},
    "issued_on": {"issued on", "ngay cap", "ngay cap phep", "ngay cap giay phep"},
    "expires_on": {"expires on", "ngay het han", "het han"},
    "status": {"status", "trang thai", "tinh trang"},
    "status_decision": {"decision", "status decision", "quyet dinh", "so quyet dinh"},
    "status_decided_on": {"decided on", "status decided on", "ngay quyet dinh"},
    "markets": {"markets", "thi truong", "nuoc tiep nhan"},
    "jobs": {"jobs", "nganh nghe", "cong viec"},
    "branches": {"branches", "chi nhanh"},
    "deposit": {"deposit", "tien ky quy", "ky quy", "so tien ky quy"},
    "legal_representative": {
        "legal representative", "nguoi dai dien", "nguoi dai dien theo phap luat",
    },
    "address": {"address", "dia chi", "tru so", "dia chi tru so chinh"},
    "website": {"website", "trang thong tin dien tu", "trang web"},
    "phones": {"phones", "phone", "dien thoai", "so dien thoai"},
}  # fmt: skip
STATUSES = {
    "active": Status.ACTIVE,
    "licensed": Status.ACTIVE,
    "hoat dong": Status.ACTIVE,
    "dang hoat dong": Status.ACTIVE,
    "con hieu luc": Status.ACTIVE,
    "duoc cap phep": Status.ACTIVE,
    "suspended": Status.SUSPENDED,
    "dinh chi": Status.SUSPENDED,
    "tam dinh chi": Status.SUSPENDED,
    "bi dinh chi": Status.SUSPENDED,
    "revoked": Status.REVOKED,
    "thu hoi": Status.REVOKED,
    "bi thu hoi": Status.REVOKED,
    "da thu hoi": Status.REVOKED,
}


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the heading is row 1
    licence_number: str
    messages: tuple[str, ...]


@dataclass(frozen=True)
class ImportResult:
    record: EnterpriseImport
    rows: int
    created: int
    updated: int
    unchanged: int
    errors: tuple[RowError, ...] = field(default_factory=tuple)


def _rows(content: bytes, file_name: str) -> Iterator[list[Any]]:
    if file_name.lower().endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise ValidationError(
                {"file": _("This file is not a readable XLSX workbook.")}
            ) from None
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
        workbook.close()
        return
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": _("Save the CSV file as UTF-8.")}) from None
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


def _columns(header: list[Any]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for index, raw in enumerate(header):
        name = fold(str(raw or ""))
        for key, names in HEADERS.items():
            if name in names or name.replace(" ", "_") == key:
                mapping[index] = key
    if not {"licence_number", "name"} <= set(mapping.values()):
        raise ValidationError(
            {
                "file": _(
                    "The first row must name the columns; the licence number and the "
                    "name are required (số giấy phép, tên doanh nghiệp)."
                )
            }
        )
    return mapping


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _date(value: Any) -> dt.date | None:
    if value is None or _text(value) == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    raise ValueError(text)


def _list(value: Any) -> tuple[str, ...]:
    text = _text(value).replace(";", "\n").replace("|", "\n")
    if "\n" not in text:
        text = text.replace(",", "\n")
    return tuple(p.strip() for p in text.split("\n") if p.strip())


_LABELS = {
    "issued_on": "issued on",
    "expires_on": "expires on",
    "status_decided_on": "decided on",
}


def parse_row(values: dict[str, Any]) -> tuple[EnterpriseInput | None, list[str]]:
    """An ``EnterpriseInput`` from one row's cells, or the reasons it cannot be read."""
    problems: list[str] = []
    dates: dict[str, dt.date | None] = {}
    for key in ("issued_on", "expires_on", "status_decided_on"):
        try:
            dates[key] = _date(values.get(key))
        except ValueError:
            problems.append(
                _("“%(value)s” is not a date (%(field)s): write it as 31/12/2025.")
                % {"value": _text(values.get(key))[:40], "field": _LABELS[key]}
            )
    raw_status = _text(values.get("status"))
    status = STATUSES.get(fold(raw_status), "") if raw_status else Status.ACTIVE
    if not status:
        problems.append(
            _("“%(value)s” is not a status: licensed, suspended or revoked.")
            % {"value": raw_status[:40]}
        )
    deposit = None
    try:
        amount = read_money(values.get("deposit"))
        deposit = amount.vnd if amount is not None else None
    except ValueError as error:
        problems.append(str(error))
    if problems:
        return None, problems
    return (
        EnterpriseInput(
            licence_number=_text(values.get("licence_number")),
            name=_text(values.get("name")),
            tax_code=_text(values.get("tax_code")),
            issued_on=dates["issued_on"],
            expires_on=dates["expires_on"],
            status=status,
            status_decision=_text(values.get("status_decision")),
            status_decided_on=dates["status_decided_on"],
            markets=_list(values.get("markets")),
            jobs=_list(values.get("jobs")),
            branches=tuple(
                p.strip() for p in _text(values.get("branches")).split(";") if p.strip()
            ),
            deposit_vnd=deposit,
            legal_representative=_text(values.get("legal_representative")),
            address=_text(values.get("address")),
            website=_text(values.get("website")),
            phones=_list(values.get("phones")),
        ),
        [],
    )


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for errors in error.error_dict.values() for e in errors for m in e.messages]
    return [str(m) for m in error.messages]


def list_import(
    *,
    actor: User,
    file_name: str,
    content: bytes,
    progress: Callable[[int, int | None], None] | None = None,
) -> ImportResult:
    """Import a published list; the result reports every refused row."""
    _may_manage(actor)
    rows = _rows(content, file_name)
    header = next(rows, None)
    if header is None:
        raise ValidationError({"file": _("The file is empty.")})
    columns = _columns(header)
    body = [r for r in rows if any(_text(c) for c in r)]
    if len(body) > MAX_ROWS:
        raise ValidationError(
            {"file": _("A list has at most %(max)d rows; split it.") % {"max": MAX_ROWS}}
        )
    with transaction.atomic():
        record = EnterpriseImport.objects.create(
            agency_id=actor.agency_id,
            actor=actor,
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            rows=len(body),
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(body, start=2):
        values = {key: row[i] if i < len(row) else None for i, key in columns.items()}
        licence = _text(values.get("licence_number"))[:60]
        data, problems = parse_row(values)
        if data is None:
            errors.append(RowError(number, licence, tuple(problems)))
            continue
        try:
            key = licence_key(data.licence_number)
        except InvalidValue:
            key = ""
        if key in seen:
            message = _("The same licence number is on row %(row)d.") % {"row": seen[key]}
            errors.append(RowError(number, licence, (message,)))
            continue
        try:
            with transaction.atomic():
                saved = enterprise_save(actor=actor, data=data, source=record)
        except ValidationError as error:
            errors.append(RowError(number, licence, tuple(_messages(error))))
            continue
        seen[key] = number
        counts[saved.outcome] += 1
        if progress is not None and number % 100 == 0:
            progress(number - 1, len(body))
    with transaction.atomic():
        record.created, record.updated = counts["created"], counts["updated"]
        record.unchanged, record.refused = counts["unchanged"], len(errors)
        record.errors = [[e.row, e.licence_number, list(e.messages)] for e in errors]
        record.save()
        audit.record(
            RegistryEvent.LIST_IMPORTED,
            actor=actor,
            target=record,
            data=dict(counts.items()) | {"refused": len(errors)},
        )
    return ImportResult(record, len(body), **counts, errors=tuple(errors))


__all__ = ["MANAGE", "ImportResult", "RowError", "list_import", "parse_row"]
