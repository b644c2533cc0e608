"""Duplicate-candidate search over encrypted persons.

The engine's blocking keys are stored as keyed HMACs (``PersonKey``). A search hashes the
newcomer's keys, finds persons sharing any of them with one indexed query, decrypts only
those candidates and scores each pair in memory with ``engine.duplicates.score``. How
common the newcomer's name is (the score's term-frequency adjustment) is the number of
persons holding its ``name:`` key, counted on the hashes: no name leaves its encryption.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from ctip.cases.engine.duplicates import (
    IdentityDocument,
    Match,
    MatchLevel,
    NameFrequency,
    PersonFacts,
    blocking_keys,
    exclusive,
    name_keys,
    name_share,
    score,
    search_keys,
)
from ctip.cases.models import Person, PersonKey
from ctip.core import crypto

PURPOSE = "person_blocking"
# A common name can share a key with thousands of records; the persons sharing the most
# keys with the newcomer are the only ones worth decrypting.
MAX_CANDIDATES = 200


# The fields of a person that :func:`facts_of` reads.
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
    return PersonFacts(
        full_name=person.full_name or "",
        other_names=tuple(person.other_names or ()),
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        sex=person.sex if person.sex in {"female", "male"} else None,
        documents=tuple(
            IdentityDocument(str(d.get("kind", "")), str(d.get("number", "")))
            for d in (person.documents or ())
            if isinstance(d, dict)
        ),
        phones=tuple(person.phones or ()),
        province=str(person.home_province_id) if person.home_province_id else None,
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


def candidates_many(facts_list: list[PersonFacts], *, limit: int = 20) -> list[list[Candidate]]:
    """:func:`candidates` for a whole list at once, with the same answer for each entry:
    one query for every key of the list, one for the name counts, one decryption of the
    union of candidates, the scoring in memory (a manifest of 500 against a million)."""
    searched = [{crypto.blind_index(PURPOSE, key) for key in search_keys(f)} for f in facts_list]
    every = set().union(*searched) if searched else set()
    if not every:
        return [[] for _ in facts_list]
    holders: dict[str, list[int]] = {}
    for person_id, key_hash in PersonKey.objects.filter(key_hash__in=every).values_list(
        "person_id", "key_hash"
    ):
        holders.setdefault(key_hash, []).append(person_id)
    population = _person_count()
    chosen: list[list[int]] = []
    for hashes in searched:
        shared: dict[int, int] = {}
        for h in hashes:
            for person_id in holders.get(h, ()):
                shared[person_id] = shared.get(person_id, 0) + 1
        ranked = sorted(shared.items(), key=lambda item: (-item[1], -item[0]))
        chosen.append([person_id for person_id, _ in ranked[:MAX_CANDIDATES]])
    # Only what the scoring reads is fetched and decrypted (half of a person's encrypted
    # fields); the callers read nothing else of these persons but their id.
    persons = {
        p.pk: p
        for p in Person.objects.filter(
            pk__in={pk for ids in chosen for pk in ids}, merged_into__isnull=True
        ).only(*SCORED_FIELDS)
    }
    facts_of_person = {pk: facts_of(p) for pk, p in persons.items()}
    name_counts = {h: len(holders.get(h, ())) for h in every}
    answers: list[list[Candidate]] = []
    for facts, ids in zip(facts_list, chosen, strict=True):
        frequency = _frequency_from_counts(facts, name_counts, population)
        held = [pk for pk in ids if pk in persons]
        matches = exclusive(
            [
                score(facts, facts_of_person[pk], frequency=frequency, population=population)
                for pk in held
            ],
            [facts_of_person[pk] for pk in held],
        )
        found = [
            Candidate(persons[pk], match)
            for pk, match in zip(held, matches, strict=True)
            if match.level is not MatchLevel.UNLIKELY
        ]
        found.sort(key=lambda c: (-c.match.weight, -c.person.pk))
        answers.append(found[:limit])
    return answers


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
