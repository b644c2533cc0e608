"""The batch formats: reports in as JSONL or CSV, clusters out as JSONL.

Parsing streams: it holds one report at a time, yields in file order, and never stops on
a bad line. The layouts are documented in docs/apps/intel.md and are a stable interface.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TextIO

from ctip.core.engine.labels import Label

from .base import Indicator, InvalidIndicator
from .indicators import normalise
from .report_types import REPORT_TYPES, report_type

# Viet Nam keeps UTC+7 all year, so a fixed offset is exact and needs no tz database.
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
REPORT_COLUMNS = ("id", "type", "reported_at", "amount_vnd", "narrative")
INDICATOR_COLUMNS = ("indicator_kind", "indicator_value", "indicator_bank", "indicator_platform")
CSV_COLUMNS = REPORT_COLUMNS + INDICATOR_COLUMNS


@dataclass(frozen=True, slots=True)
class RejectedIndicator:
    kind: str
    value: str
    label: Label  # why, for whoever reads the report


@dataclass(frozen=True, slots=True)
class ParsedReport:
    line: int
    id: str
    type: str
    reported_at: datetime
    amount_vnd: int
    narrative: str
    indicators: tuple[Indicator, ...]
    rejected: tuple[RejectedIndicator, ...] = ()


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    message: str


class _BadReport(ValueError):
    pass


def _text(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _BadReport(f"{name!r} must be text.")
    return str(value).strip()


def _amount(value: object) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, str):
        digits = value.strip().replace(",", "").replace(".", "").replace(" ", "")
        if not digits.isdigit():
            raise _BadReport(f"'amount_vnd' must be a whole number of dong, not {value!r}.")
        return int(digits)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadReport("'amount_vnd' must be a number.")
    if isinstance(value, float) and not value.is_integer():
        raise _BadReport("'amount_vnd' must be a whole number of dong.")
    if value < 0:
        raise _BadReport("'amount_vnd' cannot be negative.")
    return int(value)


def _reported_at(value: str) -> datetime:
    if not value:
        raise _BadReport("'reported_at' is required.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _BadReport(f"'reported_at' is not an ISO 8601 time: {value!r}.") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)


def _indicators(
    raw: object,
) -> tuple[tuple[Indicator, ...], tuple[RejectedIndicator, ...]]:
    if raw is None:
        return (), ()
    if not isinstance(raw, list):
        raise _BadReport("'indicators' must be a list.")
    found: dict[str, Indicator] = {}
    rejected: list[RejectedIndicator] = []
    for item in raw:
        if not isinstance(item, dict):
            rejected.append(
                RejectedIndicator("", str(item), Label("An indicator must be an object."))
            )
            continue
        kind, value = item.get("kind"), item.get("value")
        try:
            if not isinstance(kind, str) or not isinstance(value, str):
                raise InvalidIndicator(Label("An indicator needs a text 'kind' and 'value'."))
            indicator = normalise(
                kind, value, bank=item.get("bank") or None, platform=item.get("platform") or None
            )
        except InvalidIndicator as exc:
            rejected.append(RejectedIndicator(str(kind or ""), str(value or ""), exc.label))
            continue
        found.setdefault(indicator.ref, indicator)
    return tuple(found.values()), tuple(rejected)


def _report(record: object, line: int) -> ParsedReport:
    if not isinstance(record, dict):
        raise _BadReport("A report must be a JSON object.")
    report_id = _text(record, "id")
    if not report_id:
        raise _BadReport("'id' is required.")
    written = _text(record, "type")
    found_type = report_type(written)
    if found_type is None:
        raise _BadReport(
            f"Unknown report type {written!r}; expected one of {', '.join(REPORT_TYPES)} "
            "or a common name for one (such as 'job scam' or 'đòi tiền chuộc')."
        )
    indicators, rejected = _indicators(record.get("indicators"))
    return ParsedReport(
        line=line,
        id=report_id,
        type=found_type,
        reported_at=_reported_at(_text(record, "reported_at")),
        amount_vnd=_amount(record.get("amount_vnd")),
        narrative=_text(record, "narrative"),
        indicators=indicators,
        rejected=rejected,
    )


def _not_utf8(text: str) -> bool:
    # Files are read with errors="surrogateescape": an undecodable byte becomes a lone
    # surrogate, so one bad line is reported instead of aborting the whole file.
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def parse_jsonl(lines: Iterable[str]) -> Iterator[ParsedReport | LineError]:
    """One report per line; blank lines are skipped; line numbers count from 1."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if _not_utf8(line):
            yield LineError(number, "Not valid UTF-8 text.")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield LineError(number, f"Not valid JSON: {exc.msg} at column {exc.colno}.")
            continue
        except RecursionError:
            yield LineError(number, "Not valid JSON: nested too deeply.")
            continue
        try:
            yield _report(record, number)
        except _BadReport as exc:
            yield LineError(number, str(exc))


