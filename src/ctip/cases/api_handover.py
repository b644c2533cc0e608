"""API of hand-overs between agencies and of case search, mounted on the cases router.

The same actions and reads as the pages (``cases.actions.handover``, ``cases.search``):
send a case to another agency, accept or return it, list what waits on the caller's
agency, and find a case by a person's name, identity number or phone (audited).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from ctip.cases import search, selectors
from ctip.cases.actions import Conflict
from ctip.cases.actions import handover as handover_actions
from ctip.cases.schemas import (
    CaseHandoverAnswer,
    CaseHandoverAnswerIn,
    CaseHandoverIn,
    CaseHandoverOut,
    CaseSearchIn,
    CaseSearchOut,
)
from ctip.core.auth import actor_of, needs
from ctip.core.pagination import Page
from ctip.core.schemas import Id


def handover_send(request: HttpRequest, case_id: Id, payload: CaseHandoverIn):
    """Hand the case to another agency; it stays with the sender until the other answers."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission="cases.intake")
    agency = handover_actions.receiving_agency(payload.agency_id)
    try:
        sent = handover_actions.handover_send(
            actor=actor,
            case=case,
            to_agency=agency,
            reason=payload.reason,
            version=payload.version,
        )
    except Conflict as exc:
        raise HttpError(409, str(exc)) from None
    return Status(201, selectors.handover(actor, sent.pk))


def handover_answer(request: HttpRequest, handover_id: Id, payload: CaseHandoverAnswerIn):
    """Accept (the caller's agency leads the case from now on) or return it with a reason."""
    actor = actor_of(request)
    found = selectors.handover(actor, handover_id)
    if found.to_agency_id != actor.agency_id:
        # The sender reads its own hand-over but never answers it.
        raise ValidationError(
            {"answer": _("Only the receiving agency answers a waiting hand-over.")}
        )
    # Returned, the case leaves the caller's sight: answer with the hand-over as it now is.
    return handover_actions.handover_answer(
        actor=actor,
        handover=found,
        accept=payload.answer == CaseHandoverAnswer.ACCEPT,
        reason=payload.reason,
    )


def handover_incoming(request: HttpRequest):
    """Hand-overs waiting on exactly the caller's agency, oldest first."""
    return selectors.incoming_handovers(actor_of(request)).select_related("to_agency")


def case_search(request: HttpRequest, payload: CaseSearchIn):
    """Cases within the caller's scope whose person matches; every search is audited."""
    found = search.search_cases(actor_of(request), payload.q)
    return {"by": list(found.kinds), "cases": found.cases}


def mount(router: Router) -> None:
    router.post(
        "/{int:case_id}/handovers", response={201: CaseHandoverOut}, auth=needs("cases.intake")
    )(handover_send)
    router.post(
        "/handovers/{handover_id}/answer", response=CaseHandoverOut, auth=needs("cases.change_case")
    )(handover_answer)
    router.get(
        "/handovers/incoming", response=list[CaseHandoverOut], auth=needs("cases.view_case")
    )(paginate(Page)(handover_incoming))
    router.post("/search", response=CaseSearchOut, auth=needs("cases.view_case"))(case_search)
