"""A tracing request's page as the place an action posted from it comes back to (the
posting itself is ``ctip.core.posting``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ctip.core import posting
from ctip.core.models import User
from ctip.hotline import selectors
from ctip.hotline.models import TracingRequest

T = TypeVar("T")


def request_page(row: TracingRequest) -> HttpResponse:
    """Back to the tracing request's page."""
    return redirect("hotline:request", request_id=row.pk)


def request_post(
    request: HttpRequest,
    request_id: int,
    act: Callable[[User, TracingRequest, dict[str, Any]], T],
    done: posting.Done = "",
    *,
    form_class: type[Form] | None = None,
    form_kwargs: Callable[[User, TracingRequest], dict[str, Any]] | None = None,
    permission: str = "hotline.trace",
    then: Callable[[T], HttpResponse] | None = None,
) -> HttpResponse:
    """A button or form posted from a tracing request's page: :func:`ctip.core.posting.post`
    on the request the actor may reach with ``permission``."""
    return posting.post(
        request,
        lambda actor: selectors.request_row(actor, request_id, permission),
        request_page,
        act,
        done,
        form_class=form_class,
        form_kwargs=form_kwargs,
        then=then,
    )
