"""Finding earlier records of the same person over encrypted data.

Two steps, so that the database never compares plain names:

1. ``blocking_keys(person)`` gives plain strings; the Django layer stores an HMAC of each as a
   blind index and looks up persons sharing any key with the newcomer (``PersonIndex`` does
   the same in memory for batches).
2. Only those candidates are decrypted and ``score(a, b)`` compares them in memory.

Scoring is the Fellegi–Sunter model (the one behind Splink): each field of a pair is
compared at one of a few levels (name exact, phonetic, close, partial or different; date of
birth exact, day and month swapped, ...), and each level adds the log-ratio of how often true
matches and non-matches fall into it (``m`` and ``u``). ``u`` is counted on random pairs,
``m`` and the prior on pairs known to be one person (``estimate_from_links``), or estimated
by expectation–maximisation on blocked candidate pairs where no links are known
(``estimate``); the shipped values are in ``data/person_match.json``. An exact name is
weighed by how common that name is (term-frequency adjustment): sharing "Nguyễn Văn Hùng"
says less than sharing "Vàng A Sử"; so are a phonetic name and one with a middle name
dropped. The candidates of one newcomer are finally scored together (``exclusive``): the
newcomer is at most one of them.

What each key kind reveals is documented in docs/apps/cases.md ("Duplicates").
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from importlib import resources

import phonenumbers

from ctip.cases.engine.labels import Label
from ctip.cases.engine.names import (
    COMMON_TOKENS,
    jaro_winkler,
    name_tokens,
    phonetic_key,
    phonetic_token,
    sorted_name,
)

# Posterior probability of being the same person.
LIKELY = 0.8
POSSIBLE = 0.01
# Candidates scored per search, chosen by the number of keys they share with the newcomer.
MAX_CANDIDATES = 200
SHOWN = 5

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
    province: str | None = None

    @property
    def year(self) -> int | None:
        return self.birth_date.year if self.birth_date else self.birth_year

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for n in (self.full_name, *self.other_names) if name_tokens(n))


@lru_cache(maxsize=65536)
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


def _swapped(date: dt.date) -> dt.date | None:
    """The date with day and month exchanged (02/05 read as 5 February), if it is one."""
    if date.day == date.month or date.day > 12:
        return None
    return dt.date(date.year, date.day, date.month)


def blocking_keys(person: PersonFacts) -> set[str]:
    """Plain keys that a record of the same person, however written, shares with this one.

    Names sorted (any order) and phonetic; names with a birth-year bucket; pairs of phonetic
    name tokens with the bucket (one misspelt or dropped token leaves a pair); each phonetic
    token with the exact date of birth and with the date's day and month swapped (a typo in
    the one rare token of "Nguyễn Văn X" leaves the others with the date); three-letter
    prefixes of the tokens with the bucket (a typo at the end of a syllable); the identity
    numbers and phones.
    """
    keys: set[str] = set()
    buckets = year_buckets(person.year) if person.year is not None else ()
    dates: list[dt.date] = []
    if person.birth_date is not None:
        dates.append(person.birth_date)
        swapped = _swapped(person.birth_date)
        if swapped is not None:
            dates.append(swapped)
    for name in person.names:
        ordered = sorted_name(name)
        tokens = name_tokens(name)
        keys.add(f"name:{ordered}")
        keys.add(f"phon:{phonetic_key(name)}")
        pairs = _token_pairs(tokens)
        prefixes = " ".join(sorted(phonetic_token(t)[:3] for t in tokens))
        # Pairs alone, for the records (and the queries) that have no year at all.
        keys.update(f"pair:{pair}" for pair in pairs)
        for bucket in buckets:
            keys.add(f"nameyb:{ordered}:{bucket}")
            keys.add(f"pfxyb:{prefixes}:{bucket}")
            keys.update(f"pairyb:{pair}:{bucket}" for pair in pairs)
        for date in dates:
            keys.update(f"dobtok:{date.isoformat()}:{phonetic_token(t)}" for t in tokens)
        if person.year is not None:
            keys.update(f"tdel:{pair}:{person.year}" for pair in typo_keys(tokens))
    for document in person.documents:
        if document.normalised:
            keys.add(f"id:{document.kind}:{document.normalised}")
    for phone in _phones(person):
        keys.add(f"phone:{phone}")
    return keys


def search_keys(person: PersonFacts) -> set[str]:
    """The keys a search looks up: all of them, but the year-less pairs only for a query
    without a year (with one, the pairs with a year bucket find the same records in far
    smaller blocks)."""
    keys = blocking_keys(person)
    if person.year is not None:
        keys = {key for key in keys if not key.startswith("pair:")}
        # A year written from an age is often a year off: the neighbours' typo keys too.
        for name in person.names:
            for pair in typo_keys(name_tokens(name)):
                keys.update(f"tdel:{pair}:{person.year + gap}" for gap in (-1, 1))
    return keys


# Tokens shorter than this lose no letter in ``typo_keys``: one or two letters left say
# nothing.
_TYPO_MIN = 3


def typo_keys(tokens: Sequence[str]) -> set[str]:
    """The two end tokens of a name (folded, sorted), as written and with one letter
    left out of either: "le sno" (for Lê Đức Sơn) gives "le sn", "le so", and Lê Đức Sơn
    gives "le so", "le sn". Two writings of a name whose ends differ by one letter typed
    wrong, left out, added or swapped with its neighbour share one, even when the middle
    name is dropped, which leaves no ``pair:`` key in common. Folded, not phonetic: the
    phonetic form rewrites clusters and sorts vowels, so one letter typed wrong can
    change it in more than one place ("nguycn" and "nguyen" are one letter apart, their
    phonetic forms are not). The ends are the family and the given name in either order
    (a list from abroad puts the given name first), also when both are common family or
    middle names: a given name that is one too ("Trần Hải Dương" written "tran duong")
    makes blocks as small as any other, as only such persons store them. None for a name
    of one token."""
    if len(tokens) < 2:
        return set()
    first, last = tokens[0], tokens[-1]
    variants = {(first, last)}
    variants.update((cut, last) for cut in _deletions(first))
    variants.update((first, cut) for cut in _deletions(last))
    return {" ".join(sorted(pair)) for pair in variants}


def _deletions(token: str) -> set[str]:
    if len(token) < _TYPO_MIN:
        return set()
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def name_keys(person: PersonFacts) -> set[str]:
    """The keys whose counts give how common each of the person's names is: the whole
    name, its phonetic form, and for a name of two tokens the pair (how many persons have
    both tokens among theirs, which weighs a match with a middle name dropped)."""
    keys: set[str] = set()
    for name in person.names:
        keys.add(f"name:{sorted_name(name)}")
        keys.add(f"phon:{phonetic_key(name)}")
        pair = _pair_key(name)
        if pair is not None:
            keys.add(pair)
    return keys


def _pair_key(name: str) -> str | None:
    """The ``pair:`` key of a name of exactly two tokens, when it makes one."""
    tokens = name_tokens(name)
    if len(tokens) != 2:
        return None
    pairs = _token_pairs(tokens)
    return f"pair:{next(iter(pairs))}" if pairs else None


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


# Comparisons ------------------------------------------------------------------------------

NULL = -1


@dataclass(frozen=True, slots=True)
class Comparison:
    """One field compared at one of ``levels`` (worst first); NULL when a side lacks it."""

    name: str
    levels: tuple[str, ...]


COMPARISONS = (
    Comparison(
        "name",
        (
            "name_differs",
            "name_partial",
            "name_common_kept",
            "name_close",
            "name_typo",
            "name_token_dropped",
            "name_phonetic",
            "name_equal",
        ),
    ),
    Comparison(
        "birth",
        (
            "dob_differs",
            "dob_within_one_year",
            "birth_year_equal",
            "dob_two_of_three_equal",
            "dob_day_month_swapped",
            "dob_equal",
        ),
    ),
    Comparison("sex", ("sex_differs", "sex_equal")),
    Comparison("identity", ("identity_number_differs", "identity_number_equal")),
    Comparison("phone", ("phone_differs", "phone_equal")),
    Comparison("province", ("province_differs", "province_equal")),
)
_IDENTITY = next(i for i, c in enumerate(COMPARISONS) if c.name == "identity")
NAME_EQUAL = len(COMPARISONS[0].levels) - 1
NAME_DROPPED = COMPARISONS[0].levels.index("name_token_dropped")
NAME_PHONETIC = COMPARISONS[0].levels.index("name_phonetic")
NAME_TYPO = COMPARISONS[0].levels.index("name_typo")
NAME_CLOSE = COMPARISONS[0].levels.index("name_close")
NAME_COMMON_KEPT = COMPARISONS[0].levels.index("name_common_kept")
NAME_PARTIAL = COMPARISONS[0].levels.index("name_partial")
# The name levels weighed by how common the shared value is, and the key counted for it.
_TF_LEVELS = {"name": NAME_EQUAL, "phon": NAME_PHONETIC, "pair": NAME_DROPPED}
Vector = tuple[int, ...]


def compare(a: PersonFacts, b: PersonFacts) -> Vector:
    """The comparison vector of a pair: one level (or NULL) per entry of ``COMPARISONS``."""
    return (
        _name_level(a.names, b.names),
        _birth_level(a, b),
        NULL if not (a.sex and b.sex) else int(a.sex == b.sex),
        _identity_level(a, b),
        _phone_level(a, b),
        NULL if not (a.province and b.province) else int(a.province == b.province),
    )


def _name_level(names_a: Sequence[str], names_b: Sequence[str]) -> int:
    if not names_a or not names_b:
        return NULL
    best = 0
    for x in names_a:
        for y in names_b:
            best = max(best, _one_name_level(x, y))
            if best == NAME_EQUAL:
                return best
    return best


@lru_cache(maxsize=262144)
def _one_name_level(x: str, y: str) -> int:
    if sorted_name(x) == sorted_name(y):
        return NAME_EQUAL
    if phonetic_key(x) == phonetic_key(y):
        return NAME_EQUAL - 1
    tokens_x, tokens_y = name_tokens(x), name_tokens(y)
    if _dropped_tokens(tokens_x, tokens_y, exact=True):
        return NAME_DROPPED
    if _one_typo(tokens_x, tokens_y):
        return NAME_TYPO
    similarity = _token_set_similarity(tokens_x, tokens_y)
    if similarity >= 0.85 or _dropped_tokens(tokens_x, tokens_y, exact=False):
        return NAME_CLOSE
    if _common_kept(tokens_x, tokens_y):
        return NAME_COMMON_KEPT
    if similarity >= 0.6:
        return NAME_PARTIAL
    return 0


def _common_kept(x: Sequence[str], y: Sequence[str]) -> bool:
    """One name is the two ends of the other, its middle names dropped, and both are
    common family or middle names ("Hoàng Nguyễn" of Nguyễn Minh Hoàng, "Trần Dương" of
    Trần Hải Dương): a given name that is also a family name is no rare token, so this is
    not ``name_token_dropped``, but far from a different name either. Its own level, so
    that the data say what it is worth."""
    short, long = sorted((x, y), key=len)
    if len(short) != 2 or len(long) < 3 or not all(t in COMMON_TOKENS for t in short):
        return False
    ends = sorted(phonetic_token(t) for t in (long[0], long[-1]))
    return sorted(phonetic_token(t) for t in short) == ends


def _dropped_tokens(x: Sequence[str], y: Sequence[str], *, exact: bool) -> bool:
    """One name is the other without some tokens ("Nguyễn An" and "Nguyễn Văn An"), and
    what is left holds a token that is not a common family or middle name. Not ``exact``:
    each token left may also be a typing error away from its partner ("Phan Khán" and
    "Phan Công Khánh")."""
    short, long = sorted((x, y), key=len)
    if len(short) < 2 or len(short) == len(long):
        return False
    if not any(t not in COMMON_TOKENS for t in short):
        return False
    kept = {phonetic_token(t) for t in short}
    if exact:
        return kept <= {phonetic_token(t) for t in long}
    return _token_set_similarity(short, long, over_shorter=True) >= 0.85


def _one_typo(x: Sequence[str], y: Sequence[str]) -> bool:
    """Every token of the shorter name is in the other, but one that is a letter away from
    its partner (left out, added, changed, or swapped with its neighbour): "nguyen thi auh"
    for Nguyễn Thị Anh, "vu thi ah" for Vũ Thị Anh, "huynh dc" for Huỳnh Thanh Đức. With
    tokens dropped, what is left must hold one that is not a common family or middle name,
    as for ``name_token_dropped``. Short syllables of distinct names are also a letter
    apart (Lan and Loan, Hà and Hoa): one of the two must be no Vietnamese syllable at
    all, which a mistyped letter usually leaves and a distinct name never does."""
    short, long = sorted((x, y), key=len)
    if len(short) < 2:
        return False
    rest = list(long)
    kept: list[str] = []
    left: list[str] = []
    for token in short:
        key = phonetic_token(token)
        partner = next((t for t in rest if phonetic_token(t) == key), None)
        if partner is None:
            left.append(token)
        else:
            rest.remove(partner)
            kept.append(partner)
    if len(left) != 1:
        return False
    for partner in rest:
        if _one_edit(left[0], partner) and (
            not (_is_syllable(left[0]) and _is_syllable(partner)) or _common_cut(left[0], partner)
        ):
            dropped = len(short) < len(long)
            return not dropped or any(t not in COMMON_TOKENS for t in (*kept, partner))
    return False


def _common_cut(x: str, y: str) -> bool:
    """One of ``x`` and ``y`` is a common family or middle name and the other, no common
    token itself, is it with a letter left out ("pan" for Phan, "va" for Văn, "ti" for
    Thị): the commonest names are the likeliest to be typed in a hurry, and such a cut
    leaves a syllable more often than not, which the syllable test alone takes for
    another name. A letter changed is not enough ("tho" for Thị may be Thơ)."""
    short, long = sorted((x, y), key=len)
    return long in COMMON_TOKENS and short not in COMMON_TOKENS and len(long) == len(short) + 1


# The vowels of a Vietnamese syllable, folded: "uye" of Nguyễn, "uoi" of người, "oa" of
# Hoà. Any other run of vowels ("ouo" of "pouong" for Phương, "aia" of "ngaia" for Nghĩa)
# is typing.
_NUCLEI = (
    "a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa",
    "oe", "oi", "oo", "ua", "ue", "ui", "uo", "uu", "uy", "ye", "ieu", "oai", "oay", "oeo",
    "uay", "uoi", "uou", "uya", "uye", "uyu", "yeu",
)  # fmt: skip
# A written Vietnamese syllable, folded: an initial consonant, its vowels, a final
# consonant. Two distinct names are two syllables; "ah", "hug", "dc" or "tni" is none.
_SYLLABLE_PARTS = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    rf"({'|'.join(sorted(_NUCLEI, key=len, reverse=True))})(ch|ng|nh|[cmnpt])?$"
)


@lru_cache(maxsize=65536)
def _is_syllable(token: str) -> bool:
    """Whether ``token`` (folded) can be written Vietnamese: "-ch" and "-nh" follow only
    a, e, i or y ("Linh", "Huỳnh"), "-ng" never i or y ("ling" and "hunh" are typing)."""
    parts = _SYLLABLE_PARTS.match(token)
    if parts is None:
        return False
    vowels, final = parts.groups()
    if final in {"ch", "nh"}:
        return vowels[-1] in "aeiy"
    return not (final == "ng" and vowels[-1] in "iy")


@lru_cache(maxsize=262144)
def _one_edit(x: str, y: str) -> bool:
    """``x`` and ``y`` (two letters or more each) differ by one letter left out, added or
    changed, or by two neighbours swapped."""
    if x == y or min(len(x), len(y)) < 2 or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        differ = [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]
        return len(differ) == 1 or _one_transposition(x, y)
    short, long = sorted((x, y), key=len)
    i = next((i for i, (p, q) in enumerate(zip(short, long, strict=False)) if p != q), len(short))
    return short[i:] == long[i + 1 :]


def name_similarity(names_a: Sequence[str], names_b: Sequence[str]) -> float:
    """Best similarity over both persons' names; 0 when either has none."""
    best = 0.0
    for a in names_a:
        for b in names_b:
            best = max(best, _token_set_similarity(name_tokens(a), name_tokens(b)))
    return best


