"""Who reads CTIP in English whatever they ask for: one rule for pages, the API, jobs and
e-mail (docs/decisions/0019-who-reads-english.md).

Officers of a foreign authority (an agency of type counterpart abroad, ``Agency.foreign``)
read English. Everyone else, a Vietnamese embassy or consulate abroad included, reads the
language they chose (Vietnamese unless they switched).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.conf import settings
from django.utils import translation


def reads_english(user: Any) -> bool:
    """Whether ``user`` (a signed-in user, a token's owner, or anonymous) must read English."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    agency = getattr(user, "agency", None)
    return agency is not None and agency.foreign


def reader_language(user: Any) -> AbstractContextManager[object]:
    """English around work done for a user who reads English; the request's language
    otherwise (for an API client, whose request the page middleware does not see)."""
    return translation.override("en") if reads_english(user) else nullcontext()


def language_of(user: Any) -> str:
    """The language of what ``user`` reads outside a request: a job's summary, an e-mail."""
    if reads_english(user):
        return "en"
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
