"""One entry point that normalises any kind of indicator."""

from __future__ import annotations

from ctip.core.engine.labels import Label

from .apps import normalise_apk_hash, normalise_app
from .banks import normalise_bank_account, normalise_ewallet
from .base import Indicator, InvalidIndicator
from .crypto import normalise_crypto
from .emails import normalise_email
from .ips import normalise_ip
from .names import normalise_name
from .phones import normalise_phone
from .social import normalise_social
from .urls import normalise_url

KINDS = (
    "phone",
    "bank_account",
    "ewallet",
    "social",
    "url",
    "crypto",
    "name",
    "email",
    "ip",
    "app",
    "apk_hash",
)
# Names are left out on purpose: many people share a name, and scammers borrow real ones.
LINKING_KINDS = frozenset(KINDS) - {"name"}


def normalise(
    kind: str, value: str, *, bank: str | None = None, platform: str | None = None
) -> Indicator:
    """Normalise ``value`` as an indicator of ``kind``.

    ``bank`` names the bank (``bank_account``) or e-wallet provider (``ewallet``);
    ``platform`` the social platform (``social``) or the crypto network (``crypto``).
    A ``url`` that is a profile link comes back as the ``social`` indicator it names, and
    one that is a bare IP address as the ``ip`` indicator.
    Raises `InvalidIndicator` with a message fit to show whoever typed the value.
    """
    if not isinstance(value, str):
        raise InvalidIndicator(Label("Expected text."))
    if kind == "phone":
        return normalise_phone(value)
    if kind == "bank_account":
        return normalise_bank_account(value, bank)
    if kind == "ewallet":
        return normalise_ewallet(value, bank)
    if kind == "social":
        return normalise_social(value, platform)
    if kind == "url":
        return normalise_url(value)
    if kind == "crypto":
        return normalise_crypto(value, platform)
    if kind == "name":
        return normalise_name(value)
    if kind == "email":
        return normalise_email(value)
    if kind == "ip":
        return normalise_ip(value)
    if kind == "app":
        return normalise_app(value)
    if kind == "apk_hash":
        return normalise_apk_hash(value)
    raise InvalidIndicator(
        Label(
            "Unknown indicator kind “{value}”; expected one of {kinds}.",
            value=kind,
            kinds=", ".join(KINDS),
        )
    )