def _token_set_similarity(
    a: Sequence[str], b: Sequence[str], *, over_shorter: bool = False
) -> float:
    """Weighted share of tokens paired with a similar token of the other name (of the
    longer name's tokens; ``over_shorter``: of the shorter's)."""
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
    totals = (sum(map(_weight, a)), sum(map(_weight, b)))
    return matched / (min(totals) if over_shorter else max(totals))


def _weight(token: str) -> float:
    # Sharing "Nguyễn" or "Thị" says little: half weight.
    return 0.5 if token in COMMON_TOKENS else 1.0


@lru_cache(maxsize=262144)
def _token_similarity(x: str, y: str) -> float:
    if x == y:
        return 1.0
    if phonetic_token(x) == phonetic_token(y):
        return 0.9
    if len(x) == len(y) and len(x) >= 3 and _one_transposition(x, y):
        # "ahn" for "anh", "trugn" for "trung": fingers, not another name.
        return 0.85
    # Short Vietnamese syllables differ by one letter between distinct names (An, Anh, Ân):
    # only longer tokens get credit for being merely close.
    if min(len(x), len(y)) >= 4:
        similarity = jaro_winkler(x, y)
        if similarity >= 0.9:
            return similarity * 0.9
    return 0.0


def _one_transposition(x: str, y: str) -> bool:
    differ = [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and x[differ[0]] == y[differ[1]]
        and (x[differ[1]] == y[differ[0]])
    )


