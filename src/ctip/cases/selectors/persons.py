"""Likely earlier records of the case's person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ctip.cases import duplicates
from ctip.cases.engine.duplicates import MatchLevel, PersonFacts
from ctip.cases.events import CasesEvent
from ctip.cases.models import (
    Case,
    Person,
    PersonLink,
)
from ctip.core import audit
from ctip.core.models import Agency, User


@dataclass(frozen=True)
class DuplicateCandidate:
    """A likely earlier record of a person: the person and the agency leading their case
    only when the reader may see that record, else ``held_elsewhere``."""

    person: Person | None
    person_id: int | None
    score: float
    level: str
    reasons: tuple[str, ...]
    agency: Agency | None
    held_elsewhere: bool


def duplicate_candidates(actor: User, found: Case) -> list[DuplicateCandidate]:
    """Likely earlier records of the case's person. Details and the lead agency only for
    records the actor may see; for others, the level and "held elsewhere": naming the
    agency would tell anyone who can type an identity number where that person is
    protected."""
    if not actor.has_ctip_perm("cases.merge"):
        return []
    person_ = found.person
    linked = set(
        PersonLink.objects.filter(person=person_, undone_at__isnull=True).values_list(
            "other_id", flat=True
        )
    ) | set(
        PersonLink.objects.filter(other=person_, undone_at__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    found_ = duplicates.candidates(duplicates.facts_of(person_), exclude=[person_.pk, *linked])
    if not found_:
        return []
    seen = set(
        Person.objects.filter(
            Person.scope_q(actor), pk__in=[c.person.pk for c in found_]
        ).values_list("pk", flat=True)
    )
    rows = []
    for c in found_:
        lead = (
            Case.objects.filter(person=c.person)
            .select_related("lead_agency")
            .order_by("-pk")
            .first()
        )
        readable = c.person.pk in seen
        rows.append(
            DuplicateCandidate(
                person=c.person if readable else None,
                person_id=c.person.pk if readable else None,
                score=c.match.score,
                level=c.match.level.value,
                reasons=tuple(c.match.codes),
                agency=lead.lead_agency if lead and readable else None,
                held_elsewhere=not readable,
            )
        )
    with transaction.atomic():
        audit.record(
            CasesEvent.DUPLICATES_SEARCHED,
            actor=actor,
            target=person_,
            data={"candidates": len(rows), "visible": sorted(seen)},
        )
    return rows


def held_elsewhere(actor: User, case: Case) -> int:
    """At the gate: how many likely records of the case's person other agencies hold
    that the actor cannot read. Neither the records nor the agencies holding them are
    named: naming the agency would tell anyone who can open a case and type an identity
    number where that person is protected (the duplicate search says "held elsewhere"
    the same way). The check is audited."""
    person: Person = case.person
    found = [
        c
        for c in duplicates.candidates(duplicates.facts_of(person), exclude=[person.pk])
        if c.match.level is MatchLevel.LIKELY
    ]
    if not found:
        return 0
    readable = set(
        Person.objects.filter(
            Person.scope_q(actor), pk__in=[c.person.pk for c in found]
        ).values_list("pk", flat=True)
    )
    elsewhere = [c.person.pk for c in found if c.person.pk not in readable]
    with transaction.atomic():
        audit.record(
            CasesEvent.ON_FILE_CHECKED,
            actor=actor,
            target=person,
            data={"likely_elsewhere": len(elsewhere)},
        )
    return len(elsewhere)


# Persons matching a description from another app (hotline tracing requests) --------------


@dataclass(frozen=True)
class PersonMatch:
    """A person on file who may be the one described: ids and the score, no identity."""

    person_id: int
    case_id: int | None
    case_agency_id: int | None
    level: str
    weight: float


def persons_matching(
    *,
    full_name: str,
    other_names: Sequence[str] = (),
    birth_year: int | None = None,
    birth_date: dt.date | None = None,
    sex: str = "",
    phone: str = "",
    limit: int = 10,
) -> list[PersonMatch]:
    """Persons the duplicate search finds likely or possible (tolerant of missing
    diacritics, name order and an approximate birth year), each with its latest case.
    The caller decides who may learn of a match; nothing here names anyone."""
    facts = duplicates.facts_from_values(
        full_name=full_name,
        other_names=other_names,
        birth_date=birth_date,
        birth_year=birth_year,
        sex=sex,
        phone=phone,
    )
    found = duplicates.candidates(facts, limit=limit)
    latest: dict[int, tuple[int, int]] = {}
    for row in (
        Case.objects.filter(person_id__in=[c.person.pk for c in found])
        .order_by("person_id", "-pk")
        .values("person_id", "pk", "lead_agency_id")
    ):
        latest.setdefault(row["person_id"], (row["pk"], row["lead_agency_id"]))
    return [
        PersonMatch(
            person_id=c.person.pk,
            case_id=latest.get(c.person.pk, (None, None))[0],
            case_agency_id=latest.get(c.person.pk, (None, None))[1],
            level=c.match.level.value,
            weight=c.match.weight,
        )
        for c in found
    ]


# Matching persons that other apps hold (a verification list, a handover manifest) -------


@dataclass(frozen=True)
class SoughtFacts:
    """What a list gives of a person, for matching against persons on file."""

    full_name: str
    birth_date: dt.date | None = None
    birth_year: int | None = None
    sex: str = ""
    document_number: str = ""
    province_id: int | None = None


@dataclass(frozen=True)
class OnFile:
    """One person on file who may be the one sought. The case is named only when the
    reader's agency may read it; otherwise "held elsewhere", never where."""

    level: str  # "likely" or "possible"
    score: float
    case_id: int | None
    case_reference: str
    held_elsewhere: bool


