"""RFC 9457 problem details: every API error is ``application/problem+json``."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def problem(status: int, detail: str, *, title: str | None = None, **extra: Any) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    body.update(extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, default=str), status=status, content_type=CONTENT_TYPE
    )
    response["Content-Language"] = "en" if detail.isascii() else "vi"
    return response


def default_detail(status: int) -> str:
    return {
        400: _("The request could not be understood."),
        401: _("Authentication is required: send a valid token or sign in."),
        403: _("You are not allowed to do this."),
        404: _("Nothing was found at this address."),
        405: _("This method is not allowed here."),
        413: _("The request body is too large."),
        415: _("The request body must be JSON (application/json)."),
        422: _("The request body or parameters are not valid."),
        429: _("Too many requests: wait a moment and try again."),
        500: _("Something went wrong on our side; it has been logged."),
    }.get(status, _("The request failed."))
