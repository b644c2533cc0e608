"""Synthetic person records written the ways different hands write them.

One population of persons (Vietnamese names with their real skew: Nguyễn is about four in
ten, Văn and Thị are the commonest middle names, a few given names are very common), each
with a date of birth, a sex, a home province and sometimes an identity number and a phone.
Family names follow the national shares (``FAMILY``). Middle and given names follow counts
made on a real sample, ``name_frequencies.py`` (where they come from and how they were
counted is in its header): per sex, the first middle name, a second one for about one man
in nine and one woman in three, and the given name, each drawn with its counted weight, the
rare ones evenly from a tail. The sample is young and mostly southern, so Văn (14 % of men)
and Thị (31 % of women) are rarer than in an older or northern register, and names are less
concentrated than there: the figures of ``bench/cases/person_match.py`` are those of such
a population. (Until 2026-12-07 the middle and given names were hand-picked lists, Văn or
Thị for 8 of 17 draws and about 50 given names a sex with a Zipf skew; that population had
far more exact namesakes.)
Each record of a person is written in one style:

- ``officer``: a case officer at home, full diacritics, family name first, full date;
- ``handover``: a handover list from abroad, UPPER CASE, no diacritics, given name first,
  the date often year-only, estimated from the age (a year off), or day and month swapped;
- ``hotline``: a hotline note, lower case, often no diacritics, the middle name dropped,
  a letter mistyped, the age as a year ("about 25");
- ``police``: foreign police, transliterated (Nguyen → NGUYEN or NGUEN, Phương → PHUONG or
  FUONG), given name first, month and day swapped, a passport number.

Namesakes arise as in life, from common names, and some are made on purpose: a different
person who has exactly the name of someone on file. Used by the tests of the duplicate
engine and by ``bench/cases/person_match.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from tests.cases import name_frequencies

FAMILY = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 5, "Huỳnh": 3, "Phan": 4.5,
    "Vũ": 3.9, "Võ": 2, "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1,
    "Lý": 0.5, "Lò": 0.5, "Hà": 0.5, "Vàng": 0.3, "Đinh": 0.5, "Trương": 0.6, "Mai": 0.4,
    "Cao": 0.4, "Lương": 0.4, "Sùng": 0.2, "Giàng": 0.2, "Thào": 0.2, "Tạ": 0.3,
}  # fmt: skip


def _table(table: dict[str, Any]) -> tuple[list[str], list[float]]:
    """Names and weights of one table of ``name_frequencies``: its head as counted, its
    tail's mass shared evenly among the tail's names."""
    head, tail, mass = table["head"], table["tail"], table["tail_mass"]
    return [*head, *tail], [*head.values(), *[mass / len(tail)] * len(tail)]


GIVEN = {sex: _table(name_frequencies.GIVEN[sex]) for sex in "MF"}
MIDDLE = {sex: _table(name_frequencies.MIDDLE[sex]) for sex in "MF"}
SECOND_MIDDLE = {sex: _table(name_frequencies.SECOND_MIDDLE[sex]) for sex in "MF"}
PROVINCES = [f"{n:02d}" for n in range(1, 35)]
FIRST_YEAR, LAST_YEAR = 1975, 2010
STYLES = ("officer", "handover", "hotline", "police")
# Transliterations foreign police and hurried typists use, on folded upper-case tokens.
TRANSLITERATIONS = {
    "NGUYEN": ["NGUEN", "NGUYEN", "NGYUEN", "NGUYEN"],
    "PHUONG": ["FUONG", "PHUONG"],
    "PHAM": ["FAM", "PHAM"],
    "PHAN": ["FAN", "PHAN"],
    "QUYNH": ["KUYNH", "QUINH", "QUYNH"],
    "DUNG": ["ZUNG", "DUNG"],
    "GIANG": ["ZIANG", "GIANG"],
    "HUYEN": ["HUEN", "HUYEN"],
    "THUY": ["THUI", "THUY"],
    "VY": ["VI", "VY"],
    "LY": ["LI", "LY"],
    "DUY": ["DUI", "DUY"],
}


def strip(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Person:
    pid: str
    family: str
    middle: tuple[str, ...]
    given: str
    sex: str  # "M" or "F"
    birth: dt.date
    province: str
    id_number: str = ""
    phone: str = ""

    @property
    def name(self) -> str:
        return " ".join((self.family, *self.middle, self.given))

    @property
    def folded(self) -> str:
        return " ".join(sorted(strip(self.name).lower().split()))


@dataclass
class Record:
    """One person written one way: the batch format's fields, and who it really is."""

    id: str
    person: str
    name: str
    sex: str
    date: str = ""
    year: int | None = None
    id_number: str = ""
    phone: str = ""
    province: str = ""
    style: str = "officer"

    def to_json(self) -> dict[str, object]:
        row: dict[str, object] = {"id": self.id, "name": self.name, "sex": self.sex}
        if self.date:
            row["date"] = self.date
        elif self.year is not None:
            row["year"] = self.year
        for key in ("id_number", "phone", "province"):
            if getattr(self, key):
                row[key] = getattr(self, key)
        return row


