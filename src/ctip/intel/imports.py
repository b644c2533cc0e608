"""Batch import of reports (the JSONL and CSV formats of docs/apps/intel.md) and the
clusters export.

The engine parses and normalises the file as a stream; reports are written in batches,
each batch one transaction with its own audit event, with bulk inserts and indicator
counters updated in one statement per batch. A report id already in the database is
skipped, so a file can be imported again (after a crash, or with corrections appended)
without duplicating anything. Clusters are then rebuilt with the engine over the whole
database, which gives the same clusters as filing the reports one by one; an import
killed before that rebuild leaves reports outside any cluster, and the next import
(or ``ctip intel rebuild``) rebuilds them even if it has nothing new to write.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import TextIO

from django.db import connection, transaction
from django.utils import timezone

from ctip.core import audit
from ctip.core.labels import to_stored
from ctip.core.models import Agency
from ctip.intel import actions, clustering
from ctip.intel.bulk import adapt, insert_rows
from ctip.intel.engine.importing import LineError, ParsedReport, parse_path, write_clusters
from ctip.intel.events import IntelEvent
from ctip.intel.models import Channel, Indicator, Report, ReportIndicator

BATCH = 5000
# Stay under every backend's limit on query parameters (SQLite's is 999 by default).
CHUNK = 900


@dataclass
class ImportSummary:
    imported: int = 0
    already: int = 0
    refused_indicators: int = 0
    errors: list[LineError] = field(default_factory=list)
    error_count: int = 0
    seconds: float = 0.0
    clusters: clustering.RebuildResult | None = None


def _chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing_refs(refs: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(refs):
        found.update(Report.objects.filter(ref__in=chunk).values_list("ref", flat=True))
    return found


def _indicator_rows(
    wanted: dict[tuple[str, str], tuple[str, bool]],
) -> dict[tuple[str, str], list]:
    """(kind, key) -> [pk, reports, first_seen, last_seen] for those already stored."""
    by_kind: dict[str, list[str]] = {}
    for kind, key in wanted:
        by_kind.setdefault(kind, []).append(key)
    rows: dict[tuple[str, str], list] = {}
    for kind, keys in by_kind.items():
        for chunk in _chunks(keys):
            for pk, key, reports, first, last in Indicator.objects.filter(
                kind=kind, key__in=chunk
            ).values_list("pk", "key", "reports", "first_seen", "last_seen"):
                rows[(kind, key)] = [pk, reports, first, last]
    return rows


def _report_pks(refs: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(refs):
        found.update(Report.objects.filter(ref__in=chunk).values_list("ref", "pk"))
    return found


def _write_batch(batch: list[ParsedReport], agency: Agency, summary: ImportSummary) -> None:
    seen: set[str] = set()
    unique = []
    for parsed in batch:
        if parsed.id not in seen:
            seen.add(parsed.id)
            unique.append(parsed)
    present = _existing_refs([p.id for p in unique])
    fresh = [p for p in unique if p.id not in present]
    summary.already += len(batch) - len(fresh)
    if not fresh:
        return
    with transaction.atomic():
        narrative = Report._meta.get_field("narrative")
        unparsed = Report._meta.get_field("unparsed")
        now = adapt(timezone.now())
        insert_rows(
            Report,
            (
                "ref",
                "external_id",
                "type",
                "channel",
                "agency",
                "narrative",
                "amount_lost_vnd",
                "amount_lost_currency",
                "reported_at",
                "reporter_name",
                "reporter_phone",
                "reporter_email",
                "unparsed",
                "created_at",
            ),
            [
                (
                    p.id,
                    p.id[:100],
                    p.type,
                    Channel.IMPORT,
                    agency.pk,
                    narrative.get_prep_value(p.narrative[: actions.MAX_NARRATIVE]),
                    p.amount_vnd,
                    "VND",
                    adapt(p.reported_at),
                    "",
                    "",
                    "",
                    unparsed.get_prep_value(
                        [
                            {"kind": r.kind, "value": r.value, **to_stored(r.label)}
                            for r in p.rejected
                        ]
                    ),
                    now,
                )
                for p in fresh
            ],
        )
        report_pks = _report_pks([p.id for p in fresh])
        # Per indicator: display, links, and the batch's count and first and last time.
        wanted: dict[tuple[str, str], tuple[str, bool]] = {}
        tally: dict[tuple[str, str], list] = {}
        for parsed in fresh:
            at = parsed.reported_at
            for ind in parsed.indicators:
                pair = (ind.kind, ind.key)
                wanted.setdefault(pair, (ind.display, ind.links))
                counts = tally.get(pair)
                if counts is None:
                    tally[pair] = [1, at, at]
                else:
                    counts[0] += 1
                    counts[1] = min(counts[1], at)
                    counts[2] = max(counts[2], at)
        stored = _indicator_rows(wanted)
        new = [pair for pair in wanted if pair not in stored]
        insert_rows(
            Indicator,
            (
                "kind",
                "key",
                "display",
                "links",
                "reports",
                "first_seen",
                "last_seen",
                "partner_sources",
            ),
            [
                (
                    kind,
                    key,
                    wanted[(kind, key)][0],
                    wanted[(kind, key)][1],
                    tally[(kind, key)][0],
                    adapt(tally[(kind, key)][1]),
                    adapt(tally[(kind, key)][2]),
                    0,
                )
                for kind, key in new
            ],
        )
        pks = {
            pair: row[0] for pair, row in _indicator_rows(dict.fromkeys(new, ("", True))).items()
        }
        updates: list[tuple[int, datetime, datetime, int]] = []
        for pair, (pk, reports_before, first, last) in stored.items():
            count, low, high = tally[pair]
            pks[pair] = pk
            updates.append(
                (
                    reports_before + count,
                    min(first, low) if first else low,
                    max(last, high) if last else high,
                    pk,
                )
            )
        if updates:
            table = Indicator._meta.db_table
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET reports = %s, first_seen = %s, last_seen = %s "  # noqa: S608
                    "WHERE id = %s",
                    [
                        (
                            n,
                            connection.ops.adapt_datetimefield_value(a),
                            connection.ops.adapt_datetimefield_value(b),
                            pk,
                        )
                        for n, a, b, pk in updates
                    ],
                )
        insert_rows(
            ReportIndicator,
            ("report", "indicator"),
            [
                (report_pks[parsed.id], pks[(ind.kind, ind.key)])
                for parsed in fresh
                for ind in parsed.indicators
            ],
        )
        audit.record(
            IntelEvent.INTEL_REPORTS_IMPORTED,
            actor=None,
            data={
                "reports": len(fresh),
                "first_line": fresh[0].line,
                "last_line": fresh[-1].line,
            },
            agency=agency,
        )
    summary.imported += len(fresh)


def import_reports(
    path: Path,
    *,
    agency: Agency,
    batch_size: int = BATCH,
    keep_errors: int = 1000,
    progress: Callable[[int], None] | None = None,
    rebuild: bool = True,
    say: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Import every report of ``path``; ``progress`` gets the line reached."""
    started = time.monotonic()
    summary = ImportSummary()
    items = iter(parse_path(path))
    while True:
        chunk = list(islice(items, batch_size))
        if not chunk:
            break
        batch: list[ParsedReport] = []
        for item in chunk:
            if isinstance(item, LineError):
                summary.error_count += 1
                if len(summary.errors) < keep_errors:
                    summary.errors.append(item)
            else:
                batch.append(item)
                summary.refused_indicators += len(item.rejected)
        _write_batch(batch, agency, summary)
        if progress is not None:
            progress(max(item.line for item in chunk))
    # Reports outside any network are those of an import killed before its rebuild:
    # running the import again (even with nothing new to write) links them.
    if rebuild and (summary.imported or Report.objects.filter(cluster__isnull=True).exists()):
        summary.clusters = actions.clusters_rebuild(actor=None, progress=say)
    summary.seconds = time.monotonic() - started
    return summary


