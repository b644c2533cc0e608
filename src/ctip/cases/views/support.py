"""Support: referrals, their answer, support delivered and follow-ups."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.cases import actions, selectors
from ctip.cases.forms import (
    DeliveryForm,
    FollowUpForm,
    ReferralAnswerForm,
    ReferralForm,
)
from ctip.cases.labels import support_label
from ctip.cases.views.common import case_form_post
from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of


@requires("cases.refer")
@require_POST
def case_refer(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        ReferralForm,
        lambda actor, case, data: actions.referral_send(
            actor=actor,
            case=case,
            data=actions.ReferralInput(
                provider=data["provider"],
                services=data["services"],
                note=data["note"],
                override_reason=data["override_reason"],
            ),
        ),
        _("Referral sent."),
        permission="cases.refer",
    )


@requires("cases.refer")
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The receiving agency's view of a referral: what is asked, accept or decline."""
    actor = actor_of(request)
    referral = selectors.referral(actor, referral_id)
    form = ReferralAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.referral_answer(
                actor=actor,
                referral=referral,
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
            )
        except posting.REFUSALS as exc:
            posting.explain(request, exc)
        else:
            messages.success(request, _("Referral answered."))
            return redirect("cases:referral", referral_id=referral.pk)
    return render(
        request,
        "cases/referral.html",
        {
            "referral": referral,
            "form": form,
            "receives": actions.receives(actor, referral),
            "services": [support_label(code) for code in referral.services],
        },
        status=400 if form.errors else 200,
    )


@requires("cases.change_case")
@require_POST
def case_delivery(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        DeliveryForm,
        lambda actor, case, data: actions.delivery_record(
            actor=actor,
            case=case,
            data=actions.DeliveryInput(
                support_type=data["support_type"],
                delivered_on=data["delivered_on"],
                cost=data["cost"],
                note=data["note"],
            ),
        ),
        _("Support recorded."),
    )


@requires("cases.change_case")
@require_http_methods(["GET", "POST"])
def followup_detail(request: HttpRequest, followup_id: int) -> HttpResponse:
    actor = actor_of(request)
    item = selectors.followup(actor, followup_id)
    form = FollowUpForm(request.POST or None, initial={"done_on": timezone.localdate()})
    return posting.submit(
        request,
        form,
        lambda data: actions.followup_complete(
            actor=actor,
            followup=item,
            done_on=data["done_on"],
            outcomes=form.outcomes(),
            note=data["note"],
        ),
        lambda _done: redirect("cases:detail", case_id=item.case_id),
        lambda: posting.form_page(request, "cases/followup.html", form, {"item": item}),
        _("Follow-up recorded."),
    )
