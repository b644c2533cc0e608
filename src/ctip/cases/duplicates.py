"""Duplicate-candidate search over encrypted persons.

The engine's blocking keys are stored as keyed HMACs (``PersonKey``). A search hashes the
newcomer's keys, finds persons sharing any of them with one indexed query, decrypts only
those candidates and scores each pair in memory with ``engine.duplicates.score``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from ctip.cases.engine.duplicates import (
    IdentityDocument,
    Match,
    MatchLevel,
    PersonFacts,
    blocking_keys,
    score,
)
from ctip.cases.models import Person, PersonKey
from ctip.core import crypto

PURPOSE = "person_blocking"
# A common name can share a key with thousands of records; the persons sharing the most
# keys with the newcomer are the only ones worth decrypting.
MAX_CANDIDATES = 200


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
    )


def key_hashes(facts: PersonFacts) -> set[str]:
    return {crypto.blind_index(PURPOSE, key) for key in blocking_keys(facts)}


def store_keys(person: Person) -> None:
    """Replace the person's blocking keys (inside the caller's transaction)."""
    PersonKey.objects.filter(person=person).delete()
    PersonKey.objects.bulk_create(
        PersonKey(person=person, key_hash=h) for h in sorted(key_hashes(facts_of(person)))
    )


@dataclass(frozen=True)
class Candidate:
    person: Person
    match: Match


def candidates(
    facts: PersonFacts, *, exclude: Iterable[int] = (), limit: int = 20
) -> list[Candidate]:
    """Earlier persons that may be the same as ``facts``, best first (likely or possible)."""
    hashes = key_hashes(facts)
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
    found: list[Candidate] = []
    for person in Person.objects.filter(pk__in=ids, merged_into__isnull=True):
        match = score(facts, facts_of(person))
        if match.level is not MatchLevel.UNLIKELY:
            found.append(Candidate(person, match))
    found.sort(key=lambda c: (-c.match.score, -c.person.pk))
    return found[:limit]


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
) -> PersonFacts:
    return PersonFacts(
        full_name=full_name,
        other_names=tuple(other_names),
        birth_date=birth_date,
        birth_year=birth_year,
        sex=sex if sex in {"female", "male"} else None,
        documents=(IdentityDocument(identity_kind, identity_number),) if identity_number else (),
        phones=(phone,) if phone else (),
    )