def _csv_rows(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, str] | None, str]]:
    """(first line of the row, row or None, error) for every CSV record."""
    reader = csv.reader(lines)
    try:
        header = [name.strip().lstrip("\ufeff").lower() for name in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, None, f"Unreadable CSV header: {exc}."
        return
    missing = [name for name in ("id", "reported_at") if name not in header]
    if missing:
        yield (
            1,
            None,
            f"The CSV header lacks {', '.join(missing)}; expected {','.join(CSV_COLUMNS)}.",
        )
        return
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line, None, f"Unreadable CSV row: {exc}."
            line = reader.line_num + 1
            continue
        if any(_not_utf8(cell) for cell in row):
            yield line, None, "Not valid UTF-8 text."
            line = reader.line_num + 1
            continue
        if not any(cell.strip() for cell in row):
            line = reader.line_num + 1
            continue
        if len(row) != len(header):
            yield line, None, f"Expected {len(header)} columns, found {len(row)}."
        else:
            yield line, dict(zip(header, row, strict=True)), ""
        line = reader.line_num + 1


def parse_csv(lines: Iterable[str]) -> Iterator[ParsedReport | LineError]:
    """One row per indicator, report columns repeated; a report's rows are consecutive."""
    current: dict[str, Any] | None = None

    def finish() -> ParsedReport | LineError | None:
        if current is None:
            return None
        try:
            return _report(current, current["_line"])
        except _BadReport as exc:
            return LineError(current["_line"], str(exc))

    for line, row, error in _csv_rows(lines):
        if row is None:
            yield LineError(line, error)
            continue
        report_id = row.get("id", "").strip()
        if not report_id:
            yield LineError(line, "'id' is required.")
            continue
        if current is None or report_id != current["id"]:
            done = finish()
            if done is not None:
                yield done
            current = {name: row.get(name, "") for name in REPORT_COLUMNS}
            current["id"], current["_line"], current["indicators"] = report_id, line, []
        else:
            clash = next(
                (
                    name
                    for name in REPORT_COLUMNS
                    if row.get(name, "").strip() and row[name].strip() != str(current[name]).strip()
                ),
                None,
            )
            if clash:
                yield LineError(
                    line,
                    f"{clash!r} differs from the report's first row (line {current['_line']}).",
                )
                continue
        if row.get("indicator_kind", "").strip() or row.get("indicator_value", "").strip():
            current["indicators"].append(
                {
                    "kind": row.get("indicator_kind", "").strip(),
                    "value": row.get("indicator_value", ""),
                    "bank": row.get("indicator_bank", "").strip(),
                    "platform": row.get("indicator_platform", "").strip(),
                }
            )
    done = finish()
    if done is not None:
        yield done


def parse_path(path: Path) -> Iterator[ParsedReport | LineError]:
    """Parse a ``.csv`` file as CSV and anything else as JSONL."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            yield from parse_csv(handle)
    else:
        with path.open(encoding="utf-8-sig", errors="surrogateescape") as handle:
            yield from parse_jsonl(handle)


def write_clusters(clusters: Iterable[tuple[str, list[str], list[str]]], out: TextIO) -> int:
    """Write one cluster per line as ``{"cluster", "reports", "indicators"}``; return the count."""
    count = 0
    for cluster, reports, indicators in clusters:
        record = {"cluster": cluster, "reports": reports, "indicators": indicators}
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count
