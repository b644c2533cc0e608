"""Scoped reads of the cases app. Opening a person's record is an audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from ctip.cases import documents, duplicates
from ctip.cases.engine.questionnaire import load_questionnaire
from ctip.cases.engine.support import SupportType
from ctip.cases.models import (
    Case,
    CaseDocument,
    CaseShare,
    FollowUp,
    IdentificationDecision,
    Person,
    PersonLink,
    Referral,
    ScreeningInterview,
    ServiceDelivery,
    ServiceProvider,
)
from ctip.core import audit
from ctip.core.models import AuditEvent, User
from ctip.core.scope import get_visible, visible

# Health details are sensitive (cases.view_sensitive): deliveries of these types show only
# that support was given, not which.
HEALTH_SUPPORT = {SupportType.MEDICAL_CARE.value, SupportType.PSYCHOLOGICAL_SUPPORT.value}
PERSON_READ_FIELDS = (
    "full_name",
    "other_names",
    "identity_number",
    "phone",
    "addresses",
    "birth_date",
    "home_commune",
)


def cases(
    actor: User, *, mine: bool = False, status: str = "", open_only: bool = False
) -> QuerySet[Case]:
    rows = visible(Case.objects.all(), actor, "cases.view_case").select_related(
        "person", "lead_agency", "assigned_worker"
    )
    if mine:
        rows = rows.filter(assigned_worker=actor)
    if status:
        rows = rows.filter(status=status)
    if open_only:
        rows = rows.exclude(status="closed")
    overdue = FollowUp.objects.filter(
        case=OuterRef("pk"), done_on__isnull=True, due_on__lt=timezone.localdate()
    )
    return rows.annotate(has_overdue=Exists(overdue)).order_by("-intake_date", "-pk")


def record_list_read(actor: User, rows: Iterable[Case]) -> None:
    """A list that shows names is a read of each person on it: one event per page."""
    ids = [c.person_id for c in rows]
    if ids:
        with transaction.atomic():
            audit.record("RECORDS_LISTED", actor=actor, fields=["full_name"], data={"persons": ids})


def case(actor: User, case_id: int, *, permission: str = "cases.view_case") -> Case:
    """A case the actor may see (404 otherwise), without reading its person."""
    return get_visible(
        Case.objects.select_related("person", "lead_agency", "assigned_worker"),
        actor,
        permission,
        pk=case_id,
    )


def open_case(actor: User, case_id: int, *, permission: str = "cases.view_case") -> Case:
    """The case with its person, the read recorded in the audit trail."""
    found = case(actor, case_id, permission=permission)
    audit.record_read(actor, found.person, fields=PERSON_READ_FIELDS)
    return found


def overdue_followups(actor: User, *, today: dt.date | None = None) -> QuerySet[FollowUp]:
    return (
        visible(FollowUp.objects.all(), actor, "cases.view_case")
        .filter(assignee=actor, done_on__isnull=True, due_on__lt=today or timezone.localdate())
        .select_related("case")
        .order_by("due_on")
    )


def followup(actor: User, followup_id: int) -> FollowUp:
    return get_visible(
        FollowUp.objects.select_related("case"), actor, "cases.view_case", pk=followup_id
    )


def referral(actor: User, referral_id: int) -> Referral:
    return get_visible(
        Referral.objects.select_related("case", "provider", "provider__agency", "case__person"),
        actor,
        "cases.view_case",
        pk=referral_id,
    )


def incoming_referrals(actor: User) -> QuerySet[Referral]:
    from ctip.cases.models import lineage

    return (
        visible(Referral.objects.all(), actor, "cases.view_case")
        .filter(provider__agency_id__in=lineage(actor), status__in=["sent", "accepted"])
        .select_related("case", "provider")
    )


def decision(actor: User, decision_id: int) -> IdentificationDecision:
    return get_visible(
        IdentificationDecision.objects.select_related("case"),
        actor,
        "cases.view_case",
        pk=decision_id,
    )


def share(actor: User, share_id: int) -> CaseShare:
    return get_visible(
        CaseShare.objects.select_related("case", "agency"), actor, "cases.view_case", pk=share_id
    )


def link(actor: User, link_id: int) -> PersonLink:
    return get_visible(
        PersonLink.objects.select_related("person", "other"), actor, "cases.view_case", pk=link_id
    )


def person(actor: User, person_id: int) -> Person:
    return get_visible(Person.objects.all(), actor, "cases.view_case", pk=person_id)


def providers(actor: User) -> QuerySet[ServiceProvider]:
    return visible(
        ServiceProvider.objects.filter(is_active=True), actor, "cases.view_case"
    ).select_related("agency", "province")


def timeline(found: Case) -> QuerySet[AuditEvent]:
    """The case's own events, newest first (reads are in the audit trail, not here)."""
    return AuditEvent.objects.filter(target_type="cases.case", target_id=str(found.pk)).order_by(
        "-seq"
    )


