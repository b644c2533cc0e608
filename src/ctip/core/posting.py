"""An action posted from a record's page, written once for every app.

The shape: the record the actor may reach, optionally a form checked, then
``act(actor, record, cleaned_data)`` run. Refused (the form is wrong, the action raises
``ValidationError``, or the record changed since the page was read, ``StaleEdit``), the
actor goes back to the record's page with the reasons as messages, each named by its field;
a page that shows the form itself again gets the reasons on the form instead (``again``).
Done, a success message and back to the page, or to ``then(result)``.

:func:`post` is the whole shape; :func:`run` is its second half for a button with no form;
:func:`submit` is the same shape for a page that shows its own form (a new record, an
edit): the form on the page, checked when posted, the refusals on it, the page again;
:func:`form_page` is that page, answered 400 when the form comes back refused, and
:func:`posted` what its form is bound to;
:func:`explain`, :func:`invalid` and :func:`to_form` say a refusal where a view still
writes its own flow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ctip.core.actions import StaleEdit
from ctip.core.auth import actor_of
from ctip.core.forms import add_errors
from ctip.core.models import User

R = TypeVar("R")
T = TypeVar("T")

# What an action raises when it refuses: the reasons, or "changed since you read it".
REFUSALS = (ValidationError, StaleEdit)

# What to say once an action is done: one sentence, or the sentences its result gives.
Done = str | Callable[[Any], Iterable[str]]


def explain(request: HttpRequest, exc: ValidationError | StaleEdit) -> None:
    """The refusal as messages at the top of the next page."""
    if isinstance(exc, StaleEdit):
        messages.error(request, str(exc))
        return
    for text in exc.messages:
        messages.error(request, text)


def to_form(form: Form, exc: ValidationError | StaleEdit) -> None:
    """The refusal on the form it came from (a stale edit is about the whole form)."""
    if isinstance(exc, StaleEdit):
        form.add_error(None, str(exc))
    else:
        add_errors(exc, form)


def invalid(request: HttpRequest, form: Form) -> None:
    """The form's errors as messages, each named by its field."""
    for field, errors in form.errors.items():
        name = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{name}: {error}" if name else str(error))


def _say(request: HttpRequest, done: Done, result: Any) -> None:
    for text in [done] if isinstance(done, str) else done(result):
        if text:
            messages.success(request, text)


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
    except REFUSALS as exc:
        explain(request, exc)
        return back
    _say(request, done, result)
    return then(result) if then is not None else back


def post(
    request: HttpRequest,
    find: Callable[[User], R],
    page: Callable[[R], HttpResponse],
    act: Callable[[User, R, dict[str, Any]], T],
    done: Done = "",
    *,
    form_class: Callable[..., Form] | None = None,
    form_kwargs: Callable[[User, R], dict[str, Any]] | None = None,
    then: Callable[[T], HttpResponse] | None = None,
    again: Callable[[R, Form], HttpResponse] | None = None,
) -> HttpResponse:
    """A button or form posted from a record's page.

    ``find(actor)`` reaches the record (refusing as the selector does); ``page(record)`` is
    the way back to its page. Without ``form_class``, ``act`` gets an empty dict. With it
    (a form class, or a ``partial`` of one), the posted form (files too) is checked first
    and its cleaned data goes to ``act``; a refusal of the action lands on the form, by
    field where it names one, so the form's errors and the action's read alike.
    ``again(record, form)``, when given, shows the page with the form and its errors in
    place of going back with them as messages."""
    actor = actor_of(request)
    record = find(actor)
    if form_class is None:
        return run(request, page(record), lambda: act(actor, record, {}), done, then)
    form = form_class(
        request.POST, request.FILES, **(form_kwargs(actor, record) if form_kwargs else {})
    )

    def refused() -> HttpResponse:
        if again is not None:
            return again(record, form)
        invalid(request, form)
        return page(record)

    if not form.is_valid():
        return refused()
    try:
        result = act(actor, record, form.cleaned_data)
    except REFUSALS as exc:
        to_form(form, exc)
        return refused()
    _say(request, done, result)
    return then(result) if then is not None else page(record)


def submit(
    request: HttpRequest,
    form: Form,
    act: Callable[[dict[str, Any]], T],
    then: Callable[[T], HttpResponse],
    show: Callable[[], HttpResponse],
    done: Done = "",
    *,
    also: Iterable[Any] = (),
) -> HttpResponse:
    """A page that shows its own form: ``show()`` is the page with ``form`` (and its
    errors). Posted, the form (and each of ``also``, a formset beside it) is checked and
    ``act(cleaned_data)`` run; refused, the reasons land on the form, by field where they
    name one, and the page is shown again; done, a success message and ``then(result)``."""
    # Every part checked, not only up to the first refused: each shows its own errors.
    if request.method == "POST" and all([form.is_valid(), *(a.is_valid() for a in also)]):
        try:
            result = act(form.cleaned_data)
        except REFUSALS as exc:
            to_form(form, exc)
        else:
            _say(request, done, result)
            return then(result)
    return show()


def posted(request: HttpRequest) -> Any:
    """What a form is bound to: the posted data on a POST, even empty (so an empty post is
    a form refused, not a page shown afresh), else nothing."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    template: str,
    form: Form,
    context: dict[str, Any] | None = None,
    *,
    also: Iterable[Any] = (),
) -> HttpResponse:
    """The page of :func:`submit`: ``template`` with ``context`` and ``form`` (as ``form``,
    unless ``context`` names another), answered 400 when the form, or one of ``also`` (a
    formset beside it), came back posted and refused, and 200 otherwise."""
    refused = any(part.is_bound and not part.is_valid() for part in (form, *also))
    return render(
        request, template, {"form": form, **(context or {})}, status=400 if refused else 200
    )
