"""Platform middleware: problem details, body limits, language, sessions, access."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from ctip.core.access import access_of
from ctip.core.problems import default_detail, problem

log = logging.getLogger(__name__)
API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


# Headers that describe the body, which a problem document replaces.
_BODY_HEADERS = {"content-type", "content-length", "content-encoding"}


class ProblemDetailsMiddleware:
    """Outermost: API errors that escape Django-ninja still leave as problem+json.

    The problem document keeps every other header of the answer it replaces: the
    security headers the inner middleware set, and ``Allow`` on a 405.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            is_api(request)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/problem+json")
        ):
            replacement = problem(response.status_code, default_detail(response.status_code))
            for name, value in response.headers.items():
                if name.lower() not in _BODY_HEADERS:
                    replacement[name] = value
            for cookie in response.cookies.values():
                replacement.cookies[cookie.key] = cookie
            return replacement
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_api(request):
            return None
        if isinstance(exc, Http404):
            return problem(404, default_detail(404))
        if isinstance(exc, PermissionDenied):
            return problem(403, default_detail(403))
        if isinstance(exc, RequestDataTooBig):
            return problem(413, default_detail(413))
        if isinstance(exc, SuspiciousOperation):
            return problem(400, default_detail(400))
        log.exception("Unhandled API error on %s", request.path)
        return problem(500, default_detail(500))


class RequestSizeLimitMiddleware:
    """Refuse oversized bodies from the declared length, before anything reads them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return (
                problem(400, default_detail(400)) if is_api(request) else HttpResponse(status=400)
            )
        limit = (
            settings.CTIP_MAX_UPLOAD_BYTES
            if request.content_type == "multipart/form-data"
            else settings.CTIP_MAX_REQUEST_BYTES
        )
        if length > limit:
            if is_api(request):
                return problem(413, default_detail(413), max_bytes=limit)
            return HttpResponse(default_detail(413), status=413, content_type="text/plain")
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.CTIP_PERMISSIONS_POLICY)
        return response


class LanguageMiddleware:
    """Vietnamese by default; English by the switch (a cookie) or by Accept-Language.

    Unknown languages fall back to Vietnamese. A signed-in user's saved preference wins
    over the browser's header, but not over an explicit switch in this browser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = translation.get_language_from_request(request)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.setdefault("Content-Language", language)
        vary = response.get("Vary", "")
        if "Accept-Language" not in vary:
            response["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
        translation.deactivate()
        return response


class SessionEpochMiddleware:
    """Ends sessions opened before "log out everywhere", and sessions left idle."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not getattr(request, "api_token", None):
            now = int(time.time())
            last_seen = request.session.get("ctip_seen", now)
            if (
                request.session.get("ctip_epoch") != user.session_epoch
                or now - last_seen > settings.CTIP_SESSION_IDLE_SECONDS
            ):
                logout(request)
            elif now - last_seen > 60:
                request.session["ctip_seen"] = now
        return self.get_response(request)


class AccessMiddleware:
    """Fail closed: a view that declares no access rule is never served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if is_api(request):
            return None  # the API authorises each operation itself (ctip.config.api)
        access = access_of(view)
        if access is None:
            if settings.DEBUG:
                raise PermissionDenied(f"View {view!r} declares no access rule.")
            raise Http404
        if access.kind == "public":
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
        if not request.session.get("ctip_second_factor") and not access.before_second_factor:
            return redirect("core:second_factor")
        if access.kind == "permission" and not user.has_ctip_perm(access.permission or ""):
            raise PermissionDenied(access.permission)
        return None
