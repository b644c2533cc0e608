"""Identification: the decision and its approval."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctip.cases import actions, selectors
from ctip.cases.forms import DecisionForm
from ctip.cases.views.common import case_form_post, case_page
from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of


@requires("cases.identify")
@require_POST
def case_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        DecisionForm,
        lambda actor, case, data: actions.identification_decide(
            actor=actor,
            case=case,
            data=actions.DecisionInput(
                outcome=data["outcome"],
                legal_basis=data["legal_basis"],
                evidence=data["evidence"].splitlines(),
                decided_on=data["decided_on"],
            ),
        ),
        _("Decision recorded; it needs a supervisor's approval."),
        permission="cases.identify",
    )


@requires("cases.approve")
@require_POST
def decision_approve(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = actor_of(request)
    decision = selectors.decision(actor, decision_id)
    return posting.run(
        request,
        case_page(decision.case),
        lambda: actions.identification_approve(actor=actor, decision=decision),
        _("Decision approved."),
    )
