"""Reads of hand-overs between agencies (the writes are ``cases.actions.handover``)."""

from __future__ import annotations

from django.db.models import QuerySet

from ctip.cases.models import Case, CaseHandover, HandoverStatus
from ctip.core.models import Agency, User
from ctip.core.scope import get_visible, visible


def handover(actor: User, handover_id: int) -> CaseHandover:
    return get_visible(
        CaseHandover.objects.select_related("case", "from_agency", "to_agency", "sent_by"),
        actor,
        "cases.view_case",
        pk=handover_id,
    )


def incoming_handovers(actor: User) -> QuerySet[CaseHandover]:
    """Hand-overs waiting on exactly the actor's agency, oldest first."""
    return (
        visible(CaseHandover.objects.all(), actor, "cases.view_case")
        .filter(to_agency_id=actor.agency_id, status=HandoverStatus.SENT)
        .select_related("case", "from_agency")
        .order_by("created_at", "pk")
    )


def handovers_of(case: Case) -> QuerySet[CaseHandover]:
    return CaseHandover.objects.filter(case=case).select_related(
        "from_agency", "to_agency", "sent_by", "answered_by"
    )


def handover_targets(case: Case) -> QuerySet[Agency]:
    """Agencies a case may be handed to: active, not the lead agency, not a bank or
    telco, not abroad."""
    return (
        Agency.objects.filter(is_active=True, country="VN")
        .exclude(pk=case.lead_agency_id)
        .exclude(type__in=["bank", "telco", "platform", "counterpart"])
        .select_related("province")
        .order_by("name_vi")
    )
