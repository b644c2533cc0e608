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


def field_error(error: dict[str, Any]) -> str:
    """A sentence, in the reader's language, for one error of the request's validation (a
    pydantic error: ``type``, ``msg``, ``ctx``): the validation library's own messages are
    English only. A message a validator of ours raised (``value_error``) is said as it
    was raised; a kind of error not listed here reads as the general sentence."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in {"value_error", "assertion_error"} and "error" in ctx:
        return str(ctx["error"])
    messages = {
        "missing": _("This field is required."),
        "extra_forbidden": _("This field is not expected here."),
        "string_type": _("Enter text."),
        "string_too_short": _("Enter at least %(min_length)s characters."),
        "string_too_long": _("Enter at most %(max_length)s characters."),
        "string_pattern_mismatch": _("This is not in the expected form."),
        "int_type": _("Enter a whole number."),
        "int_parsing": _("Enter a whole number."),
        "int_from_float": _("Enter a whole number."),
        "float_type": _("Enter a number."),
        "float_parsing": _("Enter a number."),
        "bool_type": _("Enter true or false."),
        "bool_parsing": _("Enter true or false."),
        "date_type": _("Enter a date as YYYY-MM-DD."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "datetime_type": _("Enter a date and time, such as 2026-12-07T09:30:00+07:00."),
        "datetime_parsing": _("Enter a date and time, such as 2026-12-07T09:30:00+07:00."),
        "datetime_from_date_parsing": _(
            "Enter a date and time, such as 2026-12-07T09:30:00+07:00."
        ),
        "uuid_type": _("Enter an identifier in the UUID form."),
        "uuid_parsing": _("Enter an identifier in the UUID form."),
        "greater_than": _("Enter a value greater than %(gt)s."),
        "greater_than_equal": _("Enter a value of at least %(ge)s."),
        "less_than": _("Enter a value less than %(lt)s."),
        "less_than_equal": _("Enter a value of at most %(le)s."),
        "literal_error": _("Enter one of: %(expected)s."),
        "enum": _("Enter one of: %(expected)s."),
        "list_type": _("Send a list."),
        "too_short": _("Send at least %(min_length)s items."),
        "too_long": _("Send at most %(max_length)s items."),
        "dict_type": _("Send an object."),
        "model_type": _("Send an object."),
        "model_attributes_type": _("Send an object."),
        "json_invalid": _("The body is not valid JSON."),
        "json_type": _("The body is not valid JSON."),
    }
    message = messages.get(kind)
    if message is None:
        return _("This value is not valid.")
    try:
        return message % {key: str(value) for key, value in ctx.items()}
    except (KeyError, TypeError, ValueError):
        return _("This value is not valid.")
