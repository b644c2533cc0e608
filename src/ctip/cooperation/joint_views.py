"""Pages of joint investigations: a partner abroad reads what was shared with it, in English."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctip.cooperation import actions, selectors
from ctip.cooperation.forms import AssistanceAnswerForm, AssistanceForm
from ctip.core.access import requires
from ctip.core.auth import actor_of


@requires("cooperation.joint")
def joint_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.joint_list(actor_of(request))
    return render(request, "cooperation/joint_list.html", {"rows": rows})


def _page(
    request: HttpRequest, joint_id: int, form: AssistanceForm | None = None, status: int = 200
) -> HttpResponse:
    page = selectors.joint_page(actor_of(request), joint_id)
    return render(
        request,
        "cooperation/joint_detail.html",
        {"j": page, "form": form or AssistanceForm(), "answer_form": AssistanceAnswerForm()},
        status=status,
    )


@requires("cooperation.joint")
def joint_detail(request: HttpRequest, joint_id: int) -> HttpResponse:
    return _page(request, joint_id)


@requires("cooperation.joint")
@require_POST
def assistance_send(request: HttpRequest, joint_id: int) -> HttpResponse:
    form = AssistanceForm(request.POST)
    if form.is_valid():
        try:
            actions.assistance_send(
                actor=actor_of(request),
                data=actions.AssistanceInput(
                    joint_id=joint_id,
                    subject=form.cleaned_data["subject"],
                    days=form.cleaned_data["days"],
                ),
            )
        except ValidationError as error:
            for name, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(name if name in form.fields else None, text)
        else:
            messages.success(request, _("The request for legal assistance was sent."))
            return redirect("cooperation:joint", joint_id=joint_id)
    return _page(request, joint_id, form, status=400)


@requires("cooperation.joint")
@require_POST
def assistance_answer(request: HttpRequest, assistance_request_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.assistance_request(actor, assistance_request_id)
    form = AssistanceAnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.assistance_answer(
                actor=actor,
                data=actions.AssistanceAnswerInput(
                    request_id=found.pk, answer=form.cleaned_data["answer"]
                ),
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The answer was sent."))
    else:
        messages.error(request, _("Write the answer."))
    return redirect("cooperation:joint", joint_id=found.joint_id)
