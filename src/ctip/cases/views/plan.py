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
from ctip.cases.views.common import invalid, run
from ctip.core.access import requires
from ctip.core.auth import actor_of

# Plan, worker, sharing -------------------------------------------------------------------------


@requires("cases.change_case")
@require_POST
def case_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    return run(
        request,
        case,
        lambda: actions.plan_save(
            actor=actor,
            case=case,
            goals=form.cleaned_data["goals"],
            support_types=form.cleaned_data["support_types"],
            version=form.cleaned_data["version"],
        ),
        _("Case plan saved."),
    )


@requires("cases.change_case")
@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = AssignForm(request.POST, agency=case.lead_agency)
    if not form.is_valid():
        return invalid(request, case, form)
    return run(
        request,
        case,
        lambda: actions.case_assign(
            actor=actor,
            case=case,
            worker=form.cleaned_data["worker"],
            version=form.cleaned_data["version"],
        ),
        _("Worker assigned."),
    )


@requires("cases.change_case")
@require_POST
def case_compound(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = CompoundForm(request.POST, actor=actor)
    if not form.is_valid():
        return invalid(request, case, form)
    chosen = form.cleaned_data["compound_id"]
    name = form.cleaned_data["compound_name"].strip()
    if chosen is None and name:
        chosen = chosen_compound(actor, None, name)
        if chosen is None:
            form.add_error("compound_name", _("No single compound of the register has this name."))
            return invalid(request, case, form)
    return run(
        request,
        case,
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
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = ShareForm(request.POST, lead=case.lead_agency)
    if not form.is_valid():
        return invalid(request, case, form)
    return run(
        request,
        case,
        lambda: actions.case_share(
            actor=actor,
            case=case,
            data=actions.ShareInput(
                agency=form.cleaned_data["agency"],
                reason=form.cleaned_data["reason"],
                override_reason=form.cleaned_data["override_reason"],
            ),
        ),
        _("Case shared."),
    )


@requires("cases.change_case")
@require_POST
def share_revoke(request: HttpRequest, share_id: int) -> HttpResponse:
    actor = actor_of(request)
    share = selectors.share(actor, share_id)
    return run(
        request,
        share.case,
        lambda: actions.share_revoke(actor=actor, share=share),
        _("Sharing ended."),
    )


@requires("cases.change_case")
@require_POST
def case_schedule(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    return run(
        request,
        case,
        lambda: actions.followup_schedule(actor=actor, case=case, start=form.cleaned_data["start"]),
        _("Follow-ups scheduled."),
    )


# Contacts named in the person's account ----------------------------------------------------


@requires("cases.change_case")
@require_POST
def case_indicator_add(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = IndicatorForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    return run(
        request,
        case,
        lambda: actions.indicator_add(
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
    return run(
        request,
        found.case,
        lambda: actions.indicator_remove(actor=actor, indicator=found),
        _("Contact removed."),
    )
