"""The screening interview one section at a time, and the statement on forced acts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.cases import actions, selectors
from ctip.cases.engine.questionnaire import load_questionnaire
from ctip.cases.forms import (
    StatementForm,
    screening_form,
)
from ctip.cases.labels import label_in, language
from ctip.cases.views.common import case_form_post
from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of


@requires("cases.screen")
@require_http_methods(["GET", "POST"])
def case_screening(request: HttpRequest, case_id: int) -> HttpResponse:
    """The interview one section at a time, with a draft kept between sections.

    "Next", "Previous" and "Save the draft" keep the answers so far (encrypted, seen by the
    author and the lead agency); "Save the interview" on the last section records it. A post
    without a section button records the answers it carries in one go.
    """
    actor = actor_of(request)
    case = selectors.open_case(actor, case_id, permission="cases.screen")
    lang = request.GET.get("lang") or language()
    lang = lang if lang in {"vi", "en"} else "vi"
    questionnaire = load_questionnaire()
    stages = questionnaire.stages
    draft = selectors.screening_draft(actor, case)
    section = _section_number(request.GET.get("section"), draft, len(stages))
    stage = stages[section - 1]
    go = request.POST.get("go", "")
    form = screening_form(questionnaire, lang, request.POST or None)
    form.fields["interviewed_on"].required = False
    if not request.POST:
        initial: dict[str, Any] = {
            "version": case.version,
            "interviewed_on": timezone.localdate(),
        }
        if draft is not None:
            initial.update(draft.answers)
            initial["minor_at_recruitment"] = draft.minor
            if draft.interviewed_on:
                initial["interviewed_on"] = draft.interviewed_on
        form.initial = initial
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        asked = questionnaire.by_stage(stage.code) if go else questionnaire.questions
        answers = dict(draft.answers) if (draft is not None and go) else {}
        for question in asked:
            if data.get(question.id):
                answers[question.id] = data[question.id]
            else:
                answers.pop(question.id, None)
        first = section == 1 or not go
        interviewed_on = data["interviewed_on"] if first else None
        if interviewed_on is None and draft is not None and draft.interviewed_on:
            interviewed_on = dt.date.fromisoformat(draft.interviewed_on)
        minor = data["minor_at_recruitment"] if first else bool(draft and draft.minor)
        if go in {"next", "previous", "draft"}:
            target = {"next": section + 1, "previous": section - 1}.get(go, section)
            target = min(max(target, 1), len(stages))
            try:
                actions.screening_draft_save(
                    actor=actor,
                    case=case,
                    data=actions.ScreeningDraftInput(
                        answers=answers,
                        section=target,
                        interviewed_on=interviewed_on,
                        minor_at_recruitment=minor,
                    ),
                )
            except ValidationError as exc:
                posting.to_form(form, exc)
            else:
                if go == "draft":
                    messages.success(
                        request, _("Draft saved. You can come back to it from the case page.")
                    )
                    return redirect("cases:detail", case_id=case.pk)
                return redirect(
                    f"{reverse('cases:screening', args=[case.pk])}?section={target}&lang={lang}"
                )
        elif interviewed_on is None:
            form.add_error(None, _("Give the date of the interview in the first section."))
        else:
            try:
                actions.screening_record(
                    actor=actor,
                    case=case,
                    data=actions.ScreeningInput(
                        answers=answers,
                        interviewed_on=interviewed_on,
                        version=data["version"],
                        minor_at_recruitment=minor,
                    ),
                )
            except posting.REFUSALS as exc:
                posting.to_form(form, exc)
            else:
                messages.success(request, _("Screening interview saved."))
                return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/case_screening.html",
        {
            "case": case,
            "form": form,
            "stage": {
                "label": label_in(stage.label, lang),
                "fields": [form[q.id] for q in questionnaire.by_stage(stage.code)],
            },
            "section": section,
            "sections": len(stages),
            "progress": [
                {
                    "number": n,
                    "label": label_in(s.label, lang),
                    "current": n == section,
                }
                for n, s in enumerate(stages, start=1)
            ],
            "draft": draft,
            "lang": lang,
            "title": label_in(questionnaire.title, lang),
            "statement_form": StatementForm(initial={"interviewed_on": timezone.localdate()}),
        },
        status=400 if form.errors else 200,
    )


def _section_number(raw: str | None, draft: Any, count: int) -> int:
    """The section asked for, else where the draft was left, else the first; always in range."""
    try:
        number = int(raw) if raw else (draft.section if draft is not None else 1)
    except ValueError:
        number = 1
    return min(max(number, 1), count)


@requires("cases.screen")
@require_POST
def case_statement(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        StatementForm,
        lambda actor, case, data: actions.statement_record(
            actor=actor,
            case=case,
            acts=[{k: data[k] for k in ("act", "coercion", "description", "place", "period")}],
            interviewed_on=data["interviewed_on"],
        ),
        _("Statement on forced acts recorded."),
        permission="cases.screen",
    )
