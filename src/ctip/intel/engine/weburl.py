"""Splitting what people type as a web address into host, path and query."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ctip.core.engine.labels import Label

from .base import InvalidIndicator, clean

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.IGNORECASE)
# Threat feeds and warnings "defang" addresses so they cannot be clicked.
_DEFANG = (
    ("hxxps://", "https://"),
    ("hxxp://", "http://"),
    ("[.]", "."),
    ("(.)", "."),
    ("[:]", ":"),
)
# IDNA treats these as label separators; browsers do too, so a scam link may use them.
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


@dataclass(frozen=True, slots=True)
class WebAddress:
    host: str  # lower-case ASCII (IDNA A-labels), no trailing dot, no port
    path: str  # as typed, without trailing slashes
    query: str
    is_ip: bool = False


def _ascii_host(host: str) -> tuple[str, bool]:
    """Return the host in ASCII and whether it is an IP address."""
    host = host.translate(_DOTS).rstrip(".").lower()
    if not host:
        raise InvalidIndicator(Label("The address has no domain name."))
    try:
        return str(ipaddress.ip_address(host.strip("[]"))), True
    except ValueError:
        pass
    labels = []
    for label in host.split("."):
        if not label.isascii():
            try:
                label = label.encode("idna").decode("ascii")
            except UnicodeError as exc:
                raise InvalidIndicator(
                    Label("“{value}” is not a valid part of a domain name.", value=label)
                ) from exc
        if not _LABEL.fullmatch(label):
            raise InvalidIndicator(Label("“{value}” is not a valid domain name.", value=host))
        labels.append(label)
    if len(labels) < 2:
        raise InvalidIndicator(
            Label("“{value}” is not a full domain name (e.g. example.vn).", value=host)
        )
    ascii_host = ".".join(labels)
    if len(ascii_host) > 253:
        raise InvalidIndicator(Label("The domain name is too long."))
    return ascii_host, False


def split_url(value: str) -> WebAddress:
    """Parse a URL with or without scheme; raise `InvalidIndicator` if it has no valid host."""
    text = clean(value)
    for fanged, plain in _DEFANG:
        text = text.replace(fanged, plain)
    if not text:
        raise InvalidIndicator(Label("Enter a web address."))
    if any(c.isspace() for c in text):
        raise InvalidIndicator(Label("A web address has no spaces: “{value}”.", value=text))
    if not _SCHEME.match(text):
        text = "http://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError as exc:
        raise InvalidIndicator(Label("Not a web address: “{value}”.", value=value)) from exc
    ascii_host, is_ip = _ascii_host(host)
    return WebAddress(ascii_host, parts.path.rstrip("/"), parts.query, is_ip)


def unicode_host(host: str) -> str:
    """The host as people read it: A-labels decoded back to Unicode where possible."""
    try:
        return ".".join(
            label.encode("ascii").decode("idna") if label.startswith("xn--") else label
            for label in host.split(".")
        )
    except UnicodeError:
        return host