def _birth_level(a: PersonFacts, b: PersonFacts) -> int:
    if a.year is None or b.year is None:
        return NULL
    if a.birth_date and b.birth_date:
        # Two full dates: they agree, or one was misread or mistyped, or they differ.
        x, y = a.birth_date, b.birth_date
        if x == y:
            return 5
        if x.year == y.year and x.day == y.month and x.month == y.day:
            return 4
        if (x.year == y.year) + (x.month == y.month) + (x.day == y.day) == 2:
            return 3
        return 0
    gap = abs(a.year - b.year)
    return 2 if gap == 0 else 1 if gap == 1 else 0


# A Vietnamese personal identification number (the citizen identity card's): twelve digits,
# given once to a person for life (Law on Identification 2023, art. 12). Passports are
# renewed under new numbers, and the nine-digit identity cards of old were replaced by it.
_PERSONAL_NUMBER = re.compile(r"^[0-9]{12}$")
# What two personal numbers that differ say: not one person. The weight sends the pair's
# probability to zero, whatever the rest agrees on.
PERSONAL_NUMBERS_DIFFER = -64.0


def personal_numbers_differ(a: PersonFacts, b: PersonFacts) -> bool:
    """Both hold a personal identification number and each of the one's is more than a
    digit changed, or two neighbours swapped, from each of the other's: two persons. One
    digit wrong is a typing error, and stays the weaker ``identity_number_differs``."""
    ours, theirs = _personal(a), _personal(b)
    return bool(ours and theirs) and not any(
        x == y or _one_edit(x, y) for x in ours for y in theirs
    )


