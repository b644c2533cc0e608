"""The case page as the place an action posted from it comes back to (the posting itself is
``ctip.core.posting``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ctip.cases import selectors
from ctip.cases.models import Case
from ctip.core import posting
from ctip.core.models import User


def case_page(case: Case) -> HttpResponse:
    """Back to the case's page."""
    return redirect("cases:detail", case_id=case.pk)


def case_form_post(
    request: HttpRequest,
    case_id: int,
    form_class: type[Form],
    act: Callable[[User, Case, dict[str, Any]], object],
    done: str,
    *,
    permission: str = "cases.view_case",
    form_kwargs: Callable[[User, Case], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A form posted from the case page: :func:`ctip.core.posting.post` on the case the
    actor may reach with ``permission``."""
    return posting.post(
        request,
        lambda actor: selectors.case(actor, case_id, permission=permission),
        case_page,
        act,
        done,
        form_class=form_class,
        form_kwargs=form_kwargs,
    )
