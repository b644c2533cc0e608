"""Duplicate records of a person: link and undo."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.cases import actions, selectors
from ctip.cases.forms import LinkForm
from ctip.cases.models import (
    Case,
    Person,
    PersonLink,
)
from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of


@requires("cases.merge")
@require_http_methods(["GET", "POST"])
def case_duplicates(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.open_case(actor, case_id, permission="cases.merge")
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = get_object_or_404(
            Person.objects.filter(Person.scope_q(actor)), pk=form.cleaned_data["other"]
        )
        try:
            actions.person_link(
                actor=actor,
                person=case.person,
                other=other,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                score=None,
            )
        except ValidationError as exc:
            posting.explain(request, exc)
        else:
            messages.success(request, _("Records linked."))
        return redirect("cases:duplicates", case_id=case.pk)
    links = PersonLink.objects.filter(person=case.person).order_by("-created_at")
    return render(
        request,
        "cases/duplicates.html",
        {
            "case": case,
            "candidates": selectors.duplicate_candidates(actor, case),
            "links": links,
        },
        status=400 if form.errors else 200,
    )


@requires("cases.merge")
@require_POST
def link_undo(request: HttpRequest, link_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.link(actor, link_id)
    try:
        actions.link_undo(actor=actor, link=found)
    except ValidationError as exc:
        posting.explain(request, exc)
    else:
        messages.success(request, _("Link undone."))
    case = Case.objects.filter(person=found.person).order_by("-pk").first()
    if case is None:
        return redirect("cases:list")
    return redirect("cases:duplicates", case_id=case.pk)
