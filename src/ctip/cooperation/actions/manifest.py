"""The list the foreign side sends before a handover (CSV or XLSX, their columns), read by
the one list reader (``cases.engine.manifest``) and kept person by person. Rows that
cannot be read are reported with their number and reason; the others are kept; a
person already on the list is not added twice; a file already imported is not read again."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.cases.engine import manifest
from ctip.cooperation.actions import common
from ctip.cooperation.events import CooperationEvent
from ctip.cooperation.models import (
    HandoverOperation,
    HandoverPerson,
    HandoverStatus,
    ManifestImport,
)
from ctip.core import audit, crypto
from ctip.core.models import User

MAX_ROWS = 5000
HEADERS = {
    "full_name": {"full name", "name", "full_name", "ho_ten", "họ tên", "họ và tên", "ho va ten"},
    "sex": {"sex", "gender", "giới tính", "gioi tinh"},
    "birth": {
        "date of birth",
        "dob",
        "birth date",
        "birth_date",
        "year of birth",
        "age",
        "ngày sinh",
        "năm sinh",
        "tuổi",
    },
    "home_place": {
        "place of origin",
        "home place",
        "hometown",
        "home town",
        "address",
        "province",
        "quê quán",
        "que quan",
        "địa chỉ",
    },
    "document_number": {
        "passport no",
        "passport",
        "passport number",
        "document number",
        "id number",
        "cccd",
        "số hộ chiếu",
        "số giấy tờ",
    },
    "remark": {"remarks", "remark", "note", "notes", "ghi chú"},
}


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: str


@dataclass(frozen=True)
class ManifestReport:
    rows_total: int
    added: int
    already_imported: bool = False
    duplicates: tuple[int, ...] = ()
    problems: tuple[RowProblem, ...] = field(default_factory=tuple)


def _require_sender(actor: User, operation: HandoverOperation) -> None:
    """The leading agency or the counterpart itself sends the list."""
    common.require(actor, "cooperation.handover")
    if actor.agency_id not in {operation.lead_agency_id, operation.counterpart_id}:
        raise PermissionDenied("cooperation.handover")


def _columns(rows: Any) -> dict[int, str]:
    columns = manifest.header_map(next(rows, []), HEADERS)
    if "full_name" not in columns.values():
        raise ValidationError(
            {"file": _("The first row must name the columns; a name column is required.")}
        )
    return columns


def _rows(content: bytes, file_name: str) -> Any:
    try:
        yield from manifest.read_rows(content, file_name)
    except manifest.UnreadableFile as error:
        if error.kind == "xlsx":
            raise ValidationError(
                {"file": _("This file is not a readable XLSX workbook.")}
            ) from None
        raise ValidationError({"file": _("Save the CSV file as UTF-8.")}) from None


def manifest_check(
    *, actor: User, operation: HandoverOperation, file_name: str, content: bytes
) -> None:
    """Refuse before queuing: a closed handover, an unreadable file, no name column."""
    _require_sender(actor, operation)
    if operation.status != HandoverStatus.PLANNED:
        raise ValidationError({"file": _("This handover is closed.")})
    _columns(iter(_rows(content, file_name)))


def _row_key(operation_id: int, person: common.CleanPerson) -> str:
    birth = person.birth.date or person.birth.year or ""
    name = common.name_key(person.full_name)
    canonical = f"{operation_id}|{name}|{birth}|{person.document_number.upper()}"
    return crypto.blind_index("manifest_row", canonical)[:64]


def manifest_import(
    *,
    actor: User,
    operation: HandoverOperation,
    file_name: str,
    content: bytes,
) -> ManifestReport:
    manifest_check(actor=actor, operation=operation, file_name=file_name, content=content)
    file_hash = hashlib.sha256(content).hexdigest()
    earlier = ManifestImport.objects.filter(operation=operation, file_hash=file_hash).first()
    if earlier is not None:
        return ManifestReport(
            earlier.rows_total,
            0,
            already_imported=True,
            problems=tuple(RowProblem(**p) for p in earlier.problems or []),
        )
    rows = iter(_rows(content, file_name))
    columns = _columns(rows)
    today = common.today()
    problems: list[RowProblem] = []
    duplicates: list[int] = []
    kept: list[HandoverPerson] = []
    keys = set(HandoverPerson.objects.filter(operation=operation).values_list("row_key", flat=True))
    total = 0
    for number, raw in enumerate(rows, start=2):
        if not any(manifest.text(v) for v in raw):
            continue
        total += 1
        if total > MAX_ROWS:
            raise ValidationError({"file": _("A list holds at most %d rows.") % MAX_ROWS})
        values = {columns[i]: v for i, v in enumerate(raw) if i in columns}
        clean, row_problems = common.clean_person(
            full_name=values.get("full_name", ""),
            sex=values.get("sex", ""),
            birth=values.get("birth", ""),
            home_place=values.get("home_place", ""),
            document_number=values.get("document_number", ""),
            today=today,
        )
        problems += [RowProblem(number, f, m) for f, m in row_problems]
        if clean is None:
            continue
        key = _row_key(operation.pk, clean)
        if key in keys:
            duplicates.append(number)
            problems.append(
                RowProblem(number, "full_name", _("This person is already on the list."))
            )
            continue
        keys.add(key)
        person = HandoverPerson(
            operation=operation,
            row=number,
            row_key=key,
            remark=manifest.text(values.get("remark", ""))[:500],
        )
        common.fill(person, clean)
        kept.append(person)
    with transaction.atomic():
        locked = HandoverOperation.objects.select_for_update().get(pk=operation.pk)
        if locked.status != HandoverStatus.PLANNED:
            raise ValidationError({"file": _("This handover is closed.")})
        common.match_all_on_file(actor, kept)
        HandoverPerson.objects.bulk_create(kept)
        ManifestImport.objects.create(
            operation=locked,
            file_hash=file_hash,
            rows_total=total,
            persons_added=len(kept),
            problems=[{"row": p.row, "field": p.field, "message": p.message} for p in problems],
            created_by=actor,
        )
        audit.record(
            CooperationEvent.MANIFEST_IMPORTED,
            actor=actor,
            target=locked,
            data={
                "rows": total,
                "added": len(kept),
                "refused": len({p.row for p in problems}),
                "duplicates": len(duplicates),
            },
        )
        audit.record(
            CooperationEvent.LIST_MATCHED,
            actor=actor,
            target=locked,
            data={"persons": len(kept), "on_file": sum(1 for p in kept if p.match_level)},
        )
    return ManifestReport(total, len(kept), False, tuple(duplicates), tuple(problems))