def _draw(rng: random.Random, table: tuple[list[str], list[float]]) -> str:
    return rng.choices(table[0], weights=table[1])[0]


def make_person(rng: random.Random, pid: str, *, name_of: Person | None = None) -> Person:
    """A person; with ``name_of``, a different person with exactly that person's name."""
    if name_of is not None:
        sex, family, middle, given = name_of.sex, name_of.family, name_of.middle, name_of.given
    else:
        sex = rng.choice("MF")
        family = rng.choices(list(FAMILY), weights=list(FAMILY.values()))[0]
        middle = (_draw(rng, MIDDLE[sex]),)
        if rng.random() < name_frequencies.TWO_MIDDLE[sex]:
            middle += (_draw(rng, SECOND_MIDDLE[sex]),)
        given = _draw(rng, GIVEN[sex])
    birth = dt.date(rng.randint(FIRST_YEAR, LAST_YEAR), rng.randint(1, 12), rng.randint(1, 28))
    id_number = ""
    if rng.random() < 0.5:
        id_number = f"0{rng.randint(1, 96):02d}{rng.randint(0, 3)}{birth.year % 100:02d}"
        id_number += f"{rng.randint(0, 999_999):06d}"
    phone = f"09{rng.randint(0, 99_999_999):08d}" if rng.random() < 0.4 else ""
    return Person(pid, family, middle, given, sex, birth, rng.choice(PROVINCES), id_number, phone)


def _typo(rng: random.Random, token: str) -> str:
    if len(token) < 3:
        return token
    i = rng.randrange(1, len(token))
    kind = rng.random()
    if kind < 0.4:  # a letter left out
        return token[:i] + token[i + 1 :]
    if kind < 0.7 and i < len(token) - 1:  # two letters swapped
        return token[:i] + token[i + 1] + token[i] + token[i + 2 :]
    return token[:i] + rng.choice("aeiounhtgc") + token[i + 1 :]


def _date_fields(rng: random.Random, person: Person, style: str) -> tuple[str, int | None]:
    birth = person.birth
    if style == "officer":
        return (birth.isoformat(), None) if rng.random() < 0.9 else ("", birth.year)
    if style == "handover":
        roll = rng.random()
        if roll < 0.45:
            if rng.random() < 0.25 and birth.day <= 12:
                return dt.date(birth.year, birth.day, birth.month).isoformat(), None
            return birth.isoformat(), None
        if roll < 0.9:
            return "", birth.year + (rng.choice((-1, 1)) if rng.random() < 0.35 else 0)
        return "", None
    if style == "hotline":
        if rng.random() < 0.3:
            return birth.isoformat(), None
        if rng.random() < 0.85:
            return "", birth.year + (rng.choice((-1, 1)) if rng.random() < 0.4 else 0)
        return "", None
    # Foreign police: a full date, month and day swapped when it can be, or a year.
    if rng.random() < 0.75:
        if rng.random() < 0.4 and birth.day <= 12:
            return dt.date(birth.year, birth.day, birth.month).isoformat(), None
        return birth.isoformat(), None
    return "", birth.year


