"""Every write of the platform core: atomic, audited in the same transaction."""

from __future__ import annotations

import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pyotp
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit, identifiers
from ctip.core.events import CoreEvent
from ctip.core.models import (
    Agency,
    ApiToken,
    GrantKind,
    GrantRequest,
    GrantStatus,
    Notification,
    RecoveryCode,
    User,
)
from ctip.core.notifications import MAX_PARAM_LENGTH, MESSAGES
from ctip.core.roles import PERMISSIONS, ROLES, guarded, permissions_for
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
            CoreEvent.AGENCY_CREATED,
            actor=actor,
            target=agency,
            fields=AGENCY_FIELDS,
            agency=actor.agency if actor else agency,
        )
    return agency


class StaleEdit(Exception):
    """The account or agency changed since the administrator read it; nothing was saved."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or _(
                "Someone else changed this account in the meantime. Reload the page: "
                "your change was not saved."
            )
        )


def agency_update(
    *, actor: User, agency: Agency, version: int | None = None, **values: Any
) -> Agency:
    """Change an agency; with ``version`` (the pages and the API always give it), only if
    nobody changed it since it was read."""
    _require(actor, "core.manage_agencies")
    if not _in_scope(actor, agency):
        raise PermissionDenied
    if "parent" in values and agency.pk == actor.agency_id and values["parent"] != agency.parent:
        raise ValidationError({"parent": _("You cannot move your own agency.")})
    if values.get("parent") is not None and not _in_scope(actor, values["parent"]):
        raise PermissionDenied(_("The new parent must be within your agency."))
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
        if version is not None and version != agency.version:
            raise StaleEdit(
                _(
                    "Someone else changed this agency in the meantime. Reload the page: "
                    "your change was not saved."
                )
            )
        changed = [k for k, v in values.items() if getattr(agency, k) != v]
        for key, value in values.items():
            setattr(agency, key, value)
        if changed:
            agency.version += 1
        agency.full_clean(exclude=["path"])
        old_path = agency.path
        _set_path(agency)
        agency.save()
        if agency.path != old_path:
            for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=agency.pk):
                child.path = agency.path + child.path[len(old_path) :]
                child.save(update_fields=["path"])
        if changed:
            audit.record(CoreEvent.AGENCY_UPDATED, actor=actor, target=agency, fields=changed)
    return agency


# Users ---------------------------------------------------------------------------------


def _check_roles(roles: list[str]) -> None:
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %s") % ", ".join(unknown)})


def _check_username(username: str) -> str:
    """The username in NFKC; refused if it mixes look-alike scripts or could pass for an
    existing account (same normal form or skeleton, ``core.identifiers``)."""
    username = unicodedata.normalize("NFKC", username).strip()
    if identifiers.mixes_lookalike_scripts(username):
        raise ValidationError(
            {"username": _("Use the letters of one alphabet: this name mixes look-alike scripts.")}
        )
    # Staff accounts number in the thousands: one pass over the names is cheap.
    # (A list, not ``iterator()``: the search stops at the first match, which would leave
    # PostgreSQL's server-side cursor open inside the transaction.)
    taken = list(User.objects.values_list("username", flat=True))
    if identifiers.confusable_with(username, taken) is not None:
        raise ValidationError(
            {"username": _("This username is taken or looks like one that is taken.")}
        )
    return username


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
    username = _check_username(username)
    asked = sorted(set(roles))
    # An administrator gives at once only roles that add no guarded permission; the rest
    # waits for a second administrator. An operator at the command line gives them all.
    now = asked if actor is None else _ungated(asked, [])
    user = User(
        username=username,
        agency=agency,
        roles=now,
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
            CoreEvent.USER_CREATED,
            actor=actor,
            target=user,
            fields=USER_FIELDS,
            data={"roles": user.roles},
            agency=agency,
        )
        if actor is not None and now != asked:
            _grant_request(actor=actor, user=user, kind=GrantKind.ROLES, roles=asked)
    return user


def user_update(*, actor: User, user: User, version: int | None = None, **values: Any) -> User:
    """Change an account; with ``version`` (the pages and the API always give it), only if
    nobody changed it since it was read."""
    _require(actor, "core.manage_users")
    if not _in_scope(actor, user.agency):
        raise PermissionDenied
    asked: list[str] | None = None
    if "roles" in values:
        _check_roles(values["roles"])
        values["roles"] = sorted(set(values["roles"]))
        if user.pk == actor.pk and "agency_admin" not in values["roles"]:
            raise ValidationError({"roles": _("You cannot remove your own administrator role.")})
        if guarded(permissions_for(values["roles"])) - guarded(permissions_for(user.roles)):
            if user.pk == actor.pk:
                raise ValidationError(
                    {
                        "roles": _(
                            "You cannot give yourself roles that read personal data or "
                            "intelligence, or administer accounts."
                        )
                    }
                )
            # Removals apply at once; what adds guarded permissions waits for approval.
            asked = values["roles"]
            values["roles"] = _ungated(asked, user.roles)
    if user.pk == actor.pk and values.get("is_active") is False:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if version is not None and version != user.version:
            raise StaleEdit
        changed = [k for k, v in values.items() if getattr(user, k) != v]
        for key, value in values.items():
            setattr(user, key, value)
        user.full_clean(exclude=["password"])
        if "is_active" in changed or "roles" in changed:
            user.session_epoch += 1
        if changed:
            user.version += 1
        user.save()
        if changed:
            audit.record(
                CoreEvent.USER_UPDATED,
                actor=actor,
                target=user,
                fields=changed,
                data={"roles": user.roles} if "roles" in changed else None,
            )
        if asked is not None:
            _grant_request(actor=actor, user=user, kind=GrantKind.ROLES, roles=asked)
    return user


def user_change_password(*, actor: User, old_password: str, new_password: str) -> None:
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": _("The current password is wrong.")})
    validate_password(new_password, actor)
    with transaction.atomic():
        actor.set_password(new_password)
        actor.session_epoch += 1
        actor.save(update_fields=["password", "session_epoch"])
        audit.record(CoreEvent.PASSWORD_CHANGED, actor=actor, target=actor, fields=["password"])


def user_set_language(*, actor: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    with transaction.atomic():
        actor.preferred_language = language
        actor.save(update_fields=["preferred_language"])
        audit.record(
            CoreEvent.USER_UPDATED, actor=actor, target=actor, fields=["preferred_language"]
        )


def user_logout_everywhere(*, actor: User) -> None:
    with transaction.atomic():
        User.objects.filter(pk=actor.pk).update(session_epoch=actor.session_epoch + 1)
        actor.session_epoch += 1
        audit.record(CoreEvent.SESSIONS_ENDED, actor=actor, target=actor)


def user_reset_second_factor(*, actor: User, user: User) -> bool:
    """Reset a lost second factor; True if done. For an account holding guarded
    permissions it waits for a second administrator (False): an administrator who knows
    the first password they gave the account could otherwise enrol a second factor of
    their own and sign in as that person."""
    _require(actor, "core.manage_users")
    if not _in_scope(actor, user.agency):
        raise PermissionDenied
    if user.pk != actor.pk and guarded(user.permissions):
        with transaction.atomic():
            _grant_request(actor=actor, user=user, kind=GrantKind.SECOND_FACTOR)
        return False
    with transaction.atomic():
        _reset_second_factor(actor, user)
    return True


def _reset_second_factor(actor: User, user: User) -> None:
    user.totp_secret = ""
    user.totp_confirmed_at = None
    user.session_epoch += 1
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "session_epoch"])
    user.recovery_codes.all().delete()
    audit.record(CoreEvent.SECOND_FACTOR_RESET, actor=actor, target=user, fields=["totp_secret"])


# Sign-in ---------------------------------------------------------------------------------


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
        if user.pk != actor.pk and user.has_usable_password():
            # A token for a person's account would let its issuer act as that person
            # without their password or second factor.
            raise PermissionDenied(
                _(
                    "Tokens are issued only to machine-client accounts or to your own "
                    "account: staff create their own."
                )
            )
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
            awaiting_approval=actor is not None and bool(guarded(scopes)),
        )
        audit.record(
            CoreEvent.TOKEN_CREATED,
            actor=actor,
            target=token,
            data={"scopes": token.scopes, "user": user.pk},
            agency=user.agency,
        )
        if actor is not None and token.awaiting_approval:
            _grant_request(actor=actor, user=user, kind=GrantKind.TOKEN, token=token)
    return IssuedToken(token, bearer)


# Grants that need a second administrator ---------------------------------------------------


def _ungated(asked: list[str], current: list[str]) -> list[str]:
    """The roles of ``asked`` that may apply at once: those already held, and those that
    add no guarded permission beyond what ``current`` gives."""
    held = guarded(permissions_for(current))
    return sorted(r for r in asked if r in current or guarded(ROLES[r].permissions) <= held)


def _grant_request(
    *,
    actor: User,
    user: User,
    kind: str,
    roles: list[str] | None = None,
    token: ApiToken | None = None,
) -> GrantRequest:
    grant = GrantRequest.objects.create(
        kind=kind,
        user=user,
        roles=roles or [],
        base_roles=sorted(user.roles),
        token=token,
        requested_by=actor,
    )
    audit.record(
        CoreEvent.GRANT_REQUESTED,
        actor=actor,
        target=grant,
        data={"kind": kind, "user": user.pk, "roles": grant.roles, "token": token and token.pk},
        agency=user.agency,
    )
    # Every administrator of the account's agency and of the agencies above it is told,
    # so that a second one decides and the others see that something was asked.
    permission = "core.manage_tokens" if kind == GrantKind.TOKEN else "core.manage_users"
    for agency in Agency.objects.filter(pk__in=_lineage_ids(user.agency)):
        notify(
            actor=actor,
            agency=agency,
            kind="grant",
            message="core.grant_requested",
            params={"grant": grant.reference},
            link=reverse("core:grant_list"),
            permission=permission,
        )
    return grant


def _lineage_ids(agency: Agency) -> list[int]:
    return [int(part) for part in agency.path.strip("/").split("/") if part]


def grant_decide(*, actor: User, grant: GrantRequest, approve: bool) -> GrantRequest:
    """A second administrator approves or refuses a pending grant."""
    permission = "core.manage_tokens" if grant.kind == GrantKind.TOKEN else "core.manage_users"
    _require(actor, permission)
    if not _in_scope(actor, grant.user.agency):
        raise PermissionDenied
    if actor.pk in (grant.requested_by_id, grant.user_id):
        raise PermissionDenied(
            _("Another administrator must decide: not the one who asked, not the account's owner.")
        )
    with transaction.atomic():
        grant = GrantRequest.objects.select_for_update().get(pk=grant.pk)
        if grant.status != GrantStatus.PENDING:
            raise ValidationError({"status": _("This request was already decided.")})
        user = User.objects.select_for_update().get(pk=grant.user_id)
        if approve and grant.kind == GrantKind.ROLES:
            if sorted(user.roles) != grant.base_roles:
                raise ValidationError(
                    {
                        "roles": _(
                            "The account's roles changed since this was asked: refuse it "
                            "and ask again."
                        )
                    }
                )
            user.roles = grant.roles
            user.session_epoch += 1
            user.version += 1
            user.save(update_fields=["roles", "session_epoch", "version"])
            audit.record(
                CoreEvent.USER_UPDATED,
                actor=actor,
                target=user,
                fields=["roles"],
                data={"roles": user.roles},
            )
        if approve and grant.kind == GrantKind.SECOND_FACTOR:
            _reset_second_factor(actor, user)
        if grant.token_id is not None:
            if approve:
                ApiToken.objects.filter(pk=grant.token_id).update(awaiting_approval=False)
            else:
                ApiToken.objects.filter(pk=grant.token_id, revoked_at__isnull=True).update(
                    revoked_at=timezone.now()
                )
        grant.status = GrantStatus.APPROVED if approve else GrantStatus.REFUSED
        grant.decided_by = actor
        grant.decided_at = timezone.now()
        grant.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(
            CoreEvent.GRANT_APPROVED if approve else CoreEvent.GRANT_REFUSED,
            actor=actor,
            target=grant,
            data={"kind": grant.kind, "user": user.pk, "requested_by": grant.requested_by_id},
            agency=user.agency,
        )
        requester = grant.requested_by
        message = "core.grant_approved" if approve else "core.grant_refused"
        params: dict[str, str | int] = {"grant": grant.reference}
        notify(
            actor=actor,
            agency=requester.agency,
            user=requester,
            kind="grant",
            message=message,
            params=params,
            link=reverse("core:grant_list"),
        )
        if user.pk != requester.pk:
            notify(
                actor=actor,
                agency=user.agency,
                user=user,
                kind="grant",
                message=message,
                params=params,
            )
    return grant


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
        audit.record(CoreEvent.TOKEN_REVOKED, actor=actor, target=token, agency=token.user.agency)


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
            CoreEvent.NOTIFICATION_SENT,
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
            CoreEvent.NOTIFICATIONS_RESOLVED,
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
            audit.record(
                CoreEvent.NOTIFICATION_READ, actor=actor, target=notification, fields=["read_at"]
            )
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
            CoreEvent.NOTIFICATIONS_READ,
            actor=actor,
            fields=["read_at"],
            data={"notifications": ids},
        )
    return updated
