"""The NinjaAPI under /api/v1/: mounts each app's router; every error is problem+json."""

from __future__ import annotations

import logging

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ctip.core.auth import signed_in
from ctip.core.problems import default_detail, problem

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="CTIP API",
    version="1",
    description=(
        "Counter-trafficking platform. Authenticate with a bearer token "
        "(`Authorization: Bearer ctip_...`) or a signed-in session. Errors are RFC 9457 "
        "`application/problem+json`."
    ),
    auth=signed_in(),
    urls_namespace="api",
    docs_url="/docs",
    # Swagger UI sets inline styles; its scripts still come only from our own origin.
    docs_decorator=csp_update({"style-src": [UNSAFE_INLINE]}),
)


@api.exception_handler(NinjaValidationError)
def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg", ""))}
        for e in exc.errors
    ]
    return problem(422, "The request body or parameters are not valid.", errors=errors)


@api.exception_handler(ValidationError)
def _model_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    pairs: list[tuple[str, str]] = (
        [(field, str(m)) for field, msgs in exc.message_dict.items() for m in msgs]
        if hasattr(exc, "error_dict")
        else [("", str(m)) for m in exc.messages]
    )
    errors = [{"loc": [field] if field else [], "msg": msg} for field, msg in pairs]
    return problem(422, "; ".join(msg for _, msg in pairs), errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem(401, default_detail(401))
    response["WWW-Authenticate"] = 'Bearer realm="ctip"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(403, default_detail(403))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(404, default_detail(404))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, str(exc))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    from django.core.exceptions import RequestDataTooBig

    if isinstance(exc, RequestDataTooBig):
        return problem(413, default_detail(413))
    log.exception("Unhandled API error on %s", request.path)
    return problem(500, default_detail(500))


def _mount() -> None:
    from ctip.cases.api import router as cases_router
    from ctip.core.api import router as core_router
    from ctip.intel.api import router as intel_router
    from ctip.screening.api import router as screening_router

    api.add_router("/", core_router)
    api.add_router("/screening", screening_router)
    api.add_router("/cases", cases_router)
    api.add_router("/intel", intel_router)


_mount()
