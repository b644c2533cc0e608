"""Pages of the screening app: the public check and the saved-check statistics."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ctip.core import posting
from ctip.core.access import public, requires
from ctip.core.auth import actor_of
from ctip.core.throttle import rate_limited
from ctip.screening import actions, checking, presentation, selectors
from ctip.screening.engine import Assessment, InvalidText
from ctip.screening.forms import CheckForm, PeriodForm
from ctip.screening.models import Category, Level, Source


def _result(assessment: Assessment, text: str) -> dict[str, Any]:
    segments, signs = presentation.highlight(text, assessment.flags)
    return {
        "category": assessment.category,
        "verdict": presentation.CATEGORY_VERDICTS[assessment.category],
        "level": assessment.level,
        "level_label": presentation.LEVEL_LABELS[assessment.level],
        "band": presentation.band_words(assessment.risk),
        "segments": segments,
        "signs": signs,
        "entities": presentation.entity_lists(assessment.entities),
        "advice": presentation.advice(assessment),
    }


@public
@require_http_methods(["GET", "POST"])
@rate_limited(
    "screening",
    lambda: settings.CTIP_SCREENING_RATE_PER_MINUTE,
    page="screening/check.html",
    context=lambda request: {"form": CheckForm(request.POST)},
)
def check(request: HttpRequest) -> HttpResponse:
    form = CheckForm(posting.posted(request))
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            assessment = checking.check(text)
        except InvalidText:
            form.add_error("text", checking.unreadable_message())
        else:
            context["result"] = _result(assessment, text)
            if form.cleaned_data["keep"]:
                actions.check_save(
                    actor=None,
                    assessment=assessment,
                    source=Source.PAGE,
                    province=form.cleaned_data["province"],
                    text=text,
                )
                context["kept"] = True
    return render(request, "screening/check.html", context, status=400 if form.errors else 200)


@requires("screening.view_checks")
def saved_checks(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    weeks = form.cleaned_data["weeks"] if form.is_valid() else 12
    stats = selectors.check_statistics(actor_of(request), weeks=weeks)
    categories = dict(Category.choices)
    levels = dict(Level.choices)
    return render(
        request,
        "screening/checks.html",
        {
            "form": form,
            "stats": stats,
            "by_category": [(categories.get(c, c), n) for c, n in stats.by_category],
            "by_level": [(levels.get(v, v), n) for v, n in stats.by_level],
            "by_country": [(presentation.country_name(c), n) for c, n in stats.by_country],
        },
        status=400 if form.errors else 200,
    )
