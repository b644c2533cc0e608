"""Pages of the hand-over of a case (``ctip.cases.handover``): send, answer, end access."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.cases import actions, handover, selectors
from ctip.cases.forms import HandoverAnswerForm, HandoverForm
from ctip.cases.models import Case, HandoverStatus
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.core.forms import add_errors
from ctip.core.models import User


def context(actor: User, case: Case, leads: bool) -> dict[str, Any]:
    """What the case page shows of hand-overs and of records held elsewhere."""
    may_send = leads and actor.has_ctip_perm("cases.intake")
    return {
        "handovers": list(handover.of_case(case)),
        "handover_form": (
            HandoverForm(initial={"version": case.version}, targets=handover.targets(case))
            if may_send
            else None
        ),
        "held_elsewhere": handover.held_elsewhere(actor, case) if leads else 0,
    }


@requires("cases.intake")
@require_POST
def handover_send(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission="cases.intake")
    form = HandoverForm(request.POST, targets=handover.targets(case))
    if form.is_valid():
        try:
            handover.handover_send(
                actor=actor,
                case=case,
                to_agency=form.cleaned_data["agency"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except (ValidationError, actions.Conflict) as exc:
            if isinstance(exc, actions.Conflict):
                form.add_error(None, str(exc))
            else:
                add_errors(exc, form)
        else:
            messages.success(
                request,
                _("Case handed over; it stays with your agency until the other one answers."),
            )
            return redirect("cases:detail", case_id=case.pk)
    for field, errors in form.errors.items():
        name = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{name}: {error}" if name else str(error))
    return redirect("cases:detail", case_id=case.pk)


@requires("cases.view_case")
@require_http_methods(["GET", "POST"])
def handover_detail(request: HttpRequest, handover_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = handover.handover(actor, handover_id)
    may_answer = handover.answers(actor, found)
    form = HandoverAnswerForm(request.POST or None)
    if request.method == "POST":
        if not may_answer:
            messages.error(request, _("Only the receiving agency answers a waiting hand-over."))
            return redirect("cases:handover", handover_id=found.pk)
        if form.is_valid():
            try:
                handover.handover_answer(
                    actor=actor,
                    handover=found,
                    accept=form.cleaned_data["answer"] == "accept",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_errors(exc, form)
            else:
                if form.cleaned_data["answer"] == "accept":
                    messages.success(request, _("Case accepted: your agency leads it now."))
                    return redirect("cases:detail", case_id=found.case_id)
                messages.success(request, _("Case returned to the sending agency."))
                return redirect("cases:list")
    return render(
        request,
        "cases/handover.html",
        {
            "handover": found,
            "form": form if may_answer else None,
            "waiting": found.status == HandoverStatus.SENT,
        },
        status=400 if form.errors else 200,
    )


@requires("cases.change_case")
@require_POST
def handover_end_access(request: HttpRequest, handover_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = handover.handover(actor, handover_id)
    try:
        handover.handover_end_access(actor=actor, handover=found)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The sending agency no longer reads this case."))
    return redirect("cases:detail", case_id=found.case_id)


@requires("cases.view_case")
def case_search(request: HttpRequest) -> HttpResponse:
    """Search cases within scope by name, identity number or phone (every search audited)."""
    from ctip.cases import search

    actor = actor_of(request)
    query = request.GET.get("q", "")
    context: dict[str, Any] = {"query": query}
    if query.strip():
        try:
            context["result"] = search.search_cases(actor, query)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
    return render(
        request, "cases/search.html", context, status=400 if context.get("error") else 200
    )
