"""Batch intake of a handover list (CSV or XLSX, one row per person).

Every row is checked first (dates, ages, province, sex); the rows that pass become one case
each, all in one transaction, and the others are reported with their row number and
reasons. A file already imported by the agency is not imported again, and a row already
taken from an earlier file (same content) is skipped, so a corrected list can be uploaded
again without duplicating anyone.

It runs as a background job (``cases.jobs``), from the page and from the API alike, and
reports its progress as ``n`` of ``N`` rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases.actions.checks import require
from ctip.cases.actions.intake import CaseOpenInput, case_open
from ctip.cases.engine import manifest
from ctip.cases.engine.provinces import ProvinceDirectory, UnknownProvince
from ctip.cases.engine.workflow import EXIT_MODE_LABELS, INTAKE_CHANNEL_LABELS
from ctip.cases.events import CasesEvent
from ctip.cases.labels import label_in
from ctip.cases.models import Case, HandoverImport
from ctip.core import audit
from ctip.core.models import Province, User
from ctip.core.values import read_country

MAX_ROWS = 5000
BATCH = 100  # rows between two progress reports
Progress = Callable[[int, int | None], None]
# Headers accepted for each field: the English code, and what Vietnamese lists print.
HEADERS = {
    "full_name": {"full_name", "name", "ho_ten", "ho va ten", "họ tên", "họ và tên"},
    "birth_date": {"birth_date", "date_of_birth", "dob", "ngay_sinh", "ngày sinh"},
    "age": {"age", "tuoi", "tuổi"},
    "sex": {"sex", "gender", "gioi_tinh", "giới tính"},
    "identity_number": {"identity_number", "id_number", "cccd", "so_giay_to", "số giấy tờ"},
    "phone": {"phone", "so_dien_thoai", "số điện thoại", "sđt"},
    "home_province": {"home_province", "province", "que_quan", "quê quán", "tỉnh"},
    "home_commune": {"home_commune", "commune", "xa", "xã", "xã/phường"},
    "intake_date": {"intake_date", "ngay_tiep_nhan", "ngày tiếp nhận"},
    "exploitation_country": {"exploitation_country", "country", "quoc_gia", "quốc gia"},
    "compound": {"compound", "khu", "đặc khu", "khu vực"},
    "exit_mode": {"exit_mode", "hinh_thuc", "hình thức"},
}
SEX_WORDS = {
    "female": "female",
    "f": "female",
    "nu": "female",
    "nữ": "female",
    "male": "male",
    "m": "male",
    "nam": "male",
}


@cache
def province_directory() -> ProvinceDirectory:
    return ProvinceDirectory.load()


@dataclass
class Problem:
    row: int
    field: str
    message: str


@dataclass
class ImportReport:
    handover: HandoverImport
    created: list[Case] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    already_imported: bool = False


def _header_map(header: list[str]) -> dict[int, str]:
    return manifest.header_map(header, HEADERS)


def _rows(content: bytes, file_name: str) -> Iterator[list[Any]]:
    try:
        yield from manifest.read_rows(content, file_name)
    except manifest.UnreadableFile as error:
        if error.kind == "xlsx":
            raise ValidationError(
                {"file": _("This file is not a readable XLSX workbook.")}
            ) from None
        raise ValidationError({"file": _("Save the CSV file as UTF-8.")}) from None


_date = manifest.parse_date
_text = manifest.text


def _parse_row(
    values: dict[str, Any], defaults: dict[str, Any], provinces: dict[str, Province]
) -> tuple[dict, list[tuple]]:
    problems: list[tuple[str, str]] = []
    out: dict[str, Any] = dict(defaults)
    out["full_name"] = _text(values.get("full_name"))
    if not out["full_name"]:
        problems.append(("full_name", _("A name is required.")))
    for key in ("birth_date", "intake_date"):
        try:
            parsed = _date(values.get(key))
        except ValueError:
            problems.append((key, _("Not a date (use DD/MM/YYYY or YYYY-MM-DD).")))
            continue
        if parsed is not None:
            out[key] = parsed
    age_text = _text(values.get("age"))
    if age_text:
        if re.fullmatch(r"\d{1,3}", age_text):
            out["age_min"] = out["age_max"] = int(age_text)
        else:
            problems.append(("age", _("The age must be a whole number.")))
    sex = _text(values.get("sex")).casefold()
    if sex:
        if sex in SEX_WORDS:
            out["sex"] = SEX_WORDS[sex]
        else:
            problems.append(("sex", _("Unknown sex (use Nam or Nữ).")))
    province = _text(values.get("home_province"))
    if province:
        try:
            match = province_directory().resolve(province)
        except UnknownProvince as error:
            hint = (
                " " + _("Did you mean: %s?") % ", ".join(error.suggestions)
                if error.suggestions
                else ""
            )
            problems.append(("home_province", _("Unknown province.") + hint))
        else:
            out["home_province"] = provinces.get(match.province.name)
    for key in ("identity_number", "phone", "home_commune", "compound"):
        out[key] = _text(values.get(key))
    country = _text(values.get("exploitation_country"))
    if country:
        try:
            out["exploitation_country"] = read_country(country)
        except ValueError as error:
            problems.append(("exploitation_country", str(error)))
    exit_mode = _text(values.get("exit_mode")).casefold()
    if exit_mode:
        codes = {m.value for m in EXIT_MODE_LABELS}
        names = {
            label_in(lab, lang).casefold(): m.value
            for m, lab in EXIT_MODE_LABELS.items()
            for lang in ("vi", "en")
        }
        if exit_mode in codes or exit_mode in names:
            out["exit_mode"] = names.get(exit_mode, exit_mode)
        else:
            problems.append(("exit_mode", _("Unknown way of getting out.")))
    return out, problems


def _row_key(agency_id: int, values: dict[str, Any]) -> str:
    canonical = "|".join(f"{k}={_text(values.get(k)).casefold()}" for k in sorted(HEADERS))
    return "row:" + hashlib.sha256(f"{agency_id}|{canonical}".encode()).hexdigest()


def _columns(rows: Iterator[list[Any]]) -> dict[int, str]:
    columns = _header_map(next(rows, []))
    if "full_name" not in columns.values():
        raise ValidationError(
            {"file": _("The first row must name the columns; a name column is required.")}
        )
    return columns


def _listed(rows: Iterator[list[Any]]) -> list[tuple[int, list[Any]]]:
    """The rows that hold something, with their numbers in the file; more than
    ``MAX_ROWS`` is refused."""
    listed: list[tuple[int, list[Any]]] = []
    for number, raw in enumerate(rows, start=2):
        if not any(_text(v) for v in raw):
            continue
        if len(listed) == MAX_ROWS:
            raise ValidationError({"file": _("A list holds at most %d rows.") % MAX_ROWS})
        listed.append((number, raw))
    return listed


def check_list(*, file_name: str, content: bytes, handover_date: dt.date) -> None:
    """Refuse, before the list is queued for import, a future handover date, a file that
    cannot be read, whose first row names no name column or that holds more than
    ``MAX_ROWS`` rows (row by row problems come with the import)."""
    if handover_date > timezone.localdate():
        raise ValidationError({"handover_date": _("This date is in the future.")})
    rows = iter(_rows(content, file_name))
    _columns(rows)
    _listed(rows)


def handover_import(
    *,
    actor: User,
    file_name: str,
    content: bytes,
    handover_date: dt.date,
    intake_channel: str = "handover",
    exploitation_country: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row, then open a case for each row that passed, in one transaction.

    ``progress(done, total)`` hears how many of the list's rows are through: ``0`` once
    the rows are counted; the rows the check refused once it is over (nothing more is
    done with them, and checking takes a tenth of the time); then every ``BATCH`` rows as
    cases are opened, inside the transaction (the job writes the count where readers see
    it before the commit, ``core.jobs``).
    """
    require(actor, "cases.intake")
    try:
        exploitation_country = read_country(exploitation_country)
    except ValueError as error:
        raise ValidationError({"exploitation_country": str(error)}) from None
    if intake_channel not in {c.value for c in INTAKE_CHANNEL_LABELS}:
        raise ValidationError({"intake_channel": _("Unknown intake channel.")})
    if handover_date > timezone.localdate():
        raise ValidationError({"handover_date": _("This date is in the future.")})
    file_hash = hashlib.sha256(content).hexdigest()
    earlier = HandoverImport.objects.filter(agency=actor.agency, file_hash=file_hash).first()
    if earlier is not None:
        return ImportReport(
            earlier,
            problems=[Problem(**p) for p in earlier.problems or []],
            already_imported=True,
        )
    rows = iter(_rows(content, file_name))
    columns = _columns(rows)
    defaults = {
        "intake_date": handover_date,
        "intake_channel": intake_channel,
        "exploitation_country": exploitation_country,
        "exit_mode": "handover",
    }
    listed = _listed(rows)
    total = len(listed)
    report = progress or _unheard
    report(0, total)
    parsed: list[tuple[int, dict[str, Any], str]] = []
    problems: list[Problem] = []
    provinces = {p.name: p for p in Province.objects.all()}  # read once, not once a row
    for number, raw in listed:
        values = {columns[i]: v for i, v in enumerate(raw) if i in columns}
        row, row_problems = _parse_row(values, defaults, provinces)
        problems += [Problem(number, f, m) for f, m in row_problems]
        if not row_problems:
            parsed.append((number, row, _row_key(actor.agency_id, values)))
    taken = {
        key
        for key in Case.objects.filter(idempotency_key__in=[k for _n, _r, k in parsed]).values_list(
            "idempotency_key", flat=True
        )
        if key is not None
    }
    try:
        return _create(actor, file_name, file_hash, total, parsed, taken, problems, report)
    except IntegrityError:
        # The same file was uploaded twice at once and the other upload finished first.
        earlier = HandoverImport.objects.get(agency=actor.agency, file_hash=file_hash)
        return ImportReport(
            earlier, problems=[Problem(**p) for p in earlier.problems or []], already_imported=True
        )


