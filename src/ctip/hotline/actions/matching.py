"""A tracing request matched against persons in cases: a probable match notifies the
police holding the request and the agency leading the case, by references only; a
confirmed match links the request to the case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctip.cases import selectors as cases_selectors
from ctip.core import actions as core_actions
from ctip.core import audit, notifications
from ctip.core.models import Agency, User
from ctip.hotline import matching
from ctip.hotline.actions.common import raise_if, require_visible
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import MatchState, TracingMatch, TracingRequest

MATCH_FOR_POLICE = "hotline.match_for_request"
MATCH_FOR_CASE = "hotline.match_for_case"
notifications.register(
    MATCH_FOR_POLICE,
    gettext_lazy("Tracing request %(request)s may seek a person already on file."),
)
notifications.register(
    MATCH_FOR_CASE,
    gettext_lazy("A family's tracing request may seek the person of case %(case)s."),
)


@dataclass(frozen=True)
class MatchDecision:
    confirm: bool


def request_match(*, actor: User, request: TracingRequest) -> list[TracingMatch]:
    """Search cases for the person sought; new probable matches notify both sides."""
    with transaction.atomic():
        require_visible(actor, request, "hotline.trace")
        found = cases_selectors.persons_matching(
            full_name=request.full_name,
            other_names=tuple(request.other_names or ()),
            birth_year=request.birth_year,
            birth_date=request.birth_date,
            sex=request.sex,
            phone=request.phone,
        )
        known = set(
            TracingMatch.objects.filter(request=request).values_list("person_id", flat=True)
        )
        new = [
            TracingMatch(
                request=request,
                person_id=m.person_id,
                case_id=m.case_id,
                case_agency_id=m.case_agency_id,
                level=m.level,
                weight=m.weight,
            )
            for m in found
            if m.person_id not in known
        ]
        TracingMatch.objects.bulk_create(new)
        if new:
            # One notice to the police per search, one to each agency leading a case found.
            core_actions.notify(
                actor=actor,
                agency=request.police,
                kind="tracing",
                message=MATCH_FOR_POLICE,
                params={"request": request.follow_code},
                link=reverse("hotline:request", args=[request.pk]),
                permission="hotline.handle_requests",
            )
        told: set[int] = set()
        for match in new:
            if match.case_agency_id and match.case_id and match.case_id not in told:
                told.add(match.case_id)
                core_actions.notify(
                    actor=actor,
                    agency=Agency.objects.get(pk=match.case_agency_id),
                    kind="tracing",
                    message=MATCH_FOR_CASE,
                    params={"case": f"#{match.case_id}"},
                    link=reverse("cases:detail", args=[match.case_id]),
                    permission="cases.view_case",
                )
        audit.record(
            HotlineEvent.MATCH_FOUND,
            actor=actor,
            target=request,
            data={"found": len(found), "new": len(new)},
        )
    return list(TracingMatch.objects.filter(request=request))


def match_decide(*, actor: User, match: TracingMatch, data: MatchDecision) -> TracingMatch:
    """The police confirm (the request is linked to the case) or reject a match."""
    with transaction.atomic():
        require_visible(actor, match, "hotline.handle_requests")
        current = TracingMatch.objects.select_for_update().get(pk=match.pk)
        raise_if(
            {}
            if current.state == MatchState.PROBABLE
            else {"state": [_("This match was already decided.")]}
        )
        current.state = MatchState.CONFIRMED if data.confirm else MatchState.REJECTED
        current.decided_by = actor
        current.save(update_fields=["state", "decided_by"])
        if data.confirm:
            if current.case_id is None:
                raise ValidationError({"state": [_("This person has no case to link to.")]})
            TracingRequest.objects.filter(pk=current.request_id).update(case_id=current.case_id)
        audit.record(
            HotlineEvent.MATCH_DECIDED,
            actor=actor,
            target=current.request,
            data={"match": current.pk, "state": current.state, "case": current.case_id},
        )
    return current


FOUND_ABROAD = "hotline.found_abroad"
notifications.register(
    FOUND_ABROAD,
    gettext_lazy(
        "A person verified or received abroad (%(context)s) may be the one tracing "
        "request %(request)s seeks."
    ),
)


class FoundAbroad:
    """Cooperation's port (``cooperation.ports.TracingMatcher``): a person verified as a
    citizen or received at a gate is matched against open tracing requests, and the police
    holding each request that matches are told by references only."""

    def person_found(self, *, actor: User, person: Any) -> int:
        found = matching.requests_matching_person(person)
        for match in found:
            core_actions.notify(
                actor=actor,
                agency=Agency.objects.get(pk=match.police_agency_id),
                kind="tracing",
                message=FOUND_ABROAD,
                params={"context": person.context_reference, "request": match.reference},
                link=reverse("hotline:request", args=[match.request_id]),
                permission="hotline.handle_requests",
            )
        return len(found)
