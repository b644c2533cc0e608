"""Duplicate-candidate search over encrypted persons.

The engine's blocking keys are stored as keyed HMACs (``PersonKey``). A search hashes the
newcomer's keys, finds persons sharing any of them with one indexed query, decrypts only
those candidates and scores each pair in memory with ``engine.duplicates.score``. How
common the newcomer's name is (the score's term-frequency adjustment) is the number of
persons holding its ``name:`` key, counted on the hashes: no name leaves its encryption.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, models, transaction
from django.db.models import Count

from ctip.cases.engine.duplicates import (
    IdentityDocument,
    Match,
    MatchLevel,
    NameFrequency,
    PersonFacts,
    blocking_keys,
    exclusive,
    exclusive_totals,
    held,
    name_keys,
    name_share,
    pair_total,
    rivals,
    score,
    search_keys,
)
from ctip.cases.models import Person, PersonKey
from ctip.core import crypto

PURPOSE = "person_blocking"
# A common name can share a key with thousands of records; the persons sharing the most
# keys with the newcomer are the only ones worth decrypting.
MAX_CANDIDATES = 200


# The fields of a person that :func:`facts_of` reads (``_Rows.parse`` takes them in this
# order).
SCORED_FIELDS = (
    "full_name",
    "other_names",
    "birth_date",
    "age_min",
    "age_max",
    "age_estimated_in",
    "sex",
    "documents",
    "phones",
    "home_province_id",
)


def facts_of(person: Person) -> PersonFacts:
    return _facts(
        full_name=person.full_name,
        other_names=person.other_names,
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        sex=person.sex,
        documents=person.documents,
        phones=person.phones,
        province=person.home_province_id,
    )


def _facts(
    *,
    full_name: str | None,
    other_names: Any,
    birth_date: dt.date | None,
    birth_year: int | None,
    sex: str,
    documents: Any,
    phones: Any,
    province: int | None,
) -> PersonFacts:
    return PersonFacts(
        full_name=full_name or "",
        other_names=tuple(other_names) if other_names else (),
        birth_date=birth_date,
        birth_year=birth_year,
        sex=sex if sex in {"female", "male"} else None,
        documents=tuple(
            IdentityDocument(str(d.get("kind", "")), str(d.get("number", "")))
            for d in documents
            if isinstance(d, dict)
        )
        if documents
        else (),
        phones=tuple(phones) if phones else (),
        province=str(province) if province else None,
    )


def key_hashes(facts: PersonFacts) -> set[str]:
    return {crypto.blind_index(PURPOSE, key) for key in blocking_keys(facts)}


def store_keys(person: Person) -> None:
    """Replace the person's blocking keys (inside the caller's transaction)."""
    PersonKey.objects.filter(person=person).delete()
    PersonKey.objects.bulk_create(
        PersonKey(person=person, key_hash=h) for h in sorted(key_hashes(facts_of(person)))
    )


def rebuild_keys(*, batch: int = 500) -> int:
    """Recompute every person's blocking keys (after the engine's keys change); the count."""
    done = 0
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            persons = list(Person.objects.filter(pk__in=ids[start : start + batch]))
            PersonKey.objects.filter(person__in=persons).delete()
            PersonKey.objects.bulk_create(
                PersonKey(person=person, key_hash=h)
                for person in persons
                for h in sorted(key_hashes(facts_of(person)))
            )
        done += len(persons)
    return done


@dataclass(frozen=True)
class Candidate:
    person: Person
    match: Match


def candidates(
    facts: PersonFacts, *, exclude: Iterable[int] = (), limit: int = 20
) -> list[Candidate]:
    """Earlier persons that may be the same as ``facts``, best first (likely or possible)."""
    hashes = {crypto.blind_index(PURPOSE, key) for key in search_keys(facts)}
    if not hashes:
        return []
    ranked = (
        PersonKey.objects.filter(key_hash__in=hashes)
        .exclude(person_id__in=list(exclude))
        .values("person_id")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-person_id")[:MAX_CANDIDATES]
    )
    ids = [row["person_id"] for row in ranked]
    population = _person_count()
    frequency = name_frequency(facts, population)
    persons = list(Person.objects.filter(pk__in=ids, merged_into__isnull=True))
    found_facts = [facts_of(p) for p in persons]
    matches = exclusive(
        [score(facts, f, frequency=frequency, population=population) for f in found_facts],
        found_facts,
    )
    found = [
        Candidate(person, match)
        for person, match in zip(persons, matches, strict=True)
        if match.level is not MatchLevel.UNLIKELY
    ]
    found.sort(key=lambda c: (-c.match.weight, -c.person.pk))
    return found[:limit]


@dataclass(frozen=True)
class Found:
    """A person on file a listed person may be: the id and the match (a list reads
    nothing else of the persons it finds)."""

    person_id: int
    match: Match


# Of the scored fields, those a list decrypts only for the candidates of a listed person
# who gives such a value (an identity number, a phone) and for the few candidates
# compared with one another: a list from abroad seldom gives either, and without them
# the pair's comparison of that field is empty whatever the candidate holds.
READ_WHEN_GIVEN = ("documents", "phones")


def candidates_many(facts_list: list[PersonFacts], *, limit: int = 20) -> list[list[Found]]:
    """:func:`candidates` for a whole list at once, with the same answer for each entry:
    one query for every key of the list, one for the name counts, one decryption of the
    union of candidates, the scoring in memory (a manifest of 500 against a million, in
    one process: a process forked to weigh half the pairs made the list slower, each
    process copying the pages the other shared as it counted references to them).

    Only what the scoring reads is fetched and decrypted, into the matching facts with no
    model instance: the fields of ``READ_WHEN_GIVEN`` only where a listed person gives one
    (and then for the few candidates compared with one another, whose facts must be
    whole); each pair is first weighed without its reasons, which are worked out only for
    the candidates shown."""
    searched = [{crypto.blind_index(PURPOSE, key) for key in search_keys(f)} for f in facts_list]
    every = set().union(*searched) if searched else set()
    if not every:
        return [[] for _ in facts_list]
    holders = _holders(every)
    population = _person_count()
    chosen = [_ranked(holders, hashes) for hashes in searched]
    rows = _Rows()
    rows.read({pk for ids in chosen for pk in ids}, SCORED_FIELDS_BUT_GIVEN, on_file=True)
    for field in READ_WHEN_GIVEN:
        given = {
            pk for f, ids in zip(facts_list, chosen, strict=True) if getattr(f, field) for pk in ids
        }
        rows.read(given & rows.values.keys(), (field,))
    name_counts = {h: len(holders.get(h, ())) for h in every}
    frequencies = [_frequency_from_counts(f, name_counts, population) for f in facts_list]
    held_lists = [[pk for pk in ids if pk in rows.values] for ids in chosen]
    rows.parse(pk for ids in held_lists for pk in ids)
    totals_lists = [
        [
            pair_total(facts, rows.facts(pk), frequency=frequency, population=population)
            for pk in ids
        ]
        for facts, frequency, ids in zip(facts_list, frequencies, held_lists, strict=True)
    ]
    compared: set[int] = set()
    for held_ids, totals in zip(held_lists, totals_lists, strict=True):
        compared.update(held_ids[j] for j in rivals(totals))
    incomplete = {pk for pk in compared if any(f not in rows.values[pk] for f in READ_WHEN_GIVEN)}
    rows.read(incomplete, READ_WHEN_GIVEN)
    answers: list[list[Found]] = []
    for facts, frequency, ids, totals in zip(
        facts_list, frequencies, held_lists, totals_lists, strict=True
    ):
        # exclusive_totals reads the facts of the candidates at least possible alone and
        # no other: the others are neither decrypted nor parsed here.
        matches = exclusive_totals(
            facts,
            [rows.facts(pk) if held(t) else _NOT_READ for pk, t in zip(ids, totals, strict=True)],
            totals,
            frequency=frequency,
            population=population,
        )
        found = [Found(pk, match) for pk, match in zip(ids, matches, strict=True) if match]
        found.sort(key=lambda c: (-c.match.weight, -c.person_id))
        answers.append(found[:limit])
    return answers


def _holders(hashes: set[str]) -> dict[str, np.ndarray]:
    """The ids of the persons holding each of ``hashes`` that any person holds: one query
    grouped by key, each key's holders as one comma-separated text parsed by numpy. A
    list of 500 against a million persons reads millions of (key, person) pairs, mostly
    namesakes found again under each of their keys; one Python object per pair would cost
    seconds. The hashes go as one parameter (a JSON array on SQLite, an array on
    PostgreSQL): tens of thousands of placeholders would cost more to build than to run."""
    table = PersonKey._meta.db_table
    ids = "string_agg(person_id::text, ',')" if _postgres() else "group_concat(person_id)"
    within, param = _one_of("key_hash", sorted(hashes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT key_hash, {ids} FROM {table} WHERE {within} GROUP BY key_hash",  # noqa: S608
            [param],
        )
        return {
            key_hash: np.fromstring(ids, dtype=np.int64, sep=",")
            for key_hash, ids in cursor.fetchall()
        }


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _one_of(column: str, values: list[Any]) -> tuple[str, Any]:
    """``column`` is one of ``values``, as SQL with one parameter (an array on PostgreSQL,
    a JSON array on SQLite) and the parameter."""
    if _postgres():
        return f"{column} = ANY(%s)", values
    return f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(values)  # noqa: S608


def _ranked(holders: dict[str, np.ndarray], hashes: set[str]) -> list[int]:
    """The :data:`MAX_CANDIDATES` persons sharing the most of ``hashes``, the highest id
    first among those sharing as many: the order of :func:`candidates`' query."""
    blocks = [holders[h] for h in hashes if h in holders]
    if not blocks:
        return []
    ids, shared = np.unique(np.concatenate(blocks), return_counts=True)
    best = np.lexsort((-ids, -shared))[:MAX_CANDIDATES]
    return [int(pk) for pk in ids[best]]


