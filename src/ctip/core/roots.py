"""An app's root URL (``/intel/``, ``/cooperation/`` ...) leads to its main page: the
first of its pages the signed-in user may open. Who may open none is refused (403), not
told the address does not exist."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve, reverse

from ctip.core.access import access_of, signed_in
from ctip.core.auth import actor_of


def app_root(*url_names: str) -> Callable[[HttpRequest], HttpResponse]:
    """The view of an app's root: a redirect to the first of ``url_names`` (pages without
    arguments, main page first) whose access rule lets the user in."""

    @signed_in
    def root(request: HttpRequest) -> HttpResponse:
        actor = actor_of(request)
        for name in url_names:
            url = reverse(name)
            access = access_of(resolve(url).func)
            if access is None:
                continue
            if access.kind != "permission" or actor.has_ctip_perm(access.permission or ""):
                return redirect(url)
        raise PermissionDenied

    return root