def _personal(person: PersonFacts) -> set[str]:
    return {d.normalised for d in person.documents if _PERSONAL_NUMBER.match(d.normalised)}


def _identity_level(a: PersonFacts, b: PersonFacts) -> int:
    same, different = _documents(a, b)
    if same:
        return 1
    return 0 if different else NULL


def _phone_level(a: PersonFacts, b: PersonFacts) -> int:
    # The searched person's phones first: a list from abroad gives none, and then the
    # candidates' numbers need not be parsed at all.
    phones_a = set(_phones(a))
    if not phones_a:
        return NULL
    phones_b = set(_phones(b))
    if not phones_b:
        return NULL
    return int(bool(phones_a & phones_b))


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


# The model -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchModel:
    """Fellegi–Sunter parameters: the prior, and per comparison and level ``m`` and ``u``.

    ``m[c][l]``: how often a true match falls into level ``l`` of comparison ``c``;
    ``u[c][l]``: how often two different persons do. ``prior`` is the share of new
    records that have an earlier record on file; the prior of one pair is that share
    divided by the number of persons on file (``population`` when the caller does not
    say), so a score means the same in a register of a thousand and of a million.
    """

    prior: float
    m: tuple[tuple[float, ...], ...]
    u: tuple[tuple[float, ...], ...]
    population: int = 10_000

    def pair_log_odds(self, population: int | None = None) -> float:
        pair = min(self.prior / max(population or self.population, 1), 0.5)
        return math.log2(pair / (1 - pair))

    def to_json(self) -> str:
        body = {
            "prior": self.prior,
            "population": self.population,
            "comparisons": [
                {"name": c.name, "levels": list(c.levels), "m": list(m), "u": list(u)}
                for c, m, u in zip(COMPARISONS, self.m, self.u, strict=True)
            ],
        }
        return json.dumps(body, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> MatchModel:
        body = json.loads(text)
        rows = body["comparisons"]
        if [(r["name"], tuple(r["levels"])) for r in rows] != [
            (c.name, c.levels) for c in COMPARISONS
        ]:
            raise ValueError("The model's comparisons are not the engine's.")
        return cls(
            float(body["prior"]),
            tuple(tuple(float(v) for v in r["m"]) for r in rows),
            tuple(tuple(float(v) for v in r["u"]) for r in rows),
            int(body["population"]),
        )

    def weights(self) -> tuple[tuple[float, ...], ...]:
        """log2(m/u) for every comparison and level: what each level adds to a pair."""
        return tuple(
            tuple(math.log2(m / u) for m, u in zip(ms, us, strict=True))
            for ms, us in zip(self.m, self.u, strict=True)
        )


def load_model() -> MatchModel:
    text = resources.files(__package__).joinpath("data/person_match.json").read_text()
    return MatchModel.from_json(text)


MODEL = load_model()
_WEIGHTS = MODEL.weights()


def _smoothed(counts: Sequence[float], floor: float) -> tuple[float, ...]:
    total = sum(counts) + floor * len(counts)
    return tuple((c + floor) / total for c in counts)


# Where EM starts: "the same person mostly agrees at the top level". Sex starts (and,
# since no session estimates it, stays) at "recorded the same 99 times in 100": a
# Vietnamese name fixes the sex, so pairs found by name always agree on it and pairs found
# by date agree on it with the name, and left in, EM drifts to calling those matches.
START_M: tuple[tuple[float, ...], ...] = (
    (0.01, 0.04, 0.01, 0.08, 0.02, 0.15, 0.1, 0.6),
    (0.02, 0.1, 0.3, 0.03, 0.05, 0.5),
    (0.01, 0.99),
    (0.05, 0.95),
    (0.3, 0.7),
    (0.1, 0.9),
)


def _em(
    patterns: Counter[Vector],
    m: tuple[tuple[float, ...], ...],
    u: tuple[tuple[float, ...], ...],
    prior: float,
    *,
    update_m: bool,
    iterations: int,
    tolerance: float,
) -> tuple[tuple[tuple[float, ...], ...], float]:
    total = sum(patterns.values())
    for _ in range(iterations):
        m_counts = [[0.0] * len(c.levels) for c in COMPARISONS]
        matched = 0.0
        for vector, count in patterns.items():
            odds = prior / (1 - prior)
            for c, level in enumerate(vector):
                if level != NULL:
                    odds *= m[c][level] / u[c][level]
            p = odds / (1 + odds) * count
            matched += p
            for c, level in enumerate(vector):
                if level != NULL:
                    m_counts[c][level] += p
        new_prior = min(max(matched / total, 1e-9), 1 - 1e-9)
        new_m = (
            tuple(
                _smoothed(counts, 1e-3) if sum(counts) else old
                for counts, old in zip(m_counts, m, strict=True)
            )
            if update_m
            else m
        )
        change = max(
            [abs(new_prior - prior)]
            + [
                abs(x - y)
                for row_new, row_old in zip(new_m, m, strict=True)
                for x, y in zip(row_new, row_old, strict=True)
            ]
        )
        m, prior = new_m, new_prior
        if change < tolerance:
            break
    return m, prior


def estimate(
    sessions: Sequence[tuple[Iterable[Vector], frozenset[str]]],
    random_pairs: Iterable[Vector],
    candidate_pairs: Iterable[Vector],
    *,
    newcomers: int,
    population: int,
    iterations: int = 100,
    tolerance: float = 1e-6,
) -> MatchModel:
    """Estimate the model as Splink does.

    ``u`` is counted on ``random_pairs`` (almost all of which are different persons) and
    kept fixed. ``m`` comes from expectation–maximisation in training ``sessions``: each
    is the comparison vectors of pairs found by one blocking rule, with the names of the
    comparisons that rule blocked on. Those comparisons are left out of that session
    (pairs that had to agree on them say nothing of how often matches agree), and each
    comparison's ``m`` is the mean over the sessions that estimated it. The prior is then
    estimated, with ``m`` and ``u`` fixed, on ``candidate_pairs``: the pairs the search
    scores (those of ``newcomers`` records against ``population`` on file), and kept as
    the share of newcomers with an earlier record.
    """
    u_counts = [[0.0] * len(c.levels) for c in COMPARISONS]
    for vector in random_pairs:
        for c, level in enumerate(vector):
            if level != NULL:
                u_counts[c][level] += 1
    u = tuple(_smoothed(counts, 1.0) for counts in u_counts)
    start = START_M
    estimates: list[list[tuple[float, ...]]] = [[] for _ in COMPARISONS]
    for vectors, blocked_on in sessions:
        off = {i for i, c in enumerate(COMPARISONS) if c.name in blocked_on}
        patterns = Counter(
            tuple(NULL if i in off else level for i, level in enumerate(vector))
            for vector in vectors
        )
        if not patterns:
            raise ValueError("A training session has no pairs.")
        m, _ = _em(
            patterns, start, u, 0.01, update_m=True, iterations=iterations, tolerance=tolerance
        )
        for i in range(len(COMPARISONS)):
            if i not in off:
                estimates[i].append(m[i])
    # A comparison no session could estimate keeps its starting values, as in Splink.
    m = tuple(
        _smoothed([sum(values) / len(rows) for values in zip(*rows, strict=True)], 0.0)
        if rows
        else first
        for rows, first in zip(estimates, start, strict=True)
    )
    patterns = Counter(candidate_pairs)
    if not patterns:
        raise ValueError("No candidate pairs to estimate the prior from.")
    _, prior = _em(patterns, m, u, 0.01, update_m=False, iterations=iterations, tolerance=tolerance)
    returning = min(prior * sum(patterns.values()) / max(newcomers, 1), 1.0)
    return MatchModel(returning, m, u, population)


def estimate_from_links(
    linked_pairs: Iterable[Vector],
    random_pairs: Iterable[Vector],
    *,
    returning: float,
    population: int,
) -> MatchModel:
    """The model from pairs known to be one person (links an officer confirmed), not EM.

    ``m`` is counted on ``linked_pairs``, every comparison at once, each smoothed by half
    a pair per level; ``u`` on ``random_pairs`` as in ``estimate``; ``returning`` is the
    share of newcomers with an earlier record, known with the links. EM has to guess which
    candidate pairs are matches, and each of its sessions sees a biased part of them (the
    pairs blocked on a date are mostly foreign police lists): it underestimates how often
    a true match drops a middle name and overestimates the phonetic level.
    """
    m_counts = [[0.0] * len(c.levels) for c in COMPARISONS]
    for vector in linked_pairs:
        for c, level in enumerate(vector):
            if level != NULL:
                m_counts[c][level] += 1
    if not any(sum(counts) for counts in m_counts):
        raise ValueError("No linked pairs to count m on.")
    u_counts = [[0.0] * len(c.levels) for c in COMPARISONS]
    for vector in random_pairs:
        for c, level in enumerate(vector):
            if level != NULL:
                u_counts[c][level] += 1
    m = tuple(
        _smoothed(counts, 0.5) if sum(counts) else first
        for counts, first in zip(m_counts, START_M, strict=True)
    )
    u = tuple(_smoothed(counts, 1.0) for counts in u_counts)
    return MatchModel(min(max(returning, 1e-6), 1.0), m, u, population)


# Scoring ---------------------------------------------------------------------------------


class MatchLevel(StrEnum):
    LIKELY = "likely"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"


# By the level's code, as results, the API and stored matches carry it.
MATCH_LEVEL_LABELS: dict[str, Label] = {
    MatchLevel.LIKELY.value: Label("Likely the same person"),
    MatchLevel.POSSIBLE.value: Label("Possibly the same person: check"),
    MatchLevel.UNLIKELY.value: Label("Unlikely the same person"),
}

# Each level a pair reaches, as the officer reads it beside the candidate.
REASON_LABELS = {
    "name_differs": Label("Names differ"),
    "name_partial": Label("Names partly alike"),
    "name_common_kept": Label("Family and given name alike, middle name left out"),
    "name_close": Label("Names close"),
    "name_typo": Label("Same name but one letter"),
    "name_token_dropped": Label("Same name without a middle name"),
    "name_phonetic": Label("Names sound the same"),
    "name_equal": Label("Same name"),
    "dob_differs": Label("Born more than a year apart"),
    "dob_within_one_year": Label("Born a year apart"),
    "birth_year_equal": Label("Born the same year"),
    "dob_two_of_three_equal": Label("Dates of birth differ only in the day, the month or the year"),
    "dob_day_month_swapped": Label("Date of birth with day and month swapped"),
    "dob_equal": Label("Same date of birth"),
    "sex_differs": Label("Sex differs"),
    "sex_equal": Label("Same sex"),
    "identity_number_differs": Label("Identity numbers differ"),
    "identity_number_equal": Label("Same identity number"),
    "phone_differs": Label("Phone numbers differ"),
    "phone_equal": Label("Same phone number"),
    "province_differs": Label("Home provinces differ"),
    "province_equal": Label("Same home province"),
}


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    level: MatchLevel
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    weight: float = 0.0

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


# How common a name is: the share of records holding a plain key of ``name_keys`` (the
# sorted folded name, or a pair of tokens); None when unknown.
NameFrequency = Callable[[str], float | None]
# Records' worth of the model's own u that a counted share is shrunk towards: with a few
# hundred persons on file every name is "rare" or "common" by chance, and the count only
# takes over as the register grows.
PSEUDO_RECORDS = 1000


def name_share(key: str, count: int, total: int, model: MatchModel | None = None) -> float:
    """The share of records holding the name key ``key``, ``count`` of ``total``, shrunk
    towards the ``u`` of the level it weighs (an equal name, or one with tokens dropped)."""
    level = _TF_LEVELS[key.partition(":")[0]]
    u = (model or MODEL).u[0][level]
    return (count + PSEUDO_RECORDS * u) / (total + PSEUDO_RECORDS)


def score(
    a: PersonFacts,
    b: PersonFacts,
    *,
    frequency: NameFrequency | None = None,
    model: MatchModel | None = None,
    population: int | None = None,
) -> Match:
    """How likely two person records describe the same person, with the reasons.

    ``score`` is the posterior probability; each reason is a level reached and ``detail``
    its weight in bits (log2 of the Bayes factor). ``frequency`` gives the share of
    records carrying a name: with it, an exact name weighs log2(m / frequency) instead of
    log2(m / u), so a rare shared name counts for more than a common one. ``population``
    is the number of persons on file the pair was found among.
    """
    model = model or MODEL
    total = model.pair_log_odds(population)
    reasons: list[Reason] = []
    for c, level, weight in _weighed(a, b, model, frequency):
        total += weight
        reasons.append(Reason(COMPARISONS[c].levels[level], f"{weight:+.1f}"))
    reasons.sort(key=lambda r: -abs(float(r.detail)))
    probability = _probability(total)
    return Match(_rounded(probability), _level(probability), tuple(reasons), round(total, 3))


def pair_total(
    a: PersonFacts,
    b: PersonFacts,
    *,
    frequency: NameFrequency | None = None,
    model: MatchModel | None = None,
    population: int | None = None,
) -> float:
    """The log2 odds :func:`score` reaches for the pair, to the last bit, without the
    reasons (which cost more than the comparisons: a list is scored against a hundred
    thousand candidates and shows a few hundred)."""
    model = model or MODEL
    total = model.pair_log_odds(population)
    for _c, _level, weight in _weighed(a, b, model, frequency):
        total += weight
    return total


def _weighed(
    a: PersonFacts, b: PersonFacts, model: MatchModel, frequency: NameFrequency | None
) -> list[tuple[int, int, float]]:
    """Each comparison of the pair that both sides allow: its index, level and weight."""
    weights = _WEIGHTS if model is MODEL else model.weights()
    weighed = []
    for c, level in enumerate(compare(a, b)):
        if level == NULL:
            continue
        weight = weights[c][level]
        if c == _IDENTITY and level == 0 and personal_numbers_differ(a, b):
            weight = PERSONAL_NUMBERS_DIFFER
        elif c == 0 and level in _TF_LEVELS.values() and frequency is not None:
            weight = _name_tf_weight(a, b, level, model, frequency, weight)
        weighed.append((c, level, weight))
    return weighed


def _probability(total: float) -> float:
    return 1 / (1 + 2.0 ** (-total)) if total > -60 else 0.0


def _rounded(probability: float) -> float:
    return round(min(max(probability, 0.0), 1.0), 4)


def _level(probability: float) -> MatchLevel:
    if probability >= LIKELY:
        return MatchLevel.LIKELY
    return MatchLevel.POSSIBLE if probability >= POSSIBLE else MatchLevel.UNLIKELY


def exclusive(matches: Sequence[Match], candidates: Sequence[PersonFacts]) -> list[Match]:
    """The matches of one newcomer against its ``candidates``, each scored knowing the
    others: the newcomer is at most one person.

    Pair by pair, a namesake born the same year looks as likely as the true record; but
    when another candidate also shares the date and the phone, the namesake is very
    likely not the newcomer. With pair odds ``o_j = 2**weight_j``, the probability that
    the newcomer is candidate ``j`` is ``o_j / (1 + o_j + sum of o_k)`` over the
    candidates ``k`` that are other persons, where 1 stands for "none of them". Records
    that are likely one person (the same person on file at two agencies) are not
    rivals: they keep their scores. A candidate alone keeps its pair score; the order is
    unchanged.
    """
    if len(matches) < 2:
        return list(matches)
    weights = [m.weight for m in matches]
    probabilities = _exclusive(
        weights, [m.level is not MatchLevel.UNLIKELY for m in matches], candidates
    )
    return [
        replace(match, score=_rounded(probability), level=_level(probability))
        for match, probability in zip(matches, probabilities, strict=True)
    ]


def held(total: float) -> bool:
    """Whether a pair of :func:`pair_total` ``total`` is at least possible alone: only
    such candidates are ever shown, and only their facts are read by
    :func:`exclusive_totals`."""
    return _level(_probability(total)) is not MatchLevel.UNLIKELY


def rivals(totals: Sequence[float]) -> list[int]:
    """The candidates (by position) that :func:`exclusive` compares with one another, from
    their :func:`pair_total`: only their facts need be complete; of the others, those the
    pair's comparisons read are enough."""
    if len(totals) < 2:
        return []
    return _shown(
        [round(t, 3) for t in totals],
        [_level(_probability(t)) is not MatchLevel.UNLIKELY for t in totals],
    )


def exclusive_totals(
    a: PersonFacts,
    candidates: Sequence[PersonFacts],
    totals: Sequence[float],
    *,
    frequency: NameFrequency | None = None,
    model: MatchModel | None = None,
    population: int | None = None,
) -> list[Match | None]:
    """``exclusive([score(a, c) for c in candidates], candidates)`` from the candidates'
    :func:`pair_total`, the same matches, but ``None`` for each unlikely one: the reasons
    are worked out only for those shown."""
    if len(totals) < 2:
        probabilities = [_probability(t) for t in totals]
    else:
        probabilities = _exclusive(
            [round(t, 3) for t in totals],
            [_level(_probability(t)) is not MatchLevel.UNLIKELY for t in totals],
            candidates,
        )
    found: list[Match | None] = []
    for candidate, probability in zip(candidates, probabilities, strict=True):
        level = _level(probability)
        if level is MatchLevel.UNLIKELY:
            found.append(None)
            continue
        pair = score(a, candidate, frequency=frequency, model=model, population=population)
        found.append(replace(pair, score=_rounded(probability), level=level))
    return found


def _exclusive(
    weights: Sequence[float], held: Sequence[bool], candidates: Sequence[PersonFacts]
) -> list[float]:
    """The probabilities of :func:`exclusive` from the pair weights; ``held``: whether
    each pair alone is at least possible."""
    top = max(weights)
    # Odds scaled by 2**-top so that nothing overflows; "none" scaled alike.
    scaled = [2.0 ** (w - top) for w in weights]
    none = 2.0 ** min(-top, 1000.0)
    group = _same_persons(weights, held, candidates)
    total = sum(scaled)
    probabilities = []
    for j, odds in enumerate(scaled):
        allies = sum(scaled[k] for k in group.get(j, ()) if k != j)
        probabilities.append(odds / (none + total - allies))
    return probabilities


# Candidates compared with one another to find records of one person: the shown ones at most.
_GROUPED = 20


def _shown(weights: Sequence[float], held: Sequence[bool]) -> list[int]:
    return sorted((j for j, h in enumerate(held) if h), key=lambda j: -weights[j])[:_GROUPED]


def _same_persons(
    weights: Sequence[float], held: Sequence[bool], candidates: Sequence[PersonFacts]
) -> dict[int, set[int]]:
    """For each shown candidate, the shown candidates likely the same person as it."""
    shown = _shown(weights, held)
    group: dict[int, set[int]] = {j: {j} for j in shown}
    for i, j in ((i, j) for n, i in enumerate(shown) for j in shown[n + 1 :]):
        if group[i] is not group[j] and score(candidates[i], candidates[j]).level is (
            MatchLevel.LIKELY
        ):
            merged = group[i] | group[j]
            for k in merged:
                group[k] = merged
    return group


def _name_tf_weight(
    a: PersonFacts,
    b: PersonFacts,
    level: int,
    model: MatchModel,
    frequency: NameFrequency,
    default: float,
) -> float:
    """log2(m / share of records holding what the pair shares): the whole name when it is
    equal, its phonetic form when that is; with tokens dropped, the two tokens left
    ("Trần Tùng" of "Trần Văn Tùng")."""
    if level == NAME_EQUAL:
        shared = {f"name:{sorted_name(n)}" for n in a.names} & {
            f"name:{sorted_name(n)}" for n in b.names
        }
    elif level == NAME_PHONETIC:
        shared = {f"phon:{phonetic_key(n)}" for n in a.names} & {
            f"phon:{phonetic_key(n)}" for n in b.names
        }
    else:
        shared = {
            key
            for x in a.names
            for y in b.names
            if _one_name_level(x, y) == NAME_DROPPED
            for key in (_pair_key(x), _pair_key(y))
            if key is not None
        }
    shares = [f for f in (frequency(key) for key in shared) if f is not None]
    if not shares:
        return default
    # The rarest shared name speaks; never rarer than one record in the population.
    share = max(min(shares), 1e-9)
    return math.log2(model.m[0][level] / share)


# An in-memory index: the batch command and the benchmarks ------------------------------


class PersonIndex:
    """Persons on file, found by blocking keys as the database finds them.

    ``hash_key`` turns a plain key into what is stored (the Django layer's HMAC); the
    index holds only those, the facts to score, and the count of each key (for the
    name frequencies).
    """

    def __init__(self, hash_key: Callable[[str], str] = lambda key: key) -> None:
        self._hash = hash_key
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._facts: list[PersonFacts] = []
        self._ids: list[str] = []

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, ident: str, facts: PersonFacts) -> None:
        position = len(self._ids)
        self._ids.append(ident)
        self._facts.append(facts)
        for key in blocking_keys(facts):
            self._postings[self._hash(key)].append(position)

    def frequency(self, key: str) -> float | None:
        return name_share(key, len(self._postings.get(self._hash(key), ())), len(self))

    def postings(self, key: str) -> Sequence[int]:
        """The positions of the persons holding the plain ``key``."""
        return self._postings.get(self._hash(key), ())

    def facts(self, position: int) -> PersonFacts:
        return self._facts[position]

    def candidates(self, facts: PersonFacts) -> list[int]:
        """Positions of the :data:`MAX_CANDIDATES` persons sharing the most blocking keys
        with ``facts``, the last added first among those sharing as many (the database's
        order: the highest id first), so that a search answers the same on every run."""
        shared: Counter[int] = Counter()
        for key in search_keys(facts):
            shared.update(self._postings.get(self._hash(key), ()))
        return heapq.nsmallest(MAX_CANDIDATES, shared, key=lambda p: (-shared[p], -p))

    def search(self, facts: PersonFacts, *, limit: int = SHOWN) -> list[tuple[str, Match]]:
        """The on-file persons that may be ``facts``, best first, none unlikely."""
        positions = self.candidates(facts)
        found_facts = [self._facts[p] for p in positions]
        matches = exclusive(
            [
                score(facts, other, frequency=self.frequency, population=len(self))
                for other in found_facts
            ],
            found_facts,
        )
        found = [
            (self._ids[position], match)
            for position, match in zip(positions, matches, strict=True)
            if match.level is not MatchLevel.UNLIKELY
        ]
        found.sort(key=lambda item: (-item[1].weight, item[0]))
        return found[:limit]
