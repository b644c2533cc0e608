"""Sign-in limits: the one path every password and second-factor attempt goes through.

An attempt first *takes a slot* on two counters, the client's address (30 attempts in
ten minutes) and the account (5 failures, then locked for fifteen minutes), and only
then is the password or code checked. Each slot is taken under a row lock on the
counter (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions
serialise writers), so a hundred parallel requests still get at most the limit
checked. A success gives the account's slots back; a failure keeps its slot and is
written to the audit trail. Unknown account names are counted like real ones, so the
answer never tells whether an account exists.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ctip.core import audit
from ctip.core.events import CoreEvent
from ctip.core.models import AttemptCounter

if TYPE_CHECKING:
    from ctip.core.models import User

ADDRESS_WINDOW_SECONDS = 600


class Refusal(StrEnum):
    ADDRESS = "address"
    ACCOUNT = "account"


class Factor(StrEnum):
    PASSWORD = "password"  # noqa: S105 (a name, not a secret)
    CODE = "code"


def take(key: str, *, limit: int, seconds: int) -> bool:
    """Take one slot of ``key``'s counter; False (nothing taken) once ``limit`` are taken.

    The window starts at the first slot; the slot that reaches the limit restarts it,
    so a full counter stays closed for ``seconds`` after the last attempt it allowed.
    """
    now = timezone.now()
    with transaction.atomic():
        row = AttemptCounter.objects.select_for_update().filter(key=key).first()
        if row is None:
            try:
                with transaction.atomic():
                    AttemptCounter.objects.create(
                        key=key, count=1, window_ends=now + timedelta(seconds=seconds)
                    )
                return limit >= 1
            except IntegrityError:  # a parallel request created it first
                row = AttemptCounter.objects.select_for_update().get(key=key)
        if row.window_ends <= now:
            row.count = 0
            row.window_ends = now + timedelta(seconds=seconds)
        if row.count >= limit:
            return False
        row.count += 1
        if row.count >= limit:
            row.window_ends = now + timedelta(seconds=seconds)
        row.save(update_fields=["count", "window_ends"])
        return True


def is_full(key: str, *, limit: int) -> bool:
    return AttemptCounter.objects.filter(
        key=key, count__gte=limit, window_ends__gt=timezone.now()
    ).exists()


def _account_key(factor: Factor, account: str) -> str:
    return f"{factor}:{account.casefold()}"


def _address_key(ip: str) -> str:
    return f"address:{ip}"


def account_locked(account: str, factor: Factor = Factor.PASSWORD) -> bool:
    return is_full(_account_key(factor, account), limit=settings.CTIP_LOGIN_MAX_FAILURES)


def begin(factor: Factor, *, account: str, ip: str) -> Refusal | None:
    """Take a slot for one attempt before it is checked; the refusal, if any."""
    if not take(
        _address_key(ip),
        limit=settings.CTIP_LOGIN_IP_LIMIT_PER_10_MIN,
        seconds=ADDRESS_WINDOW_SECONDS,
    ):
        return Refusal.ADDRESS
    if not take(
        _account_key(factor, account),
        limit=settings.CTIP_LOGIN_MAX_FAILURES,
        seconds=settings.CTIP_LOGIN_LOCKOUT_SECONDS,
    ):
        return Refusal.ACCOUNT
    return None


def succeeded(factor: Factor, *, account: str, ip: str) -> None:
    """Give back the slots of a successful attempt."""
    AttemptCounter.objects.filter(key=_account_key(factor, account)).delete()
    AttemptCounter.objects.filter(key=_address_key(ip), count__gt=0).update(count=F("count") - 1)


def failed(factor: Factor, *, user: User | None, account: str, ip: str) -> None:
    """Write the failed attempt to the audit trail (its slot stays taken)."""
    with transaction.atomic():
        audit.record(
            CoreEvent.LOGIN_FAILED if factor is Factor.PASSWORD else CoreEvent.SECOND_FACTOR_FAILED,
            actor=None,
            target=user,
            data={"ip": ip, "locked": account_locked(account, factor)},
            agency=user.agency if user is not None else None,
        )