SCORED_FIELDS_BUT_GIVEN = tuple(f for f in SCORED_FIELDS if f not in READ_WHEN_GIVEN)
# Stands for a candidate whose facts are not read (see candidates_many).
_NOT_READ = PersonFacts(full_name="")


class _Rows:
    """Scored fields of persons as the database gives them, still encrypted, then
    decrypted and parsed into facts field by field for all of them at once."""

    def __init__(self) -> None:
        self.values: dict[int, dict[str, Any]] = {}
        self._facts: dict[int, PersonFacts] = {}

    def read(self, pks: set[int], fields: tuple[str, ...], *, on_file: bool = False) -> None:
        """Add ``fields`` of the persons ``pks`` (one query, the ids as one parameter);
        ``on_file``: the first read, of the persons not merged away, whom it adds."""
        if not pks:
            return
        meta = Person._meta
        columns = ", ".join(_column(name) for name in fields)
        within, param = _one_of(meta.pk.column, sorted(pks))
        if on_file:
            within += f" AND {_column('merged_into')} IS NULL"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {meta.pk.column}, {columns} FROM {meta.db_table} WHERE {within}",  # noqa: S608
                [param],
            )
            for pk, *raw in cursor.fetchall():
                if on_file:
                    self.values[pk] = dict(zip(fields, raw, strict=True))
                else:
                    self.values[pk].update(zip(fields, raw, strict=True))
                    self._facts.pop(pk, None)

    def parse(self, pks: Iterable[int]) -> None:
        """Decrypt and parse the persons ``pks`` not parsed yet: each field of them all
        at once (a field's decryption of many values looks its key up once)."""
        todo = [pk for pk in dict.fromkeys(pks) if pk not in self._facts]
        if not todo:
            return
        rows = [self.values[pk] for pk in todo]
        columns: dict[str, list[Any]] = {}
        for name in SCORED_FIELDS:
            raw = [row.get(name) for row in rows]
            many = getattr(Person._meta.get_field(name), "from_db_many", None)
            columns[name] = raw if many is None else many(raw)
        year_of = Person.year_of
        for (
            pk,
            full_name,
            others,
            birth,
            age_min,
            age_max,
            estimated_in,
            sex,
            documents,
            phones,
            home,
        ) in zip(todo, *(columns[field] for field in SCORED_FIELDS), strict=True):
            self._facts[pk] = _facts(
                full_name=full_name,
                other_names=others,
                birth_date=birth,
                birth_year=year_of(birth, age_min, age_max, estimated_in),
                sex=sex,
                documents=documents,
                phones=phones,
                province=home,
            )

    def facts(self, pk: int) -> PersonFacts:
        """The facts of person ``pk`` (a field of ``READ_WHEN_GIVEN`` not read counts as
        empty)."""
        found = self._facts.get(pk)
        if found is None:
            self.parse((pk,))
            found = self._facts[pk]
        return found


