"""Pages of joint investigations: a partner abroad reads what was shared with it, in English."""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctip.cooperation import actions, selectors
from ctip.cooperation.forms import AssistanceAnswerForm, AssistanceForm
from ctip.cooperation.models import AssistanceRequest
from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.core.models import User


@requires("cooperation.joint")
def joint_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.joint_list(actor_of(request))
    return render(request, "cooperation/joint_list.html", {"rows": rows})


def _page(
    request: HttpRequest,
    page: selectors.JointPage,
    form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "cooperation/joint_detail.html",
        {"j": page, "form": form or AssistanceForm(), "answer_form": AssistanceAnswerForm()},
        status=status,
    )


@requires("cooperation.joint")
def joint_detail(request: HttpRequest, joint_id: int) -> HttpResponse:
    return _page(request, selectors.joint_page(actor_of(request), joint_id))


@requires("cooperation.joint")
@require_POST
def assistance_send(request: HttpRequest, joint_id: int) -> HttpResponse:
    def send(actor: User, _page: selectors.JointPage, data: dict[str, Any]) -> AssistanceRequest:
        return actions.assistance_send(
            actor=actor,
            data=actions.AssistanceInput(
                joint_id=joint_id, subject=data["subject"], days=data["days"]
            ),
        )

    return posting.post(
        request,
        lambda actor: selectors.joint_page(actor, joint_id),
        lambda _page: redirect("cooperation:joint", joint_id=joint_id),
        send,
        _("The request for legal assistance was sent."),
        form_class=AssistanceForm,
        again=lambda page, form: _page(request, page, form, status=400),
    )


@requires("cooperation.joint")
@require_POST
def assistance_answer(request: HttpRequest, assistance_request_id: int) -> HttpResponse:
    def answer(actor: User, found: AssistanceRequest, data: dict[str, Any]) -> AssistanceRequest:
        return actions.assistance_answer(
            actor=actor,
            data=actions.AssistanceAnswerInput(request_id=found.pk, answer=data["answer"]),
        )

    return posting.post(
        request,
        lambda actor: selectors.assistance_request(actor, assistance_request_id),
        lambda found: redirect("cooperation:joint", joint_id=found.joint_id),
        answer,
        _("The answer was sent."),
        form_class=AssistanceAnswerForm,
    )