def cluster_rows() -> Iterator[tuple[str, list[str], list[str]]]:
    """(cluster id, sorted report refs, sorted indicator refs) of the stored clusters,
    by cluster id: what ``write_clusters`` takes."""
    members = (
        Report.objects.filter(cluster__isnull=False)
        .order_by("cluster_id", "ref")
        .values_list("cluster_id", "ref")
        .iterator(chunk_size=20000)
    )
    named = (
        ReportIndicator.objects.filter(report__cluster__isnull=False)
        .order_by("report__cluster_id")
        .values_list("report__cluster_id", "indicator__kind", "indicator__key")
        .iterator(chunk_size=20000)
    )
    pending = next(named, None)
    current: str | None = None
    reports: list[str] = []
    for cluster, ref in members:
        if cluster != current:
            if current is not None:
                refs, pending = _refs_of(current, pending, named)
                yield current, reports, refs
            current, reports = cluster, []
        reports.append(ref)
    if current is not None:
        refs, pending = _refs_of(current, pending, named)
        yield current, reports, refs


def _refs_of(
    cluster: str, pending: tuple | None, named: Iterator[tuple]
) -> tuple[list[str], tuple | None]:
    refs: set[str] = set()
    while pending is not None and pending[0] <= cluster:
        if pending[0] == cluster:
            refs.add(f"{pending[1]}:{pending[2]}")
        pending = next(named, None)
    return sorted(refs), pending


def export_clusters(out: TextIO) -> int:
    return write_clusters(cluster_rows(), out)


def count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
    return lines