def persons_on_file(actor: User, sought: SoughtFacts, *, limit: int = 5) -> list[OnFile]:
    """Persons on file who may be ``sought`` (the intake screen's blocking keys and
    scoring, as ``ctip persons match``), best first. Needs ``cases.view_case`` or
    ``cooperation.verify``/``cooperation.handover`` (the matching of lists); the caller
    records the audit event of the list it matches."""
    _may_match(actor)
    found = duplicates.candidates(_facts(sought), limit=limit)
    return _on_file(actor, [[duplicates.Found(c.person.pk, c.match) for c in found]])[0]


def persons_on_file_many(
    actor: User, sought: list[SoughtFacts], *, limit: int = 5
) -> list[list[OnFile]]:
    """:func:`persons_on_file` for a whole list (a manifest, a verification list) in a
    few queries rather than a few per person; the same answer for each entry."""
    _may_match(actor)
    if not sought:
        return []
    found = duplicates.candidates_many([_facts(s) for s in sought], limit=limit)
    return _on_file(actor, found)


def _may_match(actor: User) -> None:
    if not actor.is_authenticated or not any(
        actor.has_ctip_perm(p)
        for p in ("cases.view_case", "cooperation.verify", "cooperation.handover")
    ):
        raise PermissionDenied("cases.view_case")


def _facts(sought: SoughtFacts) -> PersonFacts:
    return duplicates.facts_from_values(
        full_name=sought.full_name,
        birth_date=sought.birth_date,
        birth_year=sought.birth_year,
        sex=sought.sex,
        identity_kind="passport",
        identity_number=sought.document_number,
        province=str(sought.province_id) if sought.province_id else None,
    )


def _on_file(actor: User, lists: list[list[duplicates.Found]]) -> list[list[OnFile]]:
    ids = {c.person_id for found in lists for c in found}
    # The persons with a case the reader may read, asked of the cases of the persons found
    # (``Person.scope_q`` asked of a list made PostgreSQL walk every case: 0.2 s at a million).
    readable = (
        set(
            Case.objects.filter(Case.scope_q(actor), person_id__in=ids).values_list(
                "person_id", flat=True
            )
        )
        if ids and actor.has_ctip_perm("cases.view_case")
        else set()
    )
    latest: dict[int, tuple[int, str]] = {}
    if readable:
        for pk, person_id in (
            Case.objects.filter(person_id__in=readable)
            .order_by("pk")
            .values_list("pk", "person_id")
        ):
            latest[person_id] = (pk, Case(pk=pk).reference)
    answers = []
    for found in lists:
        rows = []
        for c in found:
            case_ref = latest.get(c.person_id) if c.person_id in readable else None
            rows.append(
                OnFile(
                    level=c.match.level.value,
                    score=c.match.score,
                    case_id=case_ref[0] if case_ref else None,
                    case_reference=case_ref[1] if case_ref else "",
                    held_elsewhere=case_ref is None,
                )
            )
        answers.append(rows)
    return answers