def _column(name: str) -> str:
    """The quoted column of the person's field ``name``."""
    field = Person._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(name)
    return str(connection.ops.quote_name(field.column))


def _frequency_from_counts(facts: PersonFacts, counts: dict[str, int], total: int) -> NameFrequency:
    hashes = {key: crypto.blind_index(PURPOSE, key) for key in name_keys(facts)}
    missing = [h for h in hashes.values() if h not in counts]
    if missing:
        counts = counts | dict(
            PersonKey.objects.filter(key_hash__in=missing)
            .values("key_hash")
            .annotate(n=Count("pk"))
            .values_list("key_hash", "n")
        )

    def frequency(key: str) -> float | None:
        hashed = hashes.get(key)
        return None if hashed is None else name_share(key, counts.get(hashed, 0), total)

    return frequency


def _person_count() -> int:
    """About how many persons there are: the highest id, one index read (a count of a
    million rows is not); merged and deleted records make it a slight overestimate."""
    return Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def name_frequency(facts: PersonFacts, total: int | None = None) -> NameFrequency:
    """The share of persons holding each of ``facts``' names, from the keys' hash counts."""
    hashes = {key: crypto.blind_index(PURPOSE, key) for key in name_keys(facts)}
    counts = dict(
        PersonKey.objects.filter(key_hash__in=hashes.values())
        .values("key_hash")
        .annotate(n=Count("pk"))
        .values_list("key_hash", "n")
    )
    total = _person_count() if total is None else total

    def frequency(key: str) -> float | None:
        hashed = hashes.get(key)
        return None if hashed is None else name_share(key, counts.get(hashed, 0), total)

    return frequency


def facts_from_values(
    *,
    full_name: str,
    other_names: Iterable[str] = (),
    birth_date: dt.date | None = None,
    birth_year: int | None = None,
    sex: str = "",
    identity_kind: str = "cccd",
    identity_number: str = "",
    phone: str = "",
    province: str | None = None,
) -> PersonFacts:
    return PersonFacts(
        full_name=full_name,
        other_names=tuple(other_names),
        birth_date=birth_date,
        birth_year=birth_year,
        sex=sex if sex in {"female", "male"} else None,
        documents=(IdentityDocument(identity_kind, identity_number),) if identity_number else (),
        phones=(phone,) if phone else (),
        province=province or None,
    )
