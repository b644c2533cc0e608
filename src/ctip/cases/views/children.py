"""Pages of a child's case: age determination, guardians, consent, best interests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.cases import actions, selectors
from ctip.cases.actions import children
from ctip.cases.engine.children import CHILD_QUESTIONNAIRE
from ctip.cases.engine.questionnaire import load_questionnaire
from ctip.cases.forms import screening_form
from ctip.cases.forms_children import (
    AgeDeterminationForm,
    BestInterestsForm,
    ChildConsentForm,
    ChildInterviewFacts,
    GuardianForm,
)
from ctip.cases.labels import label_in, language
from ctip.cases.models import Case, Guardian
from ctip.cases.selectors.children import child_file
from ctip.cases.views.common import case_form_post, case_page
from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of


@requires("cases.change_case")
@require_POST
def child_age(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        AgeDeterminationForm,
        lambda actor, case, data: children.age_determine(
            actor=actor,
            case=case,
            data=children.AgeDeterminationInput(
                child=data["child"],
                age=data["age"],
                basis=data["basis"],
                note=data["note"],
                determined_on=data["determined_on"],
            ),
        ),
        _("Age determination recorded."),
    )


@requires("cases.change_case")
@require_POST
def child_guardian(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        GuardianForm,
        lambda actor, case, data: children.guardian_add(
            actor=actor, case=case, data=children.GuardianInput(**data)
        ),
        _("Guardian or representative recorded."),
    )


@requires("cases.change_case")
@require_POST
def child_consent(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    guardians = list(Guardian.objects.filter(case=case))
    form = ChildConsentForm(request.POST, guardians=[(g.pk, g.full_name) for g in guardians])
    if not form.is_valid():
        posting.invalid(request, form)
        return case_page(case)
    data = form.cleaned_data
    guardian = next((g for g in guardians if g.pk == data["guardian"]), None)
    return posting.run(
        request,
        case_page(case),
        lambda: actions.consent_record(
            actor=actor,
            case=case,
            data=actions.ConsentInput(
                processing=data["processing"],
                later_contact=data["later_contact"],
                share_agencies=list(data["share_agencies"]),
                given_on=data["given_on"],
                guardian=guardian,
                child_views=data["child_views"],
            ),
        ),
        _("Consent recorded."),
    )


@requires("cases.approve")
@require_POST
def child_best_interests(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        BestInterestsForm,
        lambda actor, case, data: children.best_interests_decide(
            actor=actor, case=case, data=children.BestInterestsInput(**data)
        ),
        _("Best-interests decision recorded."),
    )


def child_context(case: Case) -> dict[str, Any]:
    """What the case page adds for a child (nothing for an adult with no guardian)."""
    page = child_file(case)
    if not page.is_child and not page.guardians and not page.determined:
        return {"child": page}
    today = timezone.localdate()
    return {
        "child": page,
        "age_form": AgeDeterminationForm(initial={"determined_on": today}),
        "guardian_form": GuardianForm(),
        "child_consent_form": ChildConsentForm(
            initial={"given_on": today},
            guardians=[(g.id, g.full_name) for g in page.guardians if g.may_act],
        ),
        "best_interests_form": BestInterestsForm(initial={"decided_on": today}),
    }


@requires("cases.screen")
@require_http_methods(["GET", "POST"])
def child_interview(request: HttpRequest, case_id: int) -> HttpResponse:
    """The child-safe interview: the shorter questionnaire, a support person present."""
    actor = actor_of(request)
    case = selectors.open_case(actor, case_id, permission="cases.screen")
    lang = request.GET.get("lang") or language()
    lang = lang if lang in {"vi", "en"} else "vi"
    questionnaire = load_questionnaire(CHILD_QUESTIONNAIRE)
    form = screening_form(questionnaire, lang, request.POST or None)
    facts = ChildInterviewFacts(request.POST or None, agency_id=case.lead_agency_id)
    if not request.POST:
        form.initial = {"version": case.version, "interviewed_on": timezone.localdate()}
    if request.method == "POST" and form.is_valid() and facts.is_valid():
        data = form.cleaned_data
        answers = {q.id: data[q.id] for q in questionnaire.questions if data.get(q.id)}
        try:
            children.child_interview_record(
                actor=actor,
                case=case,
                data=children.ChildInterviewInput(
                    answers=answers,
                    interviewed_on=data["interviewed_on"],
                    version=data["version"],
                    **facts.cleaned_data,
                ),
            )
        except posting.REFUSALS as exc:
            posting.to_form(facts, exc)
        else:
            messages.success(request, _("Child interview saved."))
            return redirect("cases:detail", case_id=case.pk)
    stages = [
        {
            "label": label_in(stage.label, lang),
            "fields": [form[q.id] for q in questionnaire.by_stage(stage.code)],
        }
        for stage in questionnaire.stages
    ]
    return render(
        request,
        "cases/child_interview.html",
        {
            "case": case,
            "form": form,
            "facts": facts,
            "stages": stages,
            "lang": lang,
            "title": label_in(questionnaire.title, lang),
        },
    )
