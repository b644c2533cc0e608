"""Finding a case by a person's name, identity number or phone, through the blind indexes.

Names are encrypted, so the database cannot compare them: the typed name is turned into
the same blocking keys the duplicate search stores (``PersonKey``): the folded tokens in
sorted order ("Nguyen Van An", "AN NGUYỄN VĂN" and "nguyễn văn an" give one key) and their
phonetic key (common misspellings). An identity number and a phone number are looked up
in their keyed blind indexes. Only cases within the actor's scope are returned, and every
search is an audit event (what kind of value was searched and how many cases were found,
never the value itself).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ctip.cases.duplicates import PURPOSE
from ctip.cases.engine.duplicates import normalise_phone
from ctip.cases.engine.names import phonetic_key, sorted_name
from ctip.cases.events import CasesEvent
from ctip.cases.models import Case, Person, PersonKey, identity_normaliser, phone_normaliser
from ctip.core import audit
from ctip.core.crypto import blind_index
from ctip.core.models import User

MAX_RESULTS = 50


@dataclass(frozen=True)
class SearchResult:
    kinds: tuple[str, ...]
    cases: list[Case]


def _terms(query: str) -> tuple[tuple[str, ...], Q]:
    """Which indexes the query can be looked up in, and the person filter they give."""
    kinds: list[str] = []
    person = Q(pk__in=[])
    digits = "".join(ch for ch in query if ch.isdigit())
    letters = any(ch.isalpha() for ch in query)
    phone = normalise_phone(query)
    if phone:
        kinds.append("phone")
        person |= Q(phone_index=blind_index("phone", phone_normaliser(query))) | Q(
            pk__in=PersonKey.objects.filter(key_hash=blind_index(PURPOSE, f"phone:{phone}")).values(
                "person_id"
            )
        )
    if digits and not letters and len(digits) >= 6:
        kinds.append("identity_number")
        person |= Q(
            identity_number_index=blind_index("identity_number", identity_normaliser(query))
        )
    if letters and sorted_name(query):
        kinds.append("name")
        keys = {
            blind_index(PURPOSE, f"name:{sorted_name(query)}"),
            blind_index(PURPOSE, f"phon:{phonetic_key(query)}"),
        }
        person |= Q(pk__in=PersonKey.objects.filter(key_hash__in=keys).values("person_id"))
    return tuple(kinds), person


def search_cases(actor: User, query: str) -> SearchResult:
    """Cases within the actor's scope whose person matches ``query``, newest first."""
    if not actor.has_ctip_perm("cases.view_case"):
        raise PermissionDenied("cases.view_case")
    query = " ".join(query.split())[:200]
    if len(query) < 3:
        raise ValidationError({"q": _("Type a full name, an identity number or a phone number.")})
    kinds, person = _terms(query)
    if not kinds:
        raise ValidationError({"q": _("Type a full name, an identity number or a phone number.")})
    persons = Person.objects.filter(person)
    # A merged person is found through the one it was merged into, and the reverse.
    ids = set(persons.values_list("pk", flat=True)) | set(
        persons.exclude(merged_into__isnull=True).values_list("merged_into_id", flat=True)
    )
    rows: QuerySet[Case] = (
        Case.objects.filter(Case.scope_q(actor), person_id__in=ids)
        .select_related("person", "lead_agency")
        .order_by("-intake_date", "-pk")
    )
    found = list(rows[:MAX_RESULTS])
    with transaction.atomic():
        audit.record(
            CasesEvent.CASES_SEARCHED,
            actor=actor,
            fields=["full_name"] if found else [],
            data={
                "by": list(kinds),
                "results": len(found),
                "persons": [c.person_id for c in found],
            },
        )
    return SearchResult(kinds, found)
