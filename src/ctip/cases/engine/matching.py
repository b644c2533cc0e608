"""The batch format of ``ctip persons match``: persons as JSONL in, candidates as JSONL out.

Stable, because other tools call it. One person a line::

    {"id": "P-1", "name": "NGUYEN VAN AN", "sex": "M", "date": "1998-05-02"}
    {"id": "P-2", "name": "Lò Thị Mai", "sex": "F", "year": 1995,
     "id_number": "038199001234", "phone": "0912 345 678", "province": "11"}

and one line out per new person, in the order of the new file::

    {"id": "P-9", "candidates": [{"id": "P-1", "score": 0.9731, "level": "likely"}]}

at most five candidates, best first, none unlikely. Matching is ``duplicates.PersonIndex``:
the blocking keys and the scoring of the intake screen. The on-file persons are indexed
once, then the new persons are matched in chunks on every core (processes forked from the
one holding the index, so it is shared, not copied).
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ctip.cases.engine.duplicates import SHOWN, IdentityDocument, PersonFacts, PersonIndex

FIELDS = frozenset({"id", "name", "sex", "date", "year", "id_number", "phone", "province"})
SEXES = {"M": "male", "F": "female"}
MAX_ID = 200
MAX_NAME = 300
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CHUNK = 500


class BadLine(ValueError):
    """A line that is not a person; ``str()`` names the file and the line."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}, line {line}: {message}")
        self.path, self.line, self.message = str(path), line, message


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: str
    facts: PersonFacts


def _text(row: dict[str, object], key: str, limit: int) -> str:
    value = row.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"'{key}' must be text.")
    value = value.strip()
    if len(value) > limit:
        raise ValueError(f"'{key}' is longer than {limit} characters.")
    return value


def parse_person(row: object, *, today: dt.date | None = None) -> PersonRow:
    """One person from a decoded JSON line, or ``ValueError`` saying what is wrong."""
    if not isinstance(row, dict):
        raise ValueError("A person must be a JSON object.")
    unknown = sorted(set(row) - FIELDS)
    if unknown:
        raise ValueError(f"Unknown field {unknown[0]!r}; expected {', '.join(sorted(FIELDS))}.")
    ident = _text(row, "id", MAX_ID)
    if not ident:
        raise ValueError("'id' is required.")
    name = _text(row, "name", MAX_NAME)
    if not any(ch.isalpha() for ch in name):
        raise ValueError("'name' is required and must contain letters.")
    sex = row.get("sex")
    if sex not in SEXES:
        raise ValueError('\'sex\' must be "M" or "F".')
    today = today or dt.datetime.now(dt.UTC).date()
    birth_date: dt.date | None = None
    birth_year: int | None = None
    if row.get("date") not in (None, "") and row.get("year") not in (None, ""):
        raise ValueError("Give 'date' or 'year', not both.")
    if row.get("date") not in (None, ""):
        text = row["date"]
        if not isinstance(text, str) or not _DATE.fullmatch(text):
            raise ValueError(f"'date' must be YYYY-MM-DD, not {text!r}.")
        try:
            birth_date = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'date' {text!r} is not a day of the calendar.") from None
        if birth_date.year < 1900 or birth_date > today:
            raise ValueError(f"'date' {text} is not a possible date of birth.")
    elif row.get("year") not in (None, ""):
        year = row["year"]
        if isinstance(year, bool) or not isinstance(year, int):
            raise ValueError(f"'year' must be a whole number such as 1998, not {year!r}.")
        if not 1900 <= year <= today.year:
            raise ValueError(f"'year' {year} is not a possible year of birth.")
        birth_year = year
    id_number = _text(row, "id_number", 40)
    phone = _text(row, "phone", 40)
    province = _text(row, "province", 100)
    facts = PersonFacts(
        full_name=name,
        birth_date=birth_date,
        birth_year=birth_year,
        sex=SEXES[sex],
        documents=(IdentityDocument("id", id_number),) if id_number else (),
        phones=(phone,) if phone else (),
        province=province.casefold() or None,
    )
    return PersonRow(ident, facts)


def read_persons(path: Path) -> list[PersonRow]:
    """Every person of a JSONL file; ``BadLine`` at the first line that is not one.

    Blank lines are skipped; an id given twice in one file is an error.
    """
    rows: list[PersonRow] = []
    seen: set[str] = set()
    try:
        handle = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise BadLine(path, 0, f"cannot be read ({exc.strerror}).") from None
    with handle:
        number = 0
        try:
            for number, text in enumerate(handle, 1):
                if not text.strip():
                    continue
                try:
                    row = parse_person(json.loads(text))
                except json.JSONDecodeError as exc:
                    raise BadLine(path, number, f"not JSON ({exc.msg}).") from None
                except ValueError as exc:
                    raise BadLine(path, number, str(exc)) from None
                if row.id in seen:
                    raise BadLine(path, number, f"the id {row.id!r} is given twice.")
                seen.add(row.id)
                rows.append(row)
        except UnicodeDecodeError:
            raise BadLine(path, number + 1, "not UTF-8 text.") from None
    return rows


# The index the forked workers read (set in the parent before the pool starts).
_INDEX: PersonIndex | None = None


def _match_chunk(rows: Sequence[PersonRow]) -> list[str]:
    if _INDEX is None:
        raise RuntimeError("The index is set before matching starts.")
    lines = []
    for row in rows:
        found = _INDEX.search(row.facts, limit=SHOWN)
        candidates = [
            {"id": ident, "score": match.score, "level": match.level.value}
            for ident, match in found
        ]
        lines.append(json.dumps({"id": row.id, "candidates": candidates}, ensure_ascii=False))
    return lines


def _chunks(rows: Sequence[PersonRow], size: int) -> Iterator[Sequence[PersonRow]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def match_files(
    on_file: Path, new: Path, output: Path, *, workers: int | None = None
) -> tuple[int, int]:
    """Match ``new`` against ``on_file`` and write ``output``; (on-file, new) counts.

    Both inputs are read and checked in full before anything is written; the output is
    written to a temporary file beside it and renamed into place at the end, so a failure
    leaves no partial file.
    """
    global _INDEX
    known = read_persons(on_file)
    newcomers = read_persons(new)
    index = PersonIndex()
    for row in known:
        index.add(row.id, row.facts)
    workers = workers or os.cpu_count() or 1
    temporary = output.with_name(f".{output.name}.{os.getpid()}.part")
    _INDEX = index
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            if workers == 1 or len(newcomers) <= CHUNK:
                results: Iterator[list[str]] = map(_match_chunk, _chunks(newcomers, CHUNK))
                for lines in results:
                    handle.writelines(line + "\n" for line in lines)
            else:
                # Closed and joined, not terminated: a worker killed while it holds the
                # pool's queue lock leaves the others waiting for it for ever.
                pool = multiprocessing.get_context("fork").Pool(workers)
                try:
                    for lines in pool.imap(_match_chunk, _chunks(newcomers, CHUNK)):
                        handle.writelines(line + "\n" for line in lines)
                    pool.close()
                except BaseException:
                    pool.terminate()
                    raise
                finally:
                    pool.join()
        temporary.replace(output)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        _INDEX = None
    return len(known), len(newcomers)
