"""Finding earlier records of the same person over encrypted data.

Two steps, so that the database never compares plain names:

1. ``blocking_keys(person)`` gives plain strings; the Django layer stores an HMAC of each as a
   blind index and looks up persons sharing any key with the newcomer.
2. Only those candidates are decrypted and ``score(a, b)`` compares them in memory.

What each key kind reveals is documented in docs/apps/cases.md ("Duplicates").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

import phonenumbers

from ctip.cases.engine.names import (
    COMMON_TOKENS,
    jaro_winkler,
    name_tokens,
    phonetic_key,
    phonetic_token,
    sorted_name,
)

LIKELY = 0.8
POSSIBLE = 0.6

_ID_CHARS = re.compile(r"[^0-9A-Z]")


@dataclass(frozen=True, slots=True)
class IdentityDocument:
    kind: str
    number: str

    @property
    def normalised(self) -> str:
        return _ID_CHARS.sub("", self.number.upper())


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """The decrypted fields that matching uses; nothing else about the person."""

    full_name: str
    other_names: tuple[str, ...] = ()
    birth_date: dt.date | None = None
    # For a person who knows only the year, or whose age was estimated at intake.
    birth_year: int | None = None
    sex: str | None = None
    documents: tuple[IdentityDocument, ...] = ()
    phones: tuple[str, ...] = ()
    phone_region: str = "VN"

    @property
    def year(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.full_name, *self.other_names) if name_tokens(n))


def normalise_phone(raw: str, region: str = "VN") -> str | None:
    """E.164 form, or None for what is not a valid number (it then makes no key)."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def year_buckets(year: int) -> tuple[str, str]:
    """The two overlapping two-year buckets holding ``year``.

    Persons born at most one year apart share a bucket; two or more years apart, none.
    """
    return f"{year - 1}-{year}", f"{year}-{year + 1}"


def blocking_keys(person: PersonFacts) -> set[str]:
    keys: set[str] = set()
    buckets = year_buckets(person.year) if person.year is not None else ()
    for name in person.names:
        ordered = sorted_name(name)
        keys.add(f"name:{ordered}")
        keys.add(f"phon:{phonetic_key(name)}")
        pairs = _token_pairs(name_tokens(name))
        for bucket in buckets:
            keys.add(f"nameyb:{ordered}:{bucket}")
            keys.update(f"pairyb:{pair}:{bucket}" for pair in pairs)
    for document in person.documents:
        if document.normalised:
            keys.add(f"id:{document.kind}:{document.normalised}")
    for phone in _phones(person):
        keys.add(f"phone:{phone}")
    return keys


def _token_pairs(tokens: Sequence[str]) -> set[str]:
    """Pairs of phonetic tokens, so a record with one token misspelt or dropped still meets.

    Pairs of two common tokens ("nguyen van") are left out: each would hold a tenth of
    all persons.
    """
    pairs: set[str] = set()
    for i, first in enumerate(tokens):
        for second in tokens[i + 1 :]:
            if first in COMMON_TOKENS and second in COMMON_TOKENS:
                continue
            pairs.add(" ".join(sorted((phonetic_token(first), phonetic_token(second)))))
    return pairs


class MatchLevel(StrEnum):
    LIKELY = "likely"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    level: MatchLevel
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


def score(a: PersonFacts, b: PersonFacts) -> Match:
    """How likely two person records describe the same person, with the reasons."""
    reasons: list[Reason] = []

    name = name_similarity(a.names, b.names)
    reasons.append(Reason("name_similarity", f"{name:.2f}"))
    total = 0.5 * name

    dob_part, dob_reason = _dob(a, b)
    total += dob_part
    reasons.append(dob_reason)

    shared_phones = set(_phones(a)) & set(_phones(b))
    if shared_phones:
        # A phone is often a family member's: it supports a match, it does not make one.
        total += 0.3
        reasons.append(Reason("phone_equal"))

    if dob_reason.code == "dob_differs":
        total *= 0.5
    if a.sex and b.sex and a.sex != b.sex:
        total *= 0.5
        reasons.append(Reason("sex_differs"))

    same_id, different_id = _documents(a, b)
    if same_id:
        total = 0.9 + 0.1 * name
        reasons.insert(0, Reason("identity_number_equal", ", ".join(sorted(same_id))))
    elif different_id:
        total *= 0.3
        reasons.insert(0, Reason("identity_number_differs", ", ".join(sorted(different_id))))

    total = round(min(max(total, 0.0), 1.0), 4)
    level = (
        MatchLevel.LIKELY
        if total >= LIKELY
        else MatchLevel.POSSIBLE
        if total >= POSSIBLE
        else MatchLevel.UNLIKELY
    )
    return Match(total, level, tuple(reasons))


def name_similarity(names_a: Sequence[str], names_b: Sequence[str]) -> float:
    """Best similarity over both persons' names; 0 when either has none."""
    best = 0.0
    for a in names_a:
        for b in names_b:
            best = max(best, _token_set_similarity(name_tokens(a), name_tokens(b)))
    return best


def _token_set_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    if not a or not b:
        return 0.0
    pairs = sorted(
        ((_token_similarity(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b)),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = 0.0
    for similarity, i, j in pairs:
        if similarity <= 0 or i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        matched += similarity * _weight(a[i])
    return matched / max(sum(map(_weight, a)), sum(map(_weight, b)))


def _weight(token: str) -> float:
    # Sharing "Nguyễn" or "Thị" says little: half weight.
    return 0.5 if token in COMMON_TOKENS else 1.0


@lru_cache(maxsize=262144)
def _token_similarity(x: str, y: str) -> float:
    if x == y:
        return 1.0
    if phonetic_token(x) == phonetic_token(y):
        return 0.9
    # Short Vietnamese syllables differ by one letter between distinct names (An, Anh, Ân):
    # only longer tokens get credit for being merely close.
    if min(len(x), len(y)) >= 4:
        similarity = jaro_winkler(x, y)
        if similarity >= 0.92:
            return similarity * 0.9
    return 0.0


def _dob(a: PersonFacts, b: PersonFacts) -> tuple[float, Reason]:
    if a.birth_date and b.birth_date and a.birth_date == b.birth_date:
        return 0.3, Reason("dob_equal", a.birth_date.isoformat())
    if a.year is None or b.year is None:
        return 0.1, Reason("dob_unknown")
    gap = abs(a.year - b.year)
    if gap == 0:
        return 0.2, Reason("birth_year_equal", str(a.year))
    if gap == 1:
        return 0.15, Reason("dob_within_one_year", f"{a.year}/{b.year}")
    return 0.0, Reason("dob_differs", f"{a.year}/{b.year}")


def _documents(a: PersonFacts, b: PersonFacts) -> tuple[set[str], set[str]]:
    same: set[str] = set()
    different: set[str] = set()
    for kind in {d.kind for d in a.documents} & {d.kind for d in b.documents}:
        numbers_a = {d.normalised for d in a.documents if d.kind == kind} - {""}
        numbers_b = {d.normalised for d in b.documents if d.kind == kind} - {""}
        if numbers_a & numbers_b:
            same.add(kind)
        elif numbers_a and numbers_b:
            different.add(kind)
    return same, different


def _phones(person: PersonFacts) -> Iterable[str]:
    for raw in person.phones:
        phone = normalise_phone(raw, person.phone_region)
        if phone is not None:
            yield phone
