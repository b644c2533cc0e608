"""Assess a JSONL file of posts over all cores, streaming, order preserved.

Input lines are ``{"id": ..., "text": ...}``; each output line is either a result
``{"id", "category", "risk", "level", "flags": [{"code", "start", "end"}], "entities"}``
or an error ``{"line", "id", "error"}`` for a line that cannot be assessed. Lines are
read as bytes and handed to workers in chunks through ``imap``, which keeps a bounded
number of chunks in flight: memory stays flat whatever the file size, and a bad line
never stops the good ones.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .assess import Reading, Verdict, read_all, verdicts
from .model import default_model
from .text import MAX_TEXT_CHARS, InvalidText
from .types import (
    ContactRow,
    DestinationRow,
    EntityRows,
    LicenceRow,
    PayRow,
    PhoneRow,
    RecruiterRow,
    UrlRow,
)

CHUNK_LINES = 256


@dataclass(frozen=True, slots=True)
class BatchSummary:
    lines: int
    assessed: int
    errors: int
    by_category: dict[str, int]
    seconds: float


# What json.dumps writes for each kind's records, from the rows: the fields of the
# dataclass in order; text through the encoder's own string escaping. Pay amounts are
# finite (a pay row's monthly figures are rounded to integers, which fails for an
# infinite amount), so their repr is what json.dumps writes for them.
_string = json.encoder.encode_basestring


def _pay_json(row: PayRow) -> str:
    start, end, currency, period, amount, vnd, usd, vnd_min, usd_min = row
    return (
        f'{{"start": {start}, "end": {end}, "currency": {_string(currency)}, '
        f'"period": {_string(period)}, "amount": {amount!r}, "vnd_month": {vnd}, '
        f'"usd_month": {usd}, "vnd_month_min": {vnd_min}, "usd_month_min": {usd_min}}}'
    )


def _destination_json(row: DestinationRow) -> str:
    start, end, name, country, hub = row
    return (
        f'{{"start": {start}, "end": {end}, "name": {_string(name)}, '
        f'"country": {_string(country)}, "hub": {"true" if hub else "false"}}}'
    )


def _contact_json(row: ContactRow) -> str:
    start, end, channel, handle = row
    return (
        f'{{"start": {start}, "end": {end}, "channel": {_string(channel)}, '
        f'"handle": {"null" if handle is None else _string(handle)}}}'
    )


def _phone_json(row: PhoneRow) -> str:
    return f'{{"start": {row[0]}, "end": {row[1]}, "e164": {_string(row[2])}}}'


def _url_json(row: UrlRow) -> str:
    start, end, url, domain = row
    return f'{{"start": {start}, "end": {end}, "url": {_string(url)}, "domain": {_string(domain)}}}'


def _recruiter_json(row: RecruiterRow) -> str:
    return f'{{"start": {row[0]}, "end": {row[1]}, "name": {_string(row[2])}}}'


def _licence_json(row: LicenceRow) -> str:
    return f'{{"start": {row[0]}, "end": {row[1]}, "number": {_string(row[2])}}}'


_ROW_JSON: tuple[tuple[str, Callable[[Any], str]], ...] = (
    ("pay", _pay_json),
    ("destinations", _destination_json),
    ("contacts", _contact_json),
    ("phones", _phone_json),
    ("urls", _url_json),
    ("recruiters", _recruiter_json),
    ("licences", _licence_json),
)


def _entities_json(entities: EntityRows) -> str:
    """What json.dumps writes for ``dataclasses.asdict`` of the post's ``Entities``."""
    kinds = [
        f'"{kind}": [{", ".join(map(write, rows))}]'
        for (kind, write), rows in zip(_ROW_JSON, entities, strict=True)
    ]
    return "{" + ", ".join(kinds) + "}"


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _result_tail(verdict: Verdict, reading: Reading) -> bytes:
    """What follows the id in the output line of an assessed post: with ``_line``, what
    ``json.dumps`` writes for the record {"id", "category", "risk", "level", "flags",
    "entities"} of its ``assess()``, byte for byte.

    The fixed fields and the flags (ASCII codes and integers) are written directly:
    building and encoding a dict per flag cost about as much as the rest of the line.
    """
    category, risk, level = verdict
    flags = ", ".join(
        [
            f'{{"code": "{code}", "start": {start}, "end": {end}}}'
            for start, end, code in reading.flags
        ]
    )
    return (
        f'"category": "{category}", "risk": {risk!r}, "level": "{level}", "flags": [{flags}], '
        f'"entities": {_entities_json(reading.entities)}}}\n'
    ).encode()


def _line(post_id: Any, tail: bytes) -> bytes:
    return b'{"id": ' + _encode(post_id).encode() + b", " + tail


def _error(line_no: int, post_id: Any, message: str) -> dict[str, Any]:
    return {"line": line_no, "id": post_id, "error": message}


def _parse_line(line_no: int, raw: bytes) -> tuple[Any, str] | dict[str, Any]:
    """One raw input line's id and text, or the error record saying why not."""
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
    return post_id, text


