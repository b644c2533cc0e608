"""Following a record from outside with a reference and a secret, without an account.

A public reporter (``intel``) or a family (``hotline``) is given a reference and a secret
once. The secret is stored hashed; a check compares in constant time, answers the same
refusal for an unknown reference and a wrong secret, and locks a reference for an hour
after repeated wrong secrets. Pages and API operations that call :func:`check` are also
rate-limited per address (``ctip.core.throttle``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import TypeVar

from django.core.cache import caches
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

# A reference refuses further secrets for an hour after this many wrong ones.
MAX_FOLLOW_FAILURES = 10
FOLLOW_LOCK_SECONDS = 3600
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

M = TypeVar("M", bound=Model)


class FollowRefused(Exception):
    """A reference and secret that do not match, or a reference locked after guesses."""


def code(prefix: str) -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode()).hexdigest()


def credentials(prefix: str) -> tuple[str, str, str]:
    """(reference, secret, hash of the secret) for a new followed record."""
    secret = secrets.token_urlsafe(16)
    return code(prefix), secret, secret_hash(secret)


def check(
    rows: QuerySet[M],
    reference: str,
    secret: str,
    *,
    code_field: str = "follow_code",
    hash_field: str = "follow_secret_hash",
    refusal: str = "",
) -> M:
    """The row whose reference and secret match, or FollowRefused."""
    reference = reference.strip().upper()
    cache = caches["throttle"]
    key = f"follow-failures:{hashlib.sha256(reference.encode()).hexdigest()}"
    failures = cache.get(key, 0)
    if failures >= MAX_FOLLOW_FAILURES:
        raise FollowRefused(_("Too many wrong secrets for this reference. Try again in an hour."))
    found = rows.filter(**{code_field: reference}).first() if reference else None
    # Compare even when the reference is unknown, so timing does not tell which it was.
    expected = getattr(found, hash_field) if found else secret_hash(secrets.token_urlsafe(16))
    if not (found and hmac.compare_digest(expected, secret_hash(secret))):
        if cache.add(key, 1, FOLLOW_LOCK_SECONDS) is False:
            try:
                cache.incr(key)
            except ValueError:
                cache.add(key, 1, FOLLOW_LOCK_SECONDS)
        raise FollowRefused(refusal or _("Nothing matches this reference and secret."))
    return found
