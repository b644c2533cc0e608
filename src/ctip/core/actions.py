"""Every write of the platform core: atomic, audited in the same transaction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pyotp
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import Agency, ApiToken, Notification, RecoveryCode, User
from ctip.core.notifications import MAX_PARAM_LENGTH, MESSAGES
from ctip.core.roles import PERMISSIONS, ROLES
from ctip.core.tasks import clear_expired_sessions, email_notice

RECOVERY_CODE_COUNT = 10
AGENCY_FIELDS = ("code", "type", "name_vi", "name_en", "province", "country", "parent", "is_active")
USER_FIELDS = ("username", "display_name", "email", "roles", "preferred_language", "is_active")


def _require(actor: User, permission: str) -> None:
    if not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)


def _in_scope(actor: User, agency: Agency) -> bool:
    return agency.path.startswith(actor.agency.path)


def _set_path(agency: Agency) -> None:
    parent_path = agency.parent.path if agency.parent_id and agency.parent else "/"
    agency.path = f"{parent_path}{agency.pk}/"


# Agencies -----------------------------------------------------------------------------


def agency_create(*, actor: User | None, **values: Any) -> Agency:
    """Create an agency. Staff may only create under their own agency's subtree."""
    agency = Agency(**values)
    if actor is not None:
        _require(actor, "core.manage_agencies")
        if agency.parent is None or not _in_scope(actor, agency.parent):
            raise PermissionDenied(_("A new agency must sit under your own agency."))
    agency.full_clean(exclude=["path"])
    with transaction.atomic():
        agency.save()
        _set_path(agency)
        Agency.objects.filter(pk=agency.pk).update(path=agency.path)
        audit.record(
            "AGENCY_CREATED",
            actor=actor,
            target=agency,
            fields=AGENCY_FIELDS,
            agency=actor.agency if actor else agency,
        )
    return agency


def agency_update(*, actor: User, agency: Agency, **values: Any) -> Agency:
    _require(actor, "core.manage_agencies")
    if not _in_scope(actor, agency):
        raise PermissionDenied
    if "parent" in values and agency.pk == actor.agency_id and values["parent"] != agency.parent:
        raise ValidationError({"parent": _("You cannot move your own agency.")})
    if values.get("parent") is not None and not _in_scope(actor, values["parent"]):
        raise PermissionDenied(_("The new parent must be within your agency."))
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        changed = [k for k, v in values.items() if getattr(agency, k) != v]
        for key, value in values.items():
            setattr(agency, key, value)
        agency.full_clean(exclude=["path"])
        old_path = agency.path
        _set_path(agency)
        agency.save()
        if agency.path != old_path:
            for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=agency.pk):
                child.path = agency.path + child.path[len(old_path) :]
                child.save(update_fields=["path"])
        if changed:
            audit.record("AGENCY_UPDATED", actor=actor, target=agency, fields=changed)
    return agency


# Users ---------------------------------------------------------------------------------


def _check_roles(roles: list[str]) -> None:
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %s") % ", ".join(unknown)})


