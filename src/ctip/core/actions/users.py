"""Accounts: created, changed, passwords and languages; roles that read personal data
wait for a second administrator."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.core import audit, identifiers
from ctip.core.actions.checks import USER_FIELDS, StaleEdit, _in_scope, _require
from ctip.core.actions.grants import _grant_request, _ungated
from ctip.core.actions.signin import _reset_second_factor
from ctip.core.events import CoreEvent
from ctip.core.models import (
    Agency,
    AgencyType,
    GrantKind,
    User,
)
from ctip.core.roles import ROLES, guarded, permissions_for


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
    preferred_language: str = "",
    is_demo: bool = False,
) -> User:
    """Staff of a counterpart abroad read in English unless a language is given."""
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
        preferred_language=preferred_language
        or ("en" if agency.type == AgencyType.COUNTERPART else settings.LANGUAGE_CODE),
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
