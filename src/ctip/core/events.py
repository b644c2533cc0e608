"""Audit events and their targets in words, in the reader's language.

Each app declares its event types as one enumeration (``<app>/events.py``), a subclass of
:class:`EventType` registered with :func:`register`: the member's value is the code stored in
the audit trail (``CASE_OPENED``), its ``label`` the words pages show ("Case opened") and its
``sentence`` the timeline's sentence ("{actor} opened {target}"). Pages never show a code, and
the audit trail refuses a code no app declared (:func:`require`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class EventType(StrEnum):
    """One app's audit event types: ``NAME = "CODE", label, sentence``.

    The sentence may use ``{actor}`` and ``{target}``; without one, the label is the sentence.
    """

    label: Promise
    sentence: Promise | None

    def __new__(cls, code: str, label: Promise, sentence: Promise | None = None) -> EventType:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.sentence = sentence
        return member


class UnknownEventType(ValueError):
    """An event type that no app declared: it would have no words to be shown in."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"Audit event {code!r} is not declared in any app's events.py (an EventType "
            "member with a label and a sentence)."
        )
        self.code = code


_REGISTRY: dict[str, EventType] = {}
_ENUMS: list[type[EventType]] = []
_TARGET_NAMES: dict[str, Promise] = {}


def register(enum: type[EventType]) -> type[EventType]:
    """Class decorator: make an app's event types known to the audit trail and its pages."""
    for member in enum:
        other = _REGISTRY.get(member.value)
        if other is not None and other is not member:
            raise ValueError(f"Audit event {member.value} is declared twice.")
        _REGISTRY[member.value] = member
    if enum not in _ENUMS:
        _ENUMS.append(enum)
    return enum


def name_targets(names: Mapping[str, Promise]) -> None:
    """Words for records an event may name whose model has no translated name
    (``{"cases.casedocument": _("document")}``)."""
    _TARGET_NAMES.update(names)


def event_type(code: str) -> EventType | None:
    """The declared event type of a stored code, if any."""
    return _REGISTRY.get(code)


def require(code: str) -> EventType:
    """The declared event type of a code about to be recorded; refuses an undeclared one."""
    member = _REGISTRY.get(code)
    if member is None:
        raise UnknownEventType(code)
    return member


def enumerations() -> list[type[EventType]]:
    """Every app's event enumeration, in the order the apps registered them."""
    return list(_ENUMS)


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Event types in words for a filter, grouped under their app's name, each group and its
    labels in the reader's alphabetical order; the value is the code in lower case."""
    groups = []
    for enum in _ENUMS:
        config = apps.get_containing_app_config(enum.__module__)
        heading = str(config.verbose_name) if config is not None else _("Other events")
        options = sorted(((m.value.lower(), str(m.label)) for m in enum), key=lambda o: _key(o[1]))
        groups.append((heading, options))
    return sorted(groups, key=lambda g: _key(g[0]))


def _key(words: str) -> tuple[str, str]:
    """Alphabetical order a Vietnamese reader expects: "Chấm" before "Chuyển"."""
    bare = unicodedata.normalize("NFD", words.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in bare if not unicodedata.combining(c)).casefold(), words


def describe(code: str, *, actor: str, target: str) -> str:
    """The timeline's sentence for one event."""
    member = _REGISTRY.get(code)
    if member is None:
        return event_label(code)
    template = member.sentence if member.sentence is not None else member.label
    return str(template).format(actor=actor, target=target)


def event_label(code: str) -> str:
    member: Any = _REGISTRY.get(code)
    return str(member.label) if member is not None else _("Other event")


def target_label(target_type: str, target_id: str | int | None) -> str:
    """ "Case #12" for ``cases.case`` 12: the record's kind in words and its number."""
    if not target_type:
        return "—"
    named = _TARGET_NAMES.get(target_type)
    if named is not None:
        kind = str(named)
    else:
        try:
            kind = str(apps.get_model(target_type)._meta.verbose_name)
        except (LookupError, ValueError):
            kind = _("record")
    return f"{kind[:1].upper()}{kind[1:]} #{target_id}" if target_id else kind


def actor_name(event: Any) -> str:
    """Who did it: the account's name (its username if it has none), or the platform itself
    for what no one signed in did (a command, a public form)."""
    try:
        account = event.actor
    except ObjectDoesNotExist:  # the account row is gone; the trail keeps its username
        account = None
    if account is not None:
        return str(account)
    if event.actor_id is not None and event.actor_label:
        return str(event.actor_label)
    return _("The platform")


def sentence(event: Any) -> str:
    """One audit event as a sentence: "Lan Nguyễn opened Case #12"."""
    return describe(
        event.event_type,
        actor=actor_name(event),
        target=target_label(event.target_type, event.target_id),
    )


