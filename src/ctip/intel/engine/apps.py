"""Mobile apps: the package name of a fake app and the hash of its installer file (APK).

Scams that take over phones send an APK outside the stores (a fake tax, police or bank
app). Its package name ("com.gdtvn.etax") links reports even when the file is rebuilt;
its hash says two victims installed the very same file.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from ctip.core.engine.labels import Label

from .base import Indicator, InvalidIndicator, clean

# Android's rule: two or more dot-separated segments, each a letter then letters, digits
# or underscores.
_PACKAGE = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+")
_STORE_HOSTS = ("play.google.com", "market.android.com")
_HASH_LENGTHS = {32: "md5", 40: "sha1", 64: "sha256"}
_HASH_PREFIX = re.compile(r"^(?:md5|sha-?1|sha-?256)\s*[:=]\s*", re.IGNORECASE)
_HEX = re.compile(r"[0-9a-f]+")


def normalise_app(value: str) -> Indicator:
    """Key an Android app by its package name, from the name or a store link."""
    text = clean(value)
    package = text
    if "://" in text or text.lower().startswith(("play.google.com", "market://")):
        parts = urlsplit(text if "://" in text else "https://" + text)
        ids = parse_qs(parts.query).get("id")
        if not ids:
            raise InvalidIndicator(
                Label("The link “{value}” does not name an app (no id=...).", value=text)
            )
        package = ids[0]
    package = package.strip().lower()
    if not package:
        raise InvalidIndicator(Label("Enter an app's package name, such as com.example.app."))
    if len(package) > 255 or not _PACKAGE.fullmatch(package):
        raise InvalidIndicator(
            Label(
                "“{value}” is not an app package name: it looks like com.example.app "
                "(letters, digits and underscores, in parts separated by dots).",
                value=text,
            )
        )
    return Indicator(kind="app", key=package, display=package)


def normalise_apk_hash(value: str) -> Indicator:
    """Key an installer file by its hash: ``sha256:<hex>`` (or md5, sha1), lower case."""
    text = clean(value)
    digest = _HASH_PREFIX.sub("", text).replace(" ", "").replace(":", "").lower()
    if not digest:
        raise InvalidIndicator(Label("Enter the file's SHA-256 (or MD5, SHA-1) hash."))
    algorithm = _HASH_LENGTHS.get(len(digest))
    if algorithm is None or not _HEX.fullmatch(digest):
        raise InvalidIndicator(
            Label(
                "“{value}” is not a file hash: a SHA-256 hash has 64 hexadecimal characters "
                "(0-9, a-f), an MD5 32, a SHA-1 40.",
                value=text,
            )
        )
    return Indicator(kind="apk_hash", key=f"{algorithm}:{digest}", display=f"{algorithm} {digest}")
