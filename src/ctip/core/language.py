"""Who reads CTIP in English whatever they ask for: one rule for pages, the API, jobs and
e-mail (docs/decisions/0019-who-reads-english.md).

Officers of a foreign authority (an agency of type counterpart abroad, ``Agency.foreign``)
read English. Everyone else, a Vietnamese embassy or consulate abroad included, reads the
language they chose (Vietnamese unless they switched); an API request may ask for another
one explicitly (``api_language``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import trans_real


def reads_english(user: Any) -> bool:
    """Whether ``user`` (a signed-in user, a token's owner, or anonymous) must read English."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    agency = getattr(user, "agency", None)
    return agency is not None and agency.foreign


def language_of(user: Any) -> str:
    """The language of what ``user`` reads outside a request: a job's summary, an e-mail."""
    if reads_english(user):
        return "en"
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _known(code: str) -> str | None:
    try:
        return trans_real.get_supported_language_variant(code)
    except LookupError:
        return None


def asked_language(request: HttpRequest) -> str | None:
    """The language a request explicitly asks for, if CTIP has it: the language switch of
    the browser (its cookie), else the first language of ``Accept-Language`` that CTIP has;
    None when it asks for none of them."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie and (found := _known(cookie)):
        return found
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code != "*" and (found := _known(code)):
            return found
    return None


def api_language(request: HttpRequest, user: Any) -> str:
    """The language an authenticated API request is answered in, body and errors alike:
    English for an officer of a foreign authority whatever is asked; else the language the
    request asks for (``asked_language``, the order pages follow); else the user's saved
    language, where a page would fall back to Vietnamese."""
    if reads_english(user):
        return "en"
    return asked_language(request) or language_of(user)
