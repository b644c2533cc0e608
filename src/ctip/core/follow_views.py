"""The public pages of a record followed with its reference and secret
(``ctip.core.follow``), written once for every app that hands out a secret: the page that
shows the secret once (:func:`secret_page`), kept out of every cache, and the page where a
reporter or a family follows the record with it (:func:`follow_page`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from ctip.core.access import public
from ctip.core.follow import FollowRefused
from ctip.core.throttle import rate_limited


def secret_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The page that shows a follow-up secret, once: no cache, the browser's included,
    keeps it."""
    page = render(request, template, context)
    add_never_cache_headers(page)
    return page


def follow_page(
    *,
    scope: str,
    template: str,
    form_class: type[forms.Form],
    lookup: Callable[[str, str], Any],
    key: str = "found",
) -> Callable[[HttpRequest], HttpResponse]:
    """A public view: the form (``code`` and ``secret``) on GET; on POST, ``lookup(code,
    secret)`` put in the template's context as ``key``, or the same refusal for a wrong
    reference or secret. Every try counts against the address's limit, refused ones
    included: a refused try is how a secret is guessed."""

    @public
    @require_http_methods(["GET", "POST"])
    @rate_limited(
        scope,
        lambda: settings.CTIP_INTEL_FOLLOWS_PER_MINUTE,
        page=template,
        context=lambda request: {"form": form_class(request.POST)},
    )
    def view(request: HttpRequest) -> HttpResponse:
        form = form_class(request.POST or None)
        context: dict[str, Any] = {"form": form}
        if request.method != "POST":
            return render(request, template, context)
        if form.is_valid():
            try:
                context[key] = lookup(form.cleaned_data["code"], form.cleaned_data["secret"])
            except FollowRefused as exc:
                form.add_error(None, str(exc))
            else:
                return render(request, template, context)
        return render(request, template, context, status=400)

    return view