@register
class CoreEvent(EventType):
    """What the platform core records: agencies, accounts, signing in, tokens, notices."""

    AGENCY_CREATED = (
        "AGENCY_CREATED",
        gettext_lazy("Agency created"),
        gettext_lazy("{actor} created {target}"),
    )
    AGENCY_UPDATED = (
        "AGENCY_UPDATED",
        gettext_lazy("Agency changed"),
        gettext_lazy("{actor} changed {target}"),
    )
    USER_CREATED = (
        "USER_CREATED",
        gettext_lazy("Account created"),
        gettext_lazy("{actor} created {target}"),
    )
    USER_UPDATED = (
        "USER_UPDATED",
        gettext_lazy("Account changed"),
        gettext_lazy("{actor} changed {target}"),
    )
    LOGIN = "LOGIN", gettext_lazy("Signed in"), gettext_lazy("{actor} signed in")
    LOGIN_FAILED = (
        "LOGIN_FAILED",
        gettext_lazy("Sign-in failed"),
        gettext_lazy("Sign-in to {target} failed"),
    )
    SECOND_FACTOR_FAILED = (
        "SECOND_FACTOR_FAILED",
        gettext_lazy("Second factor failed"),
        gettext_lazy("A wrong second-factor code was given for {target}"),
    )
    PASSWORD_CHANGED = (
        "PASSWORD_CHANGED",
        gettext_lazy("Password changed"),
        gettext_lazy("{actor} changed their password"),
    )
    SECOND_FACTOR_ENABLED = (
        "SECOND_FACTOR_ENABLED",
        gettext_lazy("Second factor set up"),
        gettext_lazy("{actor} set up a second factor"),
    )
    SECOND_FACTOR_RESET = (
        "SECOND_FACTOR_RESET",
        gettext_lazy("Second factor reset"),
        gettext_lazy("{actor} reset the second factor of {target}"),
    )
    RECOVERY_CODE_USED = (
        "RECOVERY_CODE_USED",
        gettext_lazy("Recovery code used"),
        gettext_lazy("{actor} signed in with a recovery code"),
    )
    RECOVERY_CODES_REGENERATED = (
        "RECOVERY_CODES_REGENERATED",
        gettext_lazy("New recovery codes made"),
        gettext_lazy("{actor} made new recovery codes"),
    )
    SESSIONS_ENDED = (
        "SESSIONS_ENDED",
        gettext_lazy("Signed out on every device"),
        gettext_lazy("{actor} signed out on every device"),
    )
    TOKEN_CREATED = (
        "TOKEN_CREATED",
        gettext_lazy("API token issued"),
        gettext_lazy("{actor} issued {target}"),
    )
    TOKEN_REVOKED = (
        "TOKEN_REVOKED",
        gettext_lazy("API token revoked"),
        gettext_lazy("{actor} revoked {target}"),
    )
    GRANT_REQUESTED = (
        "GRANT_REQUESTED",
        gettext_lazy("Approval asked for a role or token"),
        gettext_lazy("{actor} sent {target}"),
    )
    GRANT_APPROVED = (
        "GRANT_APPROVED",
        gettext_lazy("Role or token approved"),
        gettext_lazy("{actor} approved {target}"),
    )
    GRANT_REFUSED = (
        "GRANT_REFUSED",
        gettext_lazy("Role or token refused"),
        gettext_lazy("{actor} refused {target}"),
    )
    JOBS_PRUNED = (
        "JOBS_PRUNED",
        gettext_lazy("Old background jobs deleted"),
        gettext_lazy("{actor} deleted the background jobs that ended long ago"),
    )
    DATA_KEY_ROTATED = (
        "DATA_KEY_ROTATED",
        gettext_lazy("Data key rotated"),
        gettext_lazy("{actor} rotated the data key"),
    )
    RECORD_VIEWED = (
        "RECORD_VIEWED",
        gettext_lazy("Record opened"),
        gettext_lazy("{actor} looked at {target}"),
    )
    NOTIFICATION_SENT = (
        "NOTIFICATION_SENT",
        gettext_lazy("Notice sent"),
        gettext_lazy("{actor} sent {target}"),
    )
    NOTIFICATION_READ = (
        "NOTIFICATION_READ",
        gettext_lazy("Notice read"),
        gettext_lazy("{actor} read {target}"),
    )
    NOTIFICATIONS_READ = (
        "NOTIFICATIONS_READ",
        gettext_lazy("Notices read"),
        gettext_lazy("{actor} read notices"),
    )
    NOTIFICATIONS_RESOLVED = (
        "NOTIFICATIONS_RESOLVED",
        gettext_lazy("Notices resolved"),
        gettext_lazy("Notices were closed when {actor} handled what they were about"),
    )


name_targets({"core.grantrequest": gettext_lazy("approval request")})