def user_create(
    *,
    actor: User | None,
    agency: Agency,
    username: str,
    password: str | None,
    roles: list[str],
    display_name: str = "",
    email: str = "",
    preferred_language: str = "vi",
    is_demo: bool = False,
) -> User:
    if actor is not None:
        _require(actor, "core.manage_users")
        if not _in_scope(actor, agency):
            raise PermissionDenied(_("You can only add staff to your own agency."))
    _check_roles(roles)
    user = User(
        username=username,
        agency=agency,
        roles=sorted(set(roles)),
        display_name=display_name,
        email=email,
        preferred_language=preferred_language,
        is_demo=is_demo,
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        audit.record(
            "USER_CREATED",
            actor=actor,
            target=user,
            fields=USER_FIELDS,
            data={"roles": user.roles},
            agency=agency,
        )
    return user


def user_update(*, actor: User, user: User, **values: Any) -> User:
    _require(actor, "core.manage_users")
    if not _in_scope(actor, user.agency):
        raise PermissionDenied
    if "roles" in values:
        _check_roles(values["roles"])
        values["roles"] = sorted(set(values["roles"]))
        if user.pk == actor.pk and "agency_admin" not in values["roles"]:
            raise ValidationError({"roles": _("You cannot remove your own administrator role.")})
    if user.pk == actor.pk and values.get("is_active") is False:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        changed = [k for k, v in values.items() if getattr(user, k) != v]
        for key, value in values.items():
            setattr(user, key, value)
        user.full_clean(exclude=["password"])
        if "is_active" in changed or "roles" in changed:
            user.session_epoch += 1
        user.save()
        if changed:
            audit.record(
                "USER_UPDATED",
                actor=actor,
                target=user,
                fields=changed,
                data={"roles": user.roles} if "roles" in changed else None,
            )
    return user


def user_change_password(*, actor: User, old_password: str, new_password: str) -> None:
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": _("The current password is wrong.")})
    validate_password(new_password, actor)
    with transaction.atomic():
        actor.set_password(new_password)
        actor.session_epoch += 1
        actor.save(update_fields=["password", "session_epoch"])
        audit.record("PASSWORD_CHANGED", actor=actor, target=actor, fields=["password"])


def user_set_language(*, actor: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    with transaction.atomic():
        actor.preferred_language = language
        actor.save(update_fields=["preferred_language"])
        audit.record("USER_UPDATED", actor=actor, target=actor, fields=["preferred_language"])


def user_logout_everywhere(*, actor: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=actor.pk).update(session_epoch=actor.session_epoch + 1)
        actor.session_epoch += 1
        audit.record("SESSIONS_ENDED", actor=actor, target=actor)


def user_reset_second_factor(*, actor: User, user: User) -> None:
    _require(actor, "core.manage_users")
    if not _in_scope(actor, user.agency):
        raise PermissionDenied
    with transaction.atomic():
        user.totp_secret = ""
        user.totp_confirmed_at = None
        user.session_epoch += 1
        user.save(update_fields=["totp_secret", "totp_confirmed_at", "session_epoch"])
        user.recovery_codes.all().delete()
        audit.record("SECOND_FACTOR_RESET", actor=actor, target=user, fields=["totp_secret"])


# Sign-in ---------------------------------------------------------------------------------


def login_failed(*, user: User | None, username: str, ip: str) -> None:
    with transaction.atomic():
        if user is not None:
            user = User.objects.select_for_update().get(pk=user.pk)
            user.failed_logins += 1
            fields = ["failed_logins"]
            if user.failed_logins >= settings.CTIP_LOGIN_MAX_FAILURES:
                user.locked_until = timezone.now() + timedelta(
                    seconds=settings.CTIP_LOGIN_LOCKOUT_SECONDS
                )
                user.failed_logins = 0
                fields.append("locked_until")
            user.save(update_fields=fields)
        audit.record(
            "LOGIN_FAILED",
            actor=None,
            target=user,
            data={"ip": ip, "locked": bool(user and user.is_locked())},
            agency=user.agency if user else None,
        )


def login_succeeded(*, user: User, ip: str) -> None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            failed_logins=0, locked_until=None, last_login=timezone.now()
        )
        audit.record("LOGIN", actor=user, target=user, data={"ip": ip})
        transaction.on_commit(clear_expired_sessions.enqueue)


def second_factor_begin(*, actor: User) -> str:
    """A new, unconfirmed TOTP secret; returns the provisioning URI for the QR code."""
    if actor.has_second_factor:
        raise ValidationError(_("A second factor is already set up."))
    with transaction.atomic():
        actor.totp_secret = pyotp.random_base32()
        actor.save(update_fields=["totp_secret"])
    return pyotp.TOTP(actor.totp_secret).provisioning_uri(name=actor.username, issuer_name="CTIP")


def _totp_ok(user: User, code: str) -> bool:
    code = "".join(code.split())
    return (
        bool(user.totp_secret)
        and code.isdigit()
        and pyotp.TOTP(user.totp_secret).verify(code, valid_window=1)
    )


def second_factor_confirm(*, actor: User, code: str) -> list[str]:
    """Confirm enrolment with a first code; returns recovery codes, shown once."""
    if not _totp_ok(actor, code):
        raise ValidationError({"code": _("That code is not valid. Check the time on your phone.")})
    with transaction.atomic():
        actor.totp_confirmed_at = timezone.now()
        actor.save(update_fields=["totp_confirmed_at"])
        codes = _new_recovery_codes(actor)
        audit.record("SECOND_FACTOR_ENABLED", actor=actor, target=actor, fields=["totp_secret"])
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
        audit.record("RECOVERY_CODES_REGENERATED", actor=actor, target=actor)
    return codes


def second_factor_verify(*, user: User, code: str) -> bool:
    """Check a TOTP or an unused recovery code (which is then spent)."""
    if _totp_ok(user, code):
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
        audit.record("RECOVERY_CODE_USED", actor=user, target=user)
    return True


# API tokens --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the full bearer value; never stored, shown once


def token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    scopes: list[str],
    days: int = 90,
) -> IssuedToken:
    if actor is not None:
        _require(actor, "core.manage_tokens")
        if not _in_scope(actor, user.agency):
            raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name.")})
    if not 1 <= days <= 366:
        raise ValidationError({"days": _("A token lives between 1 and 366 days.")})
    unknown = [s for s in scopes if s not in PERMISSIONS]
    if unknown:
        raise ValidationError({"scopes": _("Unknown scope: %s") % ", ".join(unknown)})
    beyond = [s for s in scopes if not user.has_ctip_perm(s)]
    if beyond:
        raise ValidationError(
            {"scopes": _("The user's roles do not allow: %s") % ", ".join(beyond)}
        )
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    bearer = f"ctip_{prefix}_{secret}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip(),
            prefix=prefix,
            secret_hash=ApiToken.hash_secret(secret),
            scopes=sorted(set(scopes)),
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit.record(
            "TOKEN_CREATED",
            actor=actor,
            target=token,
            data={"scopes": token.scopes, "user": user.pk},
            agency=user.agency,
        )
    return IssuedToken(token, bearer)


