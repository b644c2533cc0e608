"""Signing in: the second factor, its codes and recovery codes."""

from __future__ import annotations

import hmac
import secrets

import pyotp
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.actions.checks import RECOVERY_CODE_COUNT
from ctip.core.events import CoreEvent
from ctip.core.models import (
    RecoveryCode,
    User,
)
from ctip.core.tasks import clear_expired_sessions


def _reset_second_factor(actor: User, user: User) -> None:
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.session_epoch += 1
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "session_epoch"])
    user.recovery_codes.all().delete()
    audit.record(CoreEvent.SECOND_FACTOR_RESET, actor=actor, target=user, fields=["totp_secret"])


def login_succeeded(*, user: User, ip: str) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(last_login=timezone.now())
        audit.record(CoreEvent.LOGIN, actor=user, target=user, data={"ip": ip})
        transaction.on_commit(clear_expired_sessions.enqueue)


def second_factor_begin(*, actor: User) -> str:
    """A new, unconfirmed TOTP secret; returns the provisioning URI for the QR code."""
    if actor.has_second_factor:
        raise ValidationError(_("A second factor is already set up."))
    with transaction.atomic():
        actor.totp_secret = pyotp.random_base32()
        actor.save(update_fields=["totp_secret"])
    return pyotp.TOTP(actor.totp_secret).provisioning_uri(name=actor.username, issuer_name="CTIP")


def _totp_step(user: User, code: str) -> int | None:
    """The time step a valid TOTP code belongs to (one step of drift either way)."""
    code = "".join(code.split())
    if not user.totp_secret or not code.isdigit():
        return None
    totp = pyotp.TOTP(user.totp_secret)
    now = timezone.now()
    for drift in (0, -1, 1):
        if hmac.compare_digest(totp.at(now, counter_offset=drift), code):
            return totp.timecode(now) + drift
    return None


def _spend_totp(user: User, code: str) -> bool:
    """Accept a TOTP code once: the step is recorded atomically, so a replay is refused."""
    step = _totp_step(user, code)
    if step is None:
        return False
    return User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(totp_last_step=step) == 1


def second_factor_confirm(*, actor: User, code: str) -> list[str]:
    """Confirm enrolment with a first code; returns recovery codes, shown once."""
    if not _spend_totp(actor, code):
        raise ValidationError({"code": _("That code is not valid. Check the time on your phone.")})
    with transaction.atomic():
        actor.totp_confirmed_at = timezone.now()
        actor.save(update_fields=["totp_confirmed_at"])
        codes = _new_recovery_codes(actor)
        audit.record(
            CoreEvent.SECOND_FACTOR_ENABLED, actor=actor, target=actor, fields=["totp_secret"]
        )
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    user.recovery_codes.all().delete()
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(5).upper()
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=RecoveryCode.hash(c)) for c in codes
    )
    return codes


def recovery_codes_regenerate(*, actor: User) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(actor)
        audit.record(CoreEvent.RECOVERY_CODES_REGENERATED, actor=actor, target=actor)
    return codes


def second_factor_verify(*, user: User, code: str) -> bool:
    """Check a TOTP or an unused recovery code (which is then spent)."""
    if _spend_totp(user, code):
        return True
    with transaction.atomic():
        match = (
            user.recovery_codes.select_for_update()
            .filter(code_hash=RecoveryCode.hash(code), used_at__isnull=True)
            .first()
        )
        if match is None:
            return False
        match.used_at = timezone.now()
        match.save(update_fields=["used_at"])
        audit.record(CoreEvent.RECOVERY_CODE_USED, actor=user, target=user)
    return True