def _unheard(done: int, total: int | None) -> None:
    """Progress nobody follows (an import called outside a job)."""


def _create(
    actor: User,
    file_name: str,
    file_hash: str,
    total: int,
    parsed: list[tuple[int, dict[str, Any], str]],
    taken: set[str],
    problems: list[Problem],
    report: Progress,
) -> ImportReport:
    report_cases: list[Case] = []
    skipped: list[int] = []
    refused = total - len(parsed)  # refused by the check: nothing to write
    report(refused, total)
    with transaction.atomic():
        for written, (number, row, key) in enumerate(parsed):
            if written and written % BATCH == 0:
                report(refused + written, total)
            if key in taken:
                skipped.append(number)
                continue
            try:
                with transaction.atomic():
                    result = case_open(actor=actor, data=CaseOpenInput(idempotency_key=key, **row))
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    problems += [Problem(number, field_name, m) for m in messages]
                continue
            except IntegrityError:
                skipped.append(number)
                continue
            report_cases.append(result.case)
            taken.add(key)
        problems.sort(key=lambda p: p.row)
        handover = HandoverImport.objects.create(
            agency=actor.agency,
            file_hash=file_hash,
            file_name=file_name[:200],
            rows_total=total,
            cases_created=len(report_cases),
            problems=[{"row": p.row, "field": p.field, "message": p.message} for p in problems],
            created_by=actor,
        )
        audit.record(
            CasesEvent.HANDOVER_IMPORTED,
            actor=actor,
            target=handover,
            data={
                "rows": total,
                "created": len(report_cases),
                "refused": len({p.row for p in problems}),
                "skipped": len(skipped),
            },
        )
        report(total, total)
    return ImportReport(handover, report_cases, skipped, problems)
