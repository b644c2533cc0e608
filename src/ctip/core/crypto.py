"""Encryption of personal data at rest, and keyed blind indexes for exact lookups.

Ciphertext format (text, so it fits any column): ``v1.<key id>.<base64(nonce|ct|tag)>``.
AES-256-GCM authenticates every value; the associated data binds a ciphertext to its
column, so a value copied into another column (or row kind) fails to decrypt.

Blind indexes are HMAC-SHA256 under a key derived from the primary data key with HKDF
and a purpose label, so an index of phone numbers says nothing about an index of names,
and nobody without the key can test a guess against the database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from ctip.core.keyfile import adopt_legacy, create_data_key_file

PREFIX = "v1"


class MissingKey(ImproperlyConfigured):
    """A key is not where it is kept, and the database already holds data under it."""


def database_holds_data() -> bool:
    """Whether this instance has ever recorded anything (every write is audited)."""
    if "core_auditevent" not in connection.introspection.table_names():
        return False
    with connection.cursor() as cur:
        cur.execute("SELECT 1 FROM core_auditevent LIMIT 1")
        return cur.fetchone() is not None


def first_keyed_value(*, encrypted_only: bool = False) -> tuple[str, str] | None:
    """One stored ciphertext (or blind index) as (value, column context), if any."""
    from django.apps import apps

    from ctip.core.fields import BlindIndexField, _EncryptedMixin

    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.db_table not in tables:
            continue
        for field in model._meta.concrete_fields:
            kinds = _EncryptedMixin if encrypted_only else (_EncryptedMixin, BlindIndexField)
            if not isinstance(field, kinds):
                continue
            quote = connection.ops.quote_name
            column, table = quote(field.column), quote(model._meta.db_table)
            with connection.cursor() as cur:
                cur.execute(
                    f"SELECT {column} FROM {table} "  # noqa: S608 - names from the models
                    f"WHERE {column} IS NOT NULL AND {column} <> '' LIMIT 1"
                )
                row = cur.fetchone()
            if row is not None:
                context = field.crypto_context if isinstance(field, _EncryptedMixin) else ""
                return str(row[0]), context
    return None


def local_key_file(
    path: Path,
    create: Callable[[Path], None],
    what: str,
    *,
    holds_data: Callable[[], bool],
    upgrade: bool = False,
) -> str:
    """Read an embedded-mode key file; create it only on a truly fresh install, one
    where nothing is stored under such a key yet (or when ``upgrade`` introduces a new
    kind of key to existing data)."""
    legacy = settings.CTIP_LEGACY_KEY_DIR
    adopt_legacy(path, legacy / path.name if legacy is not None else None)
    if not path.exists():
        if not upgrade and holds_data():
            raise MissingKey(
                f"The {what} file {path} is missing, but the database already holds data. "
                "Put back the key file from where you keep it (or set the key in the "
                "environment). CTIP never makes a new key for existing data: records "
                "would be split between two keys."
            )
        create(path)
    return path.read_text()


class DecryptionError(Exception):
    """A stored value could not be authenticated: wrong key, wrong column, or tampering."""


@dataclass(frozen=True)
class KeyRing:
    """The data keys in force: the first encrypts; all of them decrypt."""

    keys: tuple[tuple[str, bytes], ...]

    @property
    def primary(self) -> tuple[str, bytes]:
        return self.keys[0]

    def get(self, kid: str) -> bytes:
        for k, key in self.keys:
            if k == kid:
                return key
        raise DecryptionError(f"Unknown data key id {kid!r}.")


def parse_keyring(spec: str) -> KeyRing:
    keys: list[tuple[str, bytes]] = []
    for raw_entry in spec.replace("\n", ",").split(","):
        entry = raw_entry.strip()
        if not entry:
            continue
        kid, sep, b64 = entry.partition(":")
        if not sep or not kid.isalnum():
            raise ImproperlyConfigured("Data keys are written 'id:base64key', comma-separated.")
        try:
            key = base64.b64decode(b64, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured(f"Data key {kid!r} is not valid base64.") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"Data key {kid!r} must be 32 bytes (AES-256).")
        keys.append((kid, key))
    if not keys:
        raise ImproperlyConfigured("No data key is configured.")
    if len({k for k, _ in keys}) != len(keys):
        raise ImproperlyConfigured("Two data keys share an id.")
    return KeyRing(tuple(keys))


@lru_cache(maxsize=1)
def keyring() -> KeyRing:
    if settings.CTIP_DATA_KEY:
        return parse_keyring(settings.CTIP_DATA_KEY)
    path = settings.CTIP_DATA_KEY_FILE
    if path is None:
        raise ImproperlyConfigured("CTIP_DATA_KEY is required in production.")
    text = local_key_file(
        path,
        create_data_key_file,
        "data key",
        holds_data=lambda: first_keyed_value() is not None,
    )
    return parse_keyring(text)


def reset_keyring_cache() -> None:
    keyring.cache_clear()
    _cipher.cache_clear()
    _index_key.cache_clear()


@lru_cache(maxsize=16)
def _cipher(key: bytes) -> AESGCM:
    """The cipher of one data key, built once: building it (the AES key schedule) costs
    as much as decrypting a short value, and a list matched against the persons on file
    decrypts hundreds of thousands of values. It keeps no state between calls; keyed by
    the key itself, it cannot outlive a key ring that changed."""
    return AESGCM(key)


def encrypt(plaintext: str, context: str) -> str:
    kid, key = keyring().primary
    nonce = os.urandom(12)
    ct = _cipher(key).encrypt(nonce, plaintext.encode("utf-8"), context.encode())
    return f"{PREFIX}.{kid}.{base64.b64encode(nonce + ct).decode()}"


def key_id_of(token: str) -> str:
    return token.split(".", 2)[1]


def decrypt(token: str, context: str) -> str:
    kid, blob = _opened(token)
    return _plain(_cipher(keyring().get(kid)), blob, context.encode(), context)


def decrypt_many(tokens: Iterable[str | None], context: str) -> list[str | None]:
    """:func:`decrypt` of each of ``tokens`` (``None`` and ``""`` stay as they are), the
    cipher of each key looked up once: a list matched against the persons on file decrypts
    a few hundred thousand values, and the lookups cost as much as the decryption."""
    aad = context.encode()
    ciphers: dict[str, AESGCM] = {}
    plain: list[str | None] = []
    for token in tokens:
        if not token:
            plain.append(token)
            continue
        kid, blob = _opened(token)
        cipher = ciphers.get(kid)
        if cipher is None:
            cipher = ciphers[kid] = _cipher(keyring().get(kid))
        plain.append(_plain(cipher, blob, aad, context))
    return plain


def _opened(token: str) -> tuple[str, bytes]:
    """The key id and the bytes (nonce, ciphertext, tag) of ``token``."""
    try:
        prefix, kid, b64 = token.split(".", 2)
        if prefix != PREFIX:
            raise ValueError(prefix)
        # What base64.b64decode(validate=True) does, without its layers of calls.
        return kid, binascii.a2b_base64(b64, strict_mode=True)
    except (ValueError, binascii.Error) as exc:
        raise DecryptionError("Stored value is not a CTIP ciphertext.") from exc


def _plain(cipher: AESGCM, blob: bytes, aad: bytes, context: str) -> str:
    try:
        return cipher.decrypt(blob[:12], blob[12:], aad).decode("utf-8")
    except InvalidTag as exc:
        raise DecryptionError(f"Value for {context} failed authentication.") from exc


@lru_cache(maxsize=64)
def _index_key(purpose: str, kid: str) -> bytes:
    key = keyring().get(kid)
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"ctip blind index:" + purpose.encode(),
    ).derive(key)


def blind_index(purpose: str, normalised: str) -> str:
    """Keyed, deterministic token for an exact-match lookup of a normalised value."""
    key = _index_key(purpose, keyring().primary[0])
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()[:40]
