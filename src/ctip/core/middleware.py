"""Platform middleware: problem details, body limits, language, sessions, access."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from ctip.core.access import access_of
from ctip.core.language import reads_english
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
            # In the language the request was answered in (its reader's, once known).
            with translation.override(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)):
                detail = default_detail(response.status_code)
            replacement = problem(response.status_code, detail)
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


# Deeper than any body CTIP takes (a report's indicators are three levels down); far
# short of the depth at which parsers and validators run out of stack.
MAX_JSON_DEPTH = 32
# A NUL escaped in JSON (\u0000) after an even number of backslashes, i.e. not itself
# a backslash and the letters "u0000" that a string may legitimately hold.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


# A JSON string (skipped whole, in C) or one bracket.
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in ``body``, without parsing it."""
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    break
        elif token in (b"]", b"}"):
            depth -= 1
    return deepest


def _has_nul(query: Any) -> bool:
    return any("\x00" in item for key, values in query.lists() for item in (key, *values))


class InputSanitationMiddleware:
    """Refuse, before any view runs, input that no field of CTIP accepts: a NUL character
    in a parameter or a form or JSON field (PostgreSQL cannot store one, so it would fail
    half-way through a write; ``CTIP_RAW_TEXT_PATHS`` judge it themselves), and JSON nested
    past ``MAX_JSON_DEPTH``. Text length is
    bounded per field by the forms and the API schemas; file uploads (multipart) are
    judged by their own views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.refusal(request)
        if refusal is not None:
            if is_api(request):
                return problem(400, refusal)
            raise BadRequest(refusal)
        return self.get_response(request)

    @staticmethod
    def refusal(request: HttpRequest) -> str | None:
        nul = _("A field contains a NUL character, which no field accepts.")
        raw_text = request.path in settings.CTIP_RAW_TEXT_PATHS
        if _has_nul(request.GET) and not raw_text:
            return str(nul)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if request.content_type == "multipart/form-data":
            # Without a boundary Django cannot split the parts: say so, not a 500.
            if not (request.content_params or {}).get("boundary"):
                return str(_("A multipart body must declare its boundary."))
            return None
        if request.content_type == "application/x-www-form-urlencoded":
            if _has_nul(request.POST) and not raw_text:
                return str(nul)
        else:
            # The API parses any other body as JSON, whatever type it is declared with.
            body = request.body
            if not raw_text and (b"\x00" in body or _JSON_NUL.search(body)):
                return str(nul)
            if json_depth(body) > MAX_JSON_DEPTH:
                return str(
                    _("The JSON body nests deeper than %(depth)d levels.")
                    % {"depth": MAX_JSON_DEPTH}
                )
        return None


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
        # An API request is answered in its reader's language once they are known.
        response.setdefault("Content-Language", request.LANGUAGE_CODE)
        vary = response.get("Vary", "")
        if "Accept-Language" not in vary:
            response["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
        translation.deactivate()
        return response


class ForeignAgencyLanguageMiddleware:
    """Officers of a foreign authority read every page in English, whatever their browser
    asks: the exchange with them is in English (docs/apps/cooperation.md), and so are their
    overview, notices and errors. The rule is ``ctip.core.language.reads_english``: a
    Vietnamese mission abroad reads the language its staff chose."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not reads_english(getattr(request, "user", None)):
            return self.get_response(request)
        translation.activate("en")
        request.LANGUAGE_CODE = "en"
        response = self.get_response(request)
        response["Content-Language"] = "en"
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


class PrivateResponseMiddleware:
    """What a signed-in person or a token is answered is kept by no cache: not a proxy's,
    not the browser's (a border post's shared computer, the back button after signing
    out). A response that says how it may be cached already is left as it is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response and (
            request.user.is_authenticated or "HTTP_AUTHORIZATION" in request.META
        ):
            add_never_cache_headers(response)
        return response


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