class _Repeats:
    """The line tail and category of each post text already assessed, up to a budget.

    The same post recurs in real feeds (an agent reposts one offer in many groups, a
    scraper meets it again), and everything after the id in its output line depends on
    its text alone: a repeat is written from the first one's tail without being read
    again. Each worker keeps its own; when the texts and tails held reach ``budget``
    characters and bytes (a few tens of megabytes at most), it is emptied.
    """

    __slots__ = ("budget", "held", "size")

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.held: dict[str, tuple[bytes, str]] = {}
        self.size = 0

    def keep(self, text: str, tail: bytes, category: str) -> None:
        cost = len(text) + len(tail)
        if self.size + cost > self.budget:
            self.held.clear()
            self.size = 0
        self.held[text] = (tail, category)
        self.size += cost


_REPEATS = _Repeats(1 << 24)


# One chunk's output: the encoded lines, the category of each (None for an error) and
# how many input bytes the chunk covered (for the progress bar).
ChunkResult = tuple[list[bytes], list[str | None], int]


def _process_chunk(chunk: list[tuple[int, bytes]]) -> ChunkResult:
    lines: list[bytes] = []
    categories: list[str | None] = []
    held = _REPEATS.held
    # The chunk's new texts are read together (see assess.read_all), then hashed and
    # scored together (see features.chunk and Model.scores); each is written at every
    # place it fills (its line number and id), among the error lines and the repeats
    # of texts already assessed.
    places: dict[str, list[tuple[int, int, Any]]] = {}
    for n, raw in chunk:
        parsed = _parse_line(n, raw)
        if isinstance(parsed, dict):
            lines.append(_encode(parsed).encode() + b"\n")
            categories.append(None)
            continue
        post_id, text = parsed
        known = held.get(text)
        if known is not None:
            lines.append(_line(post_id, known[0]))
            categories.append(known[1])
            continue
        places.setdefault(text, []).append((len(lines), n, post_id))
        lines.append(b"")
        categories.append(None)
    results = read_all(list(places))
    readings = [r for r in results if not isinstance(r, InvalidText)]
    scored = zip(verdicts(readings), readings, strict=True)
    for (text, waiting), result in zip(places.items(), results, strict=True):
        if isinstance(result, InvalidText):
            # A text that cannot be read is an error line at each place, as it would
            # be alone there.
            for place, n, post_id in waiting:
                lines[place] = _encode(_error(n, post_id, str(result))).encode() + b"\n"
            continue
        v, r = next(scored)
        tail = _result_tail(v, r)
        _REPEATS.keep(text, tail, v[0])
        for place, _, post_id in waiting:
            lines[place] = _line(post_id, tail)
            categories[place] = v[0]
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


class _NoBar:
    """What the batch asks of a progress bar, showing nothing."""

    def __init__(self, **_: Any) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, _: int) -> None:
        pass


def _tqdm() -> Any:
    from tqdm import tqdm

    return tqdm


# The cyclic garbage collector's first threshold while a batch runs. Assessing a post
# allocates a few hundred containers (match objects, rows, tuples) and frees nearly
# all of them before the next, so at the default of 700 a collection ran every post or
# two and found nothing to free; the collections still run, a seventieth as often.
_BATCH_GC_THRESHOLD = 50_000


# What the C allocator (glibc's malloc) of a process that runs a batch keeps of the
# memory freed: a chunk's numpy arrays (its n-gram windows, indices and weights, a few
# hundred kilobytes each) are allocated and freed again for every chunk, and with the
# allocator's own thresholds each was mapped afresh from the kernel or the heap given
# back and taken again, every page faulted in anew: about a twentieth of the command's
# CPU time on the benchmark's posts, spent in the kernel. Blocks up to ``_MMAP_BELOW`` now come
# from the heap, and up to ``_TRIM_ABOVE`` of free heap is kept for the next chunk.
_MMAP_BELOW = 16 << 20
_TRIM_ABOVE = 64 << 20
# mallopt's parameter numbers (glibc's malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


@cache
def _keep_freed_memory() -> bool:
    """Have glibc's malloc keep freed memory for reuse (once per process); False where
    the C library is another and nothing is changed."""
    try:
        libc = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (AttributeError, ValueError, OSError):
        libc = ""
    if not libc.startswith("glibc"):
        return False
    import ctypes

    mallopt = ctypes.CDLL(None).mallopt
    return bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_BELOW) and mallopt(_M_TRIM_THRESHOLD, _TRIM_ABOVE))


def _warm() -> None:
    # Load the model once per worker, before the first chunk arrives.
    default_model()
    _keep_freed_memory()


def _worker_start() -> None:
    # A pool worker runs batches only, for its whole life.
    _warm()
    gc.set_threshold(_BATCH_GC_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def _batch_gc() -> Iterator[None]:
    """Collect garbage rarely while the batch runs in this process, as before after."""
    threshold = gc.get_threshold()
    gc.set_threshold(_BATCH_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


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
    # tqdm is imported only for a terminal (its import costs about 20 ms of start-up): a
    # batch run from a script or a pipe never shows the bar.
    bar_type: Any = _tqdm() if show else _NoBar
    with (
        ExitStack() as stack,
        dst.open("wb") as out,
        bar_type(total=total, unit="B", unit_scale=True, disable=not show, desc="screening") as bar,
    ):
        if workers == 1:
            _warm()
            stack.enter_context(_batch_gc())
            results: Iterator[ChunkResult] = map(_process_chunk, _chunks(src, gate))
            pool = None
        else:
            # Imported only for a pool: its import costs about 35 ms of CPU, a hundredth
            # of one worker's whole run over 10,000 posts.
            import multiprocessing

            ctx = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            pool = ctx.Pool(workers, initializer=_worker_start)
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
