"""Pages of the hand-over of a case (``ctip.cases.actions.handover``): send, answer, end
access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.cases import selectors
from ctip.cases.actions import handover as actions
from ctip.cases.forms import HandoverAnswerForm, HandoverForm
from ctip.cases.models import HandoverStatus
from ctip.cases.views.common import case_form_post, case_page
from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of


@requires("cases.intake")
@require_POST
def handover_send(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        HandoverForm,
        lambda actor, case, data: actions.handover_send(
            actor=actor,
            case=case,
            to_agency=data["agency"],
            reason=data["reason"],
            version=data["version"],
        ),
        _("Case handed over; it stays with your agency until the other one answers."),
        permission="cases.intake",
        form_kwargs=lambda _actor, case: {"targets": selectors.handover_targets(case)},
    )


@requires("cases.view_case")
@require_http_methods(["GET", "POST"])
def handover_detail(request: HttpRequest, handover_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.handover(actor, handover_id)
    may_answer = actions.answers(actor, found)
    form = HandoverAnswerForm(request.POST or None)
    if request.method == "POST":
        if not may_answer:
            messages.error(request, _("Only the receiving agency answers a waiting hand-over."))
            return redirect("cases:handover", handover_id=found.pk)
        if form.is_valid():
            try:
                actions.handover_answer(
                    actor=actor,
                    handover=found,
                    accept=form.cleaned_data["answer"] == "accept",
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                posting.to_form(form, exc)
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
    found = selectors.handover(actor, handover_id)
    return posting.run(
        request,
        case_page(found.case),
        lambda: actions.handover_end_access(actor=actor, handover=found),
        _("The sending agency no longer reads this case."),
    )
