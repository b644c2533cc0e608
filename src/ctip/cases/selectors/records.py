"""Single records of a case (a follow-up, a referral, a share...) and short lists."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ctip.cases import documents
from ctip.cases.engine.support import SupportType
from ctip.cases.events import CasesEvent
from ctip.cases.models import (
    Case,
    CaseDocument,
    CaseShare,
    FollowUp,
    IdentificationDecision,
    Person,
    PersonLink,
    Referral,
    ServiceDelivery,
    ServiceProvider,
)
from ctip.core import audit
from ctip.core.models import User
from ctip.core.scope import get_visible, visible

# Health details are sensitive (cases.view_sensitive): deliveries of these types show only
# that support was given, not which.
HEALTH_SUPPORT = {SupportType.MEDICAL_CARE.value, SupportType.PSYCHOLOGICAL_SUPPORT.value}


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
    return (
        visible(Referral.objects.all(), actor, "cases.view_case")
        .filter(provider__agency_id=actor.agency_id, status__in=["sent", "accepted"])
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


def deliveries(actor: User, found: Case) -> list[ServiceDelivery]:
    rows = list(ServiceDelivery.objects.filter(case=found).select_related("provider"))
    if not actor.has_ctip_perm("cases.view_sensitive"):
        for row in rows:
            if row.support_type in HEALTH_SUPPORT:
                row.support_type = ""
                row.note = ""
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


def document_list(actor: User, found: Case) -> list[CaseDocument]:
    """``case_documents`` for the API: titles may name the person, so listing them is a
    recorded read of the case."""
    rows = case_documents(actor, found)
    if rows:
        audit.record_read(actor, found, fields=["documents"])
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
            CasesEvent.DOCUMENT_DOWNLOADED,
            actor=actor,
            target=found,
            fields=["file"],
            data={"case": found.case_id, "kind": found.kind},
        )
    return content
