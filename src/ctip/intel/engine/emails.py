"""E-mail addresses: the contact scammers leave in job posts, invoices and fake notices."""

from __future__ import annotations

import re

from ctip.core.engine.labels import Label

from .base import Indicator, InvalidIndicator, clean
from .weburl import unicode_host

# The local part as mail providers accept it (no quoted forms: nobody types those).
_LOCAL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
# Providers that ignore dots and a "+tag" in the local part: "j.doe+vn@gmail.com" is the
# mailbox of "jdoe@gmail.com", and scammers vary the spelling to look like new accounts.
_DOTLESS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
_DEFANGED = (
    (r"[at]", "@"),
    ("(at)", "@"),
    ("[@]", "@"),
    ("[.]", "."),
    ("(.)", "."),
    ("(dot)", "."),
)


def normalise_email(value: str) -> Indicator:
    """Key an e-mail address in lower case, with Gmail's dots and tags folded away."""
    text = clean(value)
    address = text.lower().removeprefix("mailto:").strip("<> ")
    for written, meant in _DEFANGED:
        address = address.replace(written, meant)
    address = address.replace(" ", "")
    if not address:
        raise InvalidIndicator(Label("Enter an e-mail address."))
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        raise InvalidIndicator(
            Label("An e-mail address has a name, an @ and a domain: “{value}”.", value=text)
        )
    try:
        domain = domain.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidIndicator(
            Label("“{value}” does not end in a valid domain.", value=text)
        ) from exc
    labels = domain.split(".")
    if (
        len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
        or len(domain) > 253
    ):
        raise InvalidIndicator(Label("“{value}” does not end in a valid domain.", value=text))
    if not _LOCAL.fullmatch(local) or len(local) > 64:
        raise InvalidIndicator(Label("“{value}” is not a valid e-mail address.", value=text))
    if domain in _DOTLESS:
        domain = _DOTLESS[domain]
        local = local.split("+", 1)[0].replace(".", "")
        if not local:
            raise InvalidIndicator(Label("“{value}” is not a valid e-mail address.", value=text))
    key = f"{local}@{domain}"
    return Indicator(kind="email", key=key, display=f"{local}@{unicode_host(domain)}")