def write(rng: random.Random, person: Person, style: str, rid: str) -> Record:
    """``person`` as ``style`` writes them, under record id ``rid``."""
    family, middle, given = person.family, list(person.middle), person.given
    date, year = _date_fields(rng, person, style)
    record = Record(rid, person.pid, "", person.sex, date, year, style=style)
    if style == "officer":
        record.name = person.name
        record.id_number = person.id_number
        record.phone = person.phone
        record.province = person.province
        return record
    if style == "handover":
        upper = [strip(t).upper() for t in (family, *middle, given)]
        roll = rng.random()
        if roll < 0.5:  # given name first: "AN VAN NGUYEN"
            tokens = [upper[-1], *upper[1:-1], upper[0]]
        elif roll < 0.8:  # as at home: "NGUYEN VAN AN"
            tokens = upper
        else:  # family, given, middle: "NGUYEN AN VAN"
            tokens = [upper[0], upper[-1], *upper[1:-1]]
        if rng.random() < 0.2:
            tokens = [upper[-1], upper[0]]
        record.name = " ".join(tokens)
        record.id_number = person.id_number if rng.random() < 0.15 else ""
        record.province = person.province if rng.random() < 0.3 else ""
        return record
    if style == "hotline":
        tokens = [family, *middle, given]
        if rng.random() < 0.3 and middle:
            tokens = [family, given]
        if rng.random() < 0.7:
            tokens = [strip(t) for t in tokens]
        tokens = [t.lower() for t in tokens]
        if rng.random() < 0.25:
            j = rng.randrange(len(tokens))
            tokens[j] = _typo(rng, tokens[j])
        record.name = " ".join(tokens)
        record.phone = person.phone if rng.random() < 0.5 else ""
        record.province = person.province if rng.random() < 0.5 else ""
        return record
    tokens = [strip(t).upper() for t in (given, *middle, family)]
    tokens = [rng.choice(TRANSLITERATIONS.get(t, [t])) for t in tokens]
    if rng.random() < 0.4 and middle:
        tokens = [tokens[0], tokens[-1]]
    record.name = " ".join(tokens)
    return record


@dataclass
class Dataset:
    """Records on file, new intakes, and the truth about them."""

    on_file: list[Record] = field(default_factory=list)
    new: list[Record] = field(default_factory=list)
    # New record id -> the on-file record id of the same person (if any).
    truth: dict[str, str] = field(default_factory=dict)
    # New record id -> on-file record ids of different persons with the very same name.
    namesakes: dict[str, set[str]] = field(default_factory=dict)


def dataset(
    seed: int,
    *,
    on_file: int = 20_000,
    returning: int = 2_000,
    first_time: int = 2_000,
    made_namesakes: float = 0.5,
) -> Dataset:
    """``on_file`` persons on file (officer style); ``returning`` of them come back as a new
    record in another hand; ``first_time`` new persons are not on file, and
    ``made_namesakes`` of those carry exactly the name of someone on file."""
    rng = random.Random(seed)
    persons = [make_person(rng, f"p{i}") for i in range(on_file)]
    data = Dataset()
    by_name: dict[str, list[str]] = {}
    for person in persons:
        record = write(rng, person, "officer", f"F{person.pid[1:]}")
        data.on_file.append(record)
        by_name.setdefault(person.folded, []).append(record.id)
    intakes: list[tuple[Person, str | None]] = []
    for person in rng.sample(persons, returning):
        intakes.append((person, f"F{person.pid[1:]}"))
    for i in range(first_time):
        model = rng.choice(persons) if rng.random() < made_namesakes else None
        intakes.append((make_person(rng, f"n{i}", name_of=model), None))
    rng.shuffle(intakes)
    for n, (person, earlier) in enumerate(intakes):
        style = rng.choice(STYLES[1:]) if rng.random() < 0.85 else "officer"
        record = write(rng, person, style, f"N{n}")
        data.new.append(record)
        if earlier is not None:
            data.truth[record.id] = earlier
        others = {rid for rid in by_name.get(person.folded, ()) if rid != earlier}
        if others:
            data.namesakes[record.id] = others
    return data
