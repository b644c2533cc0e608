"""Assess a JSONL file of posts over all cores, streaming, order preserved.

Input lines are ``{"id": ..., "text": ...}``; each output line is either a result
``{"id", "category", "risk", "level", "flags": [{"code", "start", "end"}], "entities"}``
or an error ``{"line", "id", "error"}`` for a line that cannot be assessed. Lines are
read as bytes and handed to workers in chunks through ``imap``, which keeps a bounded
number of chunks in flight: memory stays flat whatever the file size, and a bad line
never stops the good ones.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from tqdm import tqdm

from .assess import Reading, analyses, assess_analysed, read
from .model import default_model
from .text import MAX_TEXT_CHARS, InvalidText
from .types import Assessment, Contact, Destination, Entities, Licence, Pay, Phone, Recruiter, Url

CHUNK_LINES = 256


@dataclass(frozen=True, slots=True)
class BatchSummary:
    lines: int
    assessed: int
    errors: int
    by_category: dict[str, int]
    seconds: float


def _entities_record(entities: Entities) -> dict[str, Any]:
    # What dataclasses.asdict gives, without its recursive deep copy (which cost as
    # much as a fifth of a post's time): entities hold only flat frozen records.
    return {
        name: [{key: getattr(item, key) for key in _FIELDS[type(item)]} for item in items]
        for name, items in ((name, getattr(entities, name)) for name in _ENTITY_KINDS)
    }


_ENTITY_KINDS = tuple(f.name for f in fields(Entities))
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls))
    for cls in (Pay, Destination, Contact, Phone, Url, Recruiter, Licence)
}


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _result_line(post_id: Any, a: Assessment) -> bytes:
    """The output line of an assessed post: what ``json.dumps`` writes for the record
    {"id", "category", "risk", "level", "flags", "entities"}, byte for byte.

    The fixed fields and the flags (ASCII codes and integers) are written directly:
    building and encoding a dict per flag cost about as much as the rest of the line.
    """
    flags = ", ".join(
        [f'{{"code": "{f.code}", "start": {f.start}, "end": {f.end}}}' for f in a.flags]
    )
    return (
        f'{{"id": {_encode(post_id)}, "category": "{a.category}", "risk": {a.risk!r}, '
        f'"level": "{a.level}", "flags": [{flags}], '
        f'"entities": {_encode(_entities_record(a.entities))}}}\n'
    ).encode()


def _error(line_no: int, post_id: Any, message: str) -> dict[str, Any]:
    return {"line": line_no, "id": post_id, "error": message}


def _read_line(line_no: int, raw: bytes) -> tuple[Any, Reading] | dict[str, Any]:
    """One raw input line's id and reading, or the error record saying why not."""
    if len(raw) >= MAX_TEXT_CHARS:
        return _error(line_no, None, f"Line is too long ({len(raw):,} bytes; under 1 MB).")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _error(line_no, None, f"Line is not valid UTF-8 (bad byte at {exc.start}).")
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return _error(line_no, None, f"Line is not JSON: {exc.msg} at column {exc.colno}.")
    if not isinstance(record, dict):
        return _error(line_no, None, 'Line is not a JSON object like {"id": ..., "text": ...}.')
    post_id = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        return _error(line_no, post_id, 'Line has no "text" string.')
    try:
        return post_id, read(text)
    except InvalidText as exc:
        return _error(line_no, post_id, str(exc))


# One chunk's output: the encoded lines, the category of each (None for an error) and
# how many input bytes the chunk covered (for the progress bar).
ChunkResult = tuple[list[bytes], list[str | None], int]


def _process_chunk(chunk: list[tuple[int, bytes]]) -> ChunkResult:
    lines: list[bytes] = []
    categories: list[str | None] = []
    # The chunk's good posts are hashed and scored together (see features.complete and
    # Model.calibrated_logits); their lines fill the places kept among the error lines.
    places: list[int] = []
    ids: list[Any] = []
    readings: list[Reading] = []
    for n, raw in chunk:
        result = _read_line(n, raw)
        if isinstance(result, dict):
            lines.append(_encode(result).encode() + b"\n")
            categories.append(None)
        else:
            places.append(len(lines))
            lines.append(b"")
            categories.append(None)
            ids.append(result[0])
            readings.append(result[1])
    for place, post_id, a in zip(places, ids, assess_analysed(analyses(readings)), strict=True):
        lines[place] = _result_line(post_id, a)
        categories[place] = a.category
    return lines, categories, sum(len(raw) + 1 for _, raw in chunk)


def _chunks(path: Path, gate: threading.BoundedSemaphore) -> Iterator[list[tuple[int, bytes]]]:
    # Pool.imap pulls tasks as fast as it can; the gate makes it wait until the writer
    # has taken earlier results, so only a few chunks are ever held in memory.
    chunk: list[tuple[int, bytes]] = []
    with path.open("rb") as fh:
        for line_no, raw in enumerate(fh, start=1):
            line = raw.rstrip(b"\r\n")
            if not line.strip():
                continue
            chunk.append((line_no, line))
            if len(chunk) == CHUNK_LINES:
                gate.acquire()
                yield chunk
                chunk = []
    if chunk:
        gate.acquire()
        yield chunk


def _warm() -> None:
    # Load the model once per worker, before the first chunk arrives.
    default_model()


def run(
    input_path: str | Path,
    output_path: str | Path,
    workers: int | None = None,
    progress: bool = True,
) -> BatchSummary:
    """Assess every line of ``input_path`` into ``output_path``; return counts.

    Blank lines are skipped; every other line gives exactly one output line, in input
    order. The progress bar shows only when stderr is a terminal.
    """
    started = time.perf_counter()
    src, dst = Path(input_path), Path(output_path)
    workers = workers or os.cpu_count() or 1
    show = progress and sys.stderr.isatty()
    lines = assessed = errors = 0
    by_category: dict[str, int] = {}
    total = src.stat().st_size
    gate = threading.BoundedSemaphore(max(2, workers) * 4)
    with (
        dst.open("wb") as out,
        tqdm(total=total, unit="B", unit_scale=True, disable=not show, desc="screening") as bar,
    ):
        if workers == 1:
            _warm()
            results: Iterator[ChunkResult] = map(_process_chunk, _chunks(src, gate))
            pool = None
        else:
            ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            pool = ctx.Pool(workers, initializer=_warm)
            results = pool.imap(_process_chunk, _chunks(src, gate), chunksize=1)
        try:
            for chunk_lines, categories, chunk_bytes in results:
                gate.release()
                out.writelines(chunk_lines)
                lines += len(chunk_lines)
                for cat in categories:
                    if cat is None:
                        errors += 1
                    else:
                        assessed += 1
                        by_category[cat] = by_category.get(cat, 0) + 1
                bar.update(chunk_bytes)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
    return BatchSummary(
        lines=lines,
        assessed=assessed,
        errors=errors,
        by_category=dict(sorted(by_category.items())),
        seconds=time.perf_counter() - started,
    )
