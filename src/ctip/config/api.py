"""The NinjaAPI under /api/v1/: mounts each app's router; every error is problem+json."""

from __future__ import annotations

import logging
import re
from typing import Any

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.operation import Operation
from ninja.utils import normalize_path

from ctip.core.auth import signed_in
from ctip.core.problems import CONTENT_TYPE, default_detail, field_error, problem

log = logging.getLogger(__name__)

# What each kind of refusal means, for the OpenAPI document. Every one is problem+json.
REFUSALS = {
    400: "The body or a parameter cannot be read (not JSON, nested too deep, a NUL character).",
    401: "No valid token or session.",
    403: "The caller's roles or the token's scopes do not allow this operation.",
    404: "No such record in the caller's scope, or no such path.",
    409: "The record changed since it was read (version) or the action conflicts with its state.",
    410: "The record exists but its stored file cannot be read.",
    413: "The body is larger than allowed.",
    415: "The body is not of the type the operation reads (JSON in UTF-8, or a form).",
    422: "A field is missing, of the wrong type or out of its range; `errors` lists them.",
    429: "Too many requests from this address: wait the `Retry-After` seconds.",
}
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"type": "string"}},
                    "msg": {"type": "string", "description": "A sentence for the reader."},
                    "type": {
                        "type": "string",
                        "description": "The kind of error, for programs (a check of the "
                        "request's form: missing, int_parsing, string_too_long...).",
                    },
                },
            },
        },
    },
    "additionalProperties": True,
}


def refusals_of(method: str, operation: Operation) -> set[int]:
    """The error statuses an operation can answer with, from how it is declared."""
    statuses = {400, 404, 422}
    if operation.auth_callbacks:
        statuses |= {401, 403}
    else:
        statuses.add(429)  # public operations are rate-limited per address
    if method != "GET":
        statuses |= {409, 413, 415}
    # An operation names any other refusal of its own in ``openapi_extra``.
    statuses.update((operation.openapi_extra or {}).get("x-ctip-refusals", []))
    return statuses


class CtipAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document also lists the refusals of each operation."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        document = super().get_openapi_schema(*args, **kwargs)
        document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        ops: dict[tuple[str, str], Operation] = {}
        for prefix, router in self._routers:
            for path, path_view in router.path_operations.items():
                template = re.sub(r"\{\w+:(\w+)\}", r"{\1}", normalize_path(prefix + path))
                for op in path_view.operations:
                    for method in op.methods:
                        ops[("/api/v1" + template.rstrip("/"), method.lower())] = op
        for path, methods in document["paths"].items():
            for method, described in methods.items():
                found = ops.get((path.rstrip("/"), method))
                if found is None:
                    continue
                described.pop("x-ctip-refusals", None)
                responses = described.setdefault("responses", {})
                for status in sorted(refusals_of(method.upper(), found)):
                    responses.setdefault(
                        status,
                        {
                            "description": REFUSALS[status],
                            "content": {
                                CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                            },
                        },
                    )
        return document


api = CtipAPI(
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
        {"loc": [str(p) for p in e.get("loc", [])], "msg": field_error(e), "type": e.get("type")}
        for e in exc.errors
    ]
    return problem(422, default_detail(422), errors=errors)


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
    from ctip.compounds.api import router as compounds_router
    from ctip.cooperation.api import router as cooperation_router
    from ctip.core.api import router as core_router
    from ctip.hotline.api import router as hotline_router
    from ctip.intel.api import router as intel_router
    from ctip.outreach.api import router as outreach_router
    from ctip.proceedings.api import router as proceedings_router
    from ctip.registry.api import router as registry_router
    from ctip.registry.api_abroad import router as registry_abroad_router
    from ctip.screening.api import router as screening_router
    from ctip.stats.api import router as stats_router

    api.add_router("/", core_router)
    api.add_router("/screening", screening_router)
    api.add_router("/cases", cases_router)
    api.add_router("/intel", intel_router)
    api.add_router("/hotline", hotline_router)
    api.add_router("/compounds", compounds_router)
    api.add_router("/cooperation", cooperation_router)
    api.add_router("/outreach", outreach_router)
    api.add_router("/proceedings", proceedings_router)
    api.add_router("/registry", registry_router)
    api.add_router("/registry", registry_abroad_router)
    api.add_router("/stats", stats_router)


_mount()
