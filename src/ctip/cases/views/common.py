"""What every page acting on a case does with a posted form and an action's outcome, written
once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ctip.cases import selectors
from ctip.cases.actions import Conflict
from ctip.cases.models import Case
from ctip.core.auth import actor_of
from ctip.core.forms import add_errors
from ctip.core.models import User


def explain(request: HttpRequest, exc: ValidationError | Conflict) -> None:
    """The refusal as messages at the top of the next page."""
    if isinstance(exc, Conflict):
        messages.error(request, str(exc))
        return
    for text in exc.messages:
        messages.error(request, text)


def to_form(form: Form, exc: ValidationError | Conflict) -> None:
    """The refusal on the form it came from (a conflict is about the whole form)."""
    if isinstance(exc, Conflict):
        form.add_error(None, str(exc))
    else:
        add_errors(exc, form)


def run(request: HttpRequest, case: Case, work: Callable[[], Any], done: str) -> HttpResponse:
    """Run an action from a case page and come back to it with the outcome."""
    try:
        work()
    except (ValidationError, Conflict) as exc:
        explain(request, exc)
    else:
        messages.success(request, done)
    return redirect("cases:detail", case_id=case.pk)


def invalid(request: HttpRequest, case: Case, form: Form) -> HttpResponse:
    """Back to the case page with the form's errors, each named by its field."""
    for field, errors in form.errors.items():
        name = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{name}: {error}" if name else str(error))
    return redirect("cases:detail", case_id=case.pk)


def case_form_post(
    request: HttpRequest,
    case_id: int,
    form_class: type[Form],
    act: Callable[[User, Case, dict[str, Any]], object],
    done: str,
    *,
    permission: str = "cases.view_case",
    form_kwargs: Callable[[Case], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A form posted from the case page: the case the actor may reach, the form checked, then
    ``act(actor, case, cleaned_data)`` run with its outcome shown back on the case page."""
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission=permission)
    form = form_class(request.POST, **(form_kwargs(case) if form_kwargs else {}))
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    return run(request, case, lambda: act(actor, case, data), done)
