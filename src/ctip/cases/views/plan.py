"""The case plan, the worker, the compound, sharing, follow-ups and the contacts named in the
person's account."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctip.cases import actions, selectors
from ctip.cases.actions.compound import chosen_compound
from ctip.cases.forms import (
    AssignForm,
    CompoundForm,
    IndicatorForm,
    PlanForm,
    ScheduleForm,
    ShareForm,
)
from ctip.cases.views.common import case_form_post, case_page
from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of

# Plan, worker, sharing -------------------------------------------------------------------------


@requires("cases.change_case")
@require_POST
def case_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        PlanForm,
        lambda actor, case, data: actions.plan_save(
            actor=actor,
            case=case,
            goals=data["goals"],
            support_types=data["support_types"],
            version=data["version"],
        ),
        _("Case plan saved."),
    )


@requires("cases.change_case")
@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        AssignForm,
        lambda actor, case, data: actions.case_assign(
            actor=actor, case=case, worker=data["worker"], version=data["version"]
        ),
        _("Worker assigned."),
        form_kwargs=lambda _actor, case: {"agency": case.lead_agency},
    )


@requires("cases.change_case")
@require_POST
def case_compound(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = CompoundForm(request.POST, actor=actor)
    if not form.is_valid():
        posting.invalid(request, form)
        return case_page(case)
    chosen = form.cleaned_data["compound_id"]
    name = form.cleaned_data["compound_name"].strip()
    if chosen is None and name:
        chosen = chosen_compound(actor, None, name)
        if chosen is None:
            form.add_error("compound_name", _("No single compound of the register has this name."))
            posting.invalid(request, form)
            return case_page(case)
    return posting.run(
        request,
        case_page(case),
        lambda: actions.case_compound_link(
            actor=actor,
            case=case,
            data=actions.CaseCompoundInput(
                compound_id=chosen, version=form.cleaned_data["version"]
            ),
        ),
        _("Compound saved."),
    )


@requires("cases.change_case")
@require_POST
def case_share(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        ShareForm,
        lambda actor, case, data: actions.case_share(
            actor=actor,
            case=case,
            data=actions.ShareInput(
                agency=data["agency"],
                reason=data["reason"],
                override_reason=data["override_reason"],
            ),
        ),
        _("Case shared."),
        form_kwargs=lambda _actor, case: {"lead": case.lead_agency},
    )


@requires("cases.change_case")
@require_POST
def share_revoke(request: HttpRequest, share_id: int) -> HttpResponse:
    actor = actor_of(request)
    share = selectors.share(actor, share_id)
    return posting.run(
        request,
        case_page(share.case),
        lambda: actions.share_revoke(actor=actor, share=share),
        _("Sharing ended."),
    )


@requires("cases.change_case")
@require_POST
def case_schedule(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        ScheduleForm,
        lambda actor, case, data: actions.followup_schedule(
            actor=actor, case=case, start=data["start"], months=data["months"]
        ),
        _("Follow-ups scheduled."),
    )


# Contacts named in the person's account ----------------------------------------------------


@requires("cases.change_case")
@require_POST
def case_indicator_add(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        IndicatorForm,
        lambda actor, case, data: actions.indicator_add(
            actor=actor,
            case=case,
            data=actions.ContactInput(
                kind=data["kind"], value=data["value"], detail=data["detail"], note=data["note"]
            ),
        ),
        _("Contact recorded."),
    )


@requires("cases.change_case")
@require_POST
def case_indicator_remove(request: HttpRequest, contact_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.case_indicator(actor, contact_id)
    return posting.run(
        request,
        case_page(found.case),
        lambda: actions.indicator_remove(actor=actor, indicator=found),
        _("Contact removed."),
    )
