"""Matching the person a tracing request seeks with persons elsewhere.

Two directions, both through the cases engine's duplicate model (tolerant of missing
diacritics, name order and an approximate birth year):

- a request against persons in cases: ``actions.matching.request_match`` (through
  ``cases.selectors.persons_matching``);
- a person described elsewhere (a handover manifest, a verification request) against open
  tracing requests: :func:`requests_matching_person`, the function the ``cooperation``
  app's port registers. It takes a frozen :class:`PersonSought` and returns frozen
  :class:`RequestMatch` rows: references, never names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.db.models import Count

from ctip.cases.engine.duplicates import (
    MatchLevel,
    PersonFacts,
    blocking_keys,
    score,
    search_keys,
)
from ctip.core import crypto
from ctip.hotline.models import RequestStatus, TracingKey, TracingRequest

PURPOSE = "tracing_blocking"
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class PersonSought:
    full_name: str
    birth_year: int | None = None
    other_names: tuple[str, ...] = ()
    sex: str = ""
    birth_date: dt.date | None = None


class DescribedPerson(Protocol):
    """What a caller must give: any frozen dataclass with these attributes will do
    (``other_names``, ``sex`` and ``birth_date`` are read when present)."""

    @property
    def full_name(self) -> str: ...

    @property
    def birth_year(self) -> int | None: ...


@dataclass(frozen=True)
class RequestMatch:
    request_id: int
    reference: str
    police_agency_id: int
    level: str  # "likely" or "possible"
    weight: float


def facts_of(row: TracingRequest) -> PersonFacts:
    return PersonFacts(
        full_name=row.full_name or "",
        other_names=tuple(row.other_names or ()),
        birth_date=row.birth_date,
        birth_year=row.birth_year,
        sex=row.sex if row.sex in {"female", "male"} else None,
        documents=(),
        phones=(row.phone,) if row.phone else (),
        province=None,
    )


def facts_from(sought: DescribedPerson) -> PersonFacts:
    sex = getattr(sought, "sex", "") or ""
    return PersonFacts(
        full_name=sought.full_name or "",
        other_names=tuple(getattr(sought, "other_names", ()) or ()),
        birth_date=getattr(sought, "birth_date", None),
        birth_year=sought.birth_year,
        sex=sex if sex in {"female", "male"} else None,
        documents=(),
        phones=(),
        province=None,
    )


def store_keys(row: TracingRequest) -> None:
    """Replace the request's blocking keys (inside the caller's transaction)."""
    TracingKey.objects.filter(request=row).delete()
    TracingKey.objects.bulk_create(
        TracingKey(request=row, key_hash=crypto.blind_index(PURPOSE, key))
        for key in sorted(blocking_keys(facts_of(row)))
    )


def requests_matching_person(
    sought: DescribedPerson, *, limit: int = 10
) -> tuple[RequestMatch, ...]:
    """Open tracing requests that may seek this person, best first."""
    hashes = {crypto.blind_index(PURPOSE, key) for key in search_keys(facts_from(sought))}
    if not hashes or not (sought.full_name or "").strip():
        return ()
    ranked = (
        TracingKey.objects.filter(key_hash__in=hashes)
        .values("request_id")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-request_id")[:MAX_CANDIDATES]
    )
    ids = [row["request_id"] for row in ranked]
    wanted = facts_from(sought)
    found = []
    for row in TracingRequest.objects.filter(pk__in=ids).exclude(
        status__in=[RequestStatus.RETURNED, RequestStatus.CLOSED]
    ):
        match = score(wanted, facts_of(row))
        if match.level is not MatchLevel.UNLIKELY:
            found.append(
                RequestMatch(
                    row.pk, row.follow_code, row.police_id, match.level.value, match.weight
                )
            )
    found.sort(key=lambda m: (-m.weight, -m.request_id))
    return tuple(found[:limit])