def token_revoke(*, actor: User | None, token: ApiToken) -> None:
    """Revoke a token; ``actor`` is None for an operator at the command line."""
    if actor is not None and token.user_id != actor.pk:
        _require(actor, "core.manage_tokens")
        if not _in_scope(actor, token.user.agency):
            raise PermissionDenied
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit.record("TOKEN_REVOKED", actor=actor, target=token, agency=token.user.agency)


# Notifications -----------------------------------------------------------------------------


def notify(
    *,
    actor: User | None,
    agency: Agency,
    kind: str,
    message: str,
    params: dict[str, str | int] | None = None,
    link: str = "",
    user: User | None = None,
    permission: str = "",
    key: str = "",
) -> Notification:
    """Put a notice in ``agency``'s inbox (only ``user``'s, if given; only staff holding
    ``permission``, if given). Call it inside the transaction of the change it announces.

    ``message`` is a code registered with ``ctip.core.notifications.register``; ``params``
    fill its placeholders when it is shown and must be short references (a case
    reference), never personal data. ``link`` is a path on this site. ``key`` names the
    item the notice is about ("cases.decision:12"): ``notifications_resolve(key=...)``
    resolves it when the item is handled. Once committed, the notice is also sent by
    e-mail (a sentence and a link, ``ctip.core.mail``).
    """
    params = dict(params or {})
    if message not in MESSAGES:
        raise ValueError(f"Unregistered notification message {message!r}")
    if permission and permission not in PERMISSIONS:
        raise ValueError(f"Unknown permission {permission!r}")
    for name, value in params.items():
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise ValueError(f"Notification parameter {name!r} must be text or a number")
        if isinstance(value, str) and len(value) > MAX_PARAM_LENGTH:
            raise ValueError(f"Notification parameter {name!r} is too long for a reference")
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValueError("A notification links to a path on this site")
    if user is not None and user.agency_id != agency.pk:
        raise ValueError("A notification for a user goes to the user's own agency")
    with transaction.atomic():
        notice = Notification.objects.create(
            agency=agency,
            user=user,
            permission=permission,
            kind=kind[:40],
            message=message,
            params=params,
            link=link,
            key=key[:80],
        )
        transaction.on_commit(lambda: email_notice.enqueue(notice.pk))
        audit.record(
            "NOTIFICATION_SENT",
            actor=actor,
            target=notice,
            data={"agency": agency.pk, "message": message, "user": user.pk if user else None},
            agency=None if actor is not None else agency,
        )
    return notice


def notifications_resolve(*, actor: User | None, key: str) -> int:
    """The item ``key`` names was handled: its open notices are resolved (and so read).
    Call it inside the transaction that handles the item; returns how many."""
    if not key:
        return 0
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(key=key, resolved_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        if not ids:
            return 0
        Notification.objects.filter(pk__in=ids, read_at__isnull=True).update(read_at=now)
        Notification.objects.filter(pk__in=ids).update(resolved_at=now)
        audit.record(
            "NOTIFICATIONS_RESOLVED",
            actor=actor,
            fields=["resolved_at"],
            data={"notifications": ids},
        )
    return len(ids)


def notification_mark_read(*, actor: User, notification: Notification) -> bool:
    """Mark one notice read; False if it already was. The actor must be able to see it."""
    _require(actor, "core.view_dashboard")
    if not Notification.objects.filter(Notification.scope_q(actor), pk=notification.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=actor
        )
        if updated:
            audit.record("NOTIFICATION_READ", actor=actor, target=notification, fields=["read_at"])
    return bool(updated)


def notifications_mark_all_read(*, actor: User) -> int:
    """Mark every unread notice the actor sees as read; returns how many."""
    _require(actor, "core.view_dashboard")
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(
                Notification.scope_q(actor), read_at__isnull=True
            ).values_list("pk", flat=True)[:1000]
        )
        if not ids:
            return 0
        updated = Notification.objects.filter(pk__in=ids, read_at__isnull=True).update(
            read_at=timezone.now(), read_by=actor
        )
        audit.record(
            "NOTIFICATIONS_READ", actor=actor, fields=["read_at"], data={"notifications": ids}
        )
    return updated
