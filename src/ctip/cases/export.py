"""The de-identified CTDC-compatible export (``stats.export``), k-anonymous with k = 11.

Statistics follow the platform's tree rule, not the case rule: an agency's statisticians
count the identified victims of cases led by their agency and every agency under it. Only
generalised fields leave; names, numbers and places never enter the rows.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ctip.cases.engine.children import CHILD_AGE
from ctip.cases.engine.ctdc import (
    CTDC_K,
    Exploitation,
    ExportCase,
    ExportReport,
    Row,
    anonymise,
    means_from_screening,
    to_ctdc_row,
)
from ctip.cases.engine.validation import age_on
from ctip.cases.events import CasesEvent
from ctip.cases.models import Case, IdentificationDecision, ScreeningInterview
from ctip.core import audit
from ctip.core.models import User

FORCED_CRIMINALITY_QUESTIONS = {"e_forced_to_defraud", "e_forced_to_recruit"}


def _export_case(case: Case, screening: ScreeningInterview | None) -> ExportCase:
    person = case.person
    age = None
    if person.birth_date:
        age = age_on(person.birth_date, case.intake_date)
    elif person.age_min is not None and person.age_max is not None:
        age = (person.age_min + person.age_max) // 2
    found = (
        [i["question"] for i in (screening.result or {}).get("indicators", [])] if screening else []
    )
    return ExportCase(
        year_of_registration=case.intake_date.year,
        sex=person.sex if person.sex in {"female", "male", "other"} else None,
        age=age,
        citizenship=person.nationality or None,
        country_of_exploitation=case.exploitation_country or None,
        exploitation=(
            frozenset({Exploitation.FORCED_CRIMINALITY})
            if FORCED_CRIMINALITY_QUESTIONS & set(found)
            else frozenset()
        ),
        means_of_control=means_from_screening(found),
    )


def ctdc_export(actor: User, *, k: int = CTDC_K) -> tuple[list[Row], ExportReport]:
    if not actor.has_ctip_perm("stats.export"):
        raise PermissionDenied("stats.export")
    k = max(k, CTDC_K)
    victims = IdentificationDecision.objects.filter(
        outcome="victim", approved_at__isnull=False
    ).values("case_id")
    cases = (
        # A child's case never leaves in a published file, however coarse the row.
        Case.objects.filter(
            lead_agency__path__startswith=actor.agency.path, pk__in=victims, child=False
        )
        .select_related("person")
        .order_by("pk")
    )
    latest: dict[int, ScreeningInterview] = {}
    for interview in ScreeningInterview.objects.filter(case__in=cases).order_by(
        "interviewed_on", "pk"
    ):
        latest[interview.case_id] = interview
    exported = (_export_case(c, latest.get(c.pk)) for c in cases.iterator(chunk_size=2000))
    # Nor does anyone under 18 at intake whose case predates the mark.
    rows = [to_ctdc_row(e) for e in exported if e.age is None or e.age >= CHILD_AGE]
    published, report = anonymise(rows, k=k)
    with transaction.atomic():
        audit.record(
            CasesEvent.CTDC_EXPORTED,
            actor=actor,
            data={"k": k, "total": report.total, "suppressed": report.suppressed},
        )
    return published, report
