"""What every page posting to a call or a tracing request does with a form and an
action's outcome, written once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ctip.core.auth import actor_of
from ctip.core.models import User
from ctip.hotline import selectors
from ctip.hotline.models import TracingRequest

T = TypeVar("T")

# What to say once an action is done: one sentence, or the sentences its result gives.
Done = str | Callable[[Any], Iterable[str]]


def explain(request: HttpRequest, exc: ValidationError) -> None:
    """The refusal as messages at the top of the next page."""
    for text in exc.messages:
        messages.error(request, text)


def invalid(request: HttpRequest, form: Form) -> None:
    """The form's errors as messages, each named by its field."""
    for field, errors in form.errors.items():
        name = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{name}: {error}" if name else str(error))


def run(
    request: HttpRequest,
    back: HttpResponse,
    work: Callable[[], T],
    done: Done = "",
    then: Callable[[T], HttpResponse] | None = None,
) -> HttpResponse:
    """Run an action; refused, go ``back`` with the reasons; done, say so and go ``then``
    (else ``back``)."""
    try:
        result = work()
    except ValidationError as exc:
        explain(request, exc)
        return back
    for text in [done] if isinstance(done, str) else done(result):
        if text:
            messages.success(request, text)
    return then(result) if then is not None else back


def request_post(
    request: HttpRequest,
    request_id: int,
    act: Callable[[User, TracingRequest, dict[str, Any]], T],
    done: Done = "",
    *,
    form_class: type[Form] | None = None,
    form_kwargs: Callable[[User, TracingRequest], dict[str, Any]] | None = None,
    permission: str = "hotline.trace",
    then: Callable[[T], HttpResponse] | None = None,
) -> HttpResponse:
    """A button or form posted from a tracing request's page: the request the actor may
    reach, the form checked, then ``act(actor, request, cleaned_data)`` run with its
    outcome shown back on the request's page."""
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id, permission)
    back = redirect("hotline:request", request_id=row.pk)
    data: dict[str, Any] = {}
    if form_class is not None:
        kwargs = form_kwargs(actor, row) if form_kwargs else {}
        form = form_class(request.POST, request.FILES, **kwargs)
        if not form.is_valid():
            invalid(request, form)
            return back
        data = form.cleaned_data
    return run(request, back, lambda: act(actor, row, data), done, then)