@dataclass(frozen=True)
class AnswerView:
    question: str
    stage: str
    answer: str
    hidden: bool


def screening_answers(actor: User, interview: ScreeningInterview, lang: str) -> list[AnswerView]:
    """Answers with their questions; sensitive ones hidden without cases.view_sensitive."""
    questionnaire = load_questionnaire(interview.questionnaire_version)
    sensitive_ok = actor.has_ctip_perm("cases.view_sensitive")
    answers: dict[str, Any] = interview.answers or {}
    rows: list[AnswerView] = []
    for question in questionnaire.questions:
        if question.id not in answers:
            continue
        hidden = question.sensitive and not sensitive_ok
        options = {o.code: o.label.in_language(lang) for o in question.options}  # type: ignore[arg-type]
        raw = answers[question.id]
        codes = [raw] if isinstance(raw, str) else list(raw)
        rows.append(
            AnswerView(
                question=question.text.in_language(lang),  # type: ignore[arg-type]
                stage=question.stage,
                answer="" if hidden else ", ".join(options.get(c, c) for c in codes),
                hidden=hidden,
            )
        )
    return rows


def screening_indicators(actor: User, interview: ScreeningInterview) -> list[dict[str, str]]:
    questionnaire = load_questionnaire(interview.questionnaire_version)
    sensitive_ok = actor.has_ctip_perm("cases.view_sensitive")
    shown = []
    for item in (interview.result or {}).get("indicators", []):
        question = questionnaire.question(item["question"])
        if question.sensitive and not sensitive_ok:
            continue
        shown.append(item)
    return shown


def deliveries(actor: User, found: Case) -> list[ServiceDelivery]:
    rows = list(ServiceDelivery.objects.filter(case=found).select_related("provider"))
    if not actor.has_ctip_perm("cases.view_sensitive"):
        for row in rows:
            if row.support_type in HEALTH_SUPPORT:
                row.support_type = ""
                row.note = ""
    return rows


def duplicate_candidates(actor: User, found: Case) -> list[dict[str, Any]]:
    """Likely earlier records of the case's person. Details only for records the actor may
    see; for others, the level and the lead agency to contact, never the identity."""
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
        rows.append(
            {
                "person": c.person if c.person.pk in seen else None,
                "person_id": c.person.pk if c.person.pk in seen else None,
                "score": c.match.score,
                "level": c.match.level.value,
                "reasons": list(c.match.codes),
                "agency": lead.lead_agency if lead else None,
            }
        )
    with transaction.atomic():
        audit.record(
            "DUPLICATES_SEARCHED",
            actor=actor,
            target=person_,
            data={"candidates": len(rows), "visible": sorted(seen)},
        )
    return rows


def case_documents(actor: User, found: Case) -> list[CaseDocument]:
    """The case's files; health records listed without their title unless the actor may
    read sensitive sections."""
    rows = list(CaseDocument.objects.filter(case=found).select_related("uploaded_by"))
    if not actor.has_ctip_perm("cases.view_sensitive"):
        for row in rows:
            if row.sensitive:
                row.title = ""
                row.file_name = ""
    return rows


def document(actor: User, document_id: int) -> CaseDocument:
    return get_visible(
        CaseDocument.objects.select_related("case"), actor, "cases.view_case", pk=document_id
    )


def document_content(actor: User, found: CaseDocument) -> bytes:
    """The decrypted file; every download is an audit event. Raises ``DocumentError`` if
    the stored file is missing or was tampered with."""
    if found.sensitive and not actor.has_ctip_perm("cases.view_sensitive"):
        raise PermissionDenied("cases.view_sensitive")
    content = documents.read(token=found.storage_name, case_id=found.case_id, key=found.file_key)
    with transaction.atomic():
        audit.record(
            "DOCUMENT_DOWNLOADED",
            actor=actor,
            target=found,
            fields=["file"],
            data={"case": found.case_id, "kind": found.kind},
        )
    return content
