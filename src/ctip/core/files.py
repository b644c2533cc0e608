"""Encrypted files at rest: one storage for every app (case documents, intel evidence).

``SealedStorage`` is a Django ``Storage`` (a ``FileSystemStorage`` under ``MEDIA_ROOT``)
whose files are sealed with AES-256-GCM under a key of their own. The caller keeps that
key wrapped by the data key in an encrypted field, so ``ctip rotate-key`` re-wraps file
keys without touching the files, and a copy of the folder alone reveals nothing. The
associated data binds each file to its name and to its owner (e.g. the case), so a file
moved to another name or record fails to decrypt.

Format: ``CTIPF2 | nonce (12) | ciphertext | tag``. Files written by older versions are
still read: the case documents' ``CTIPF1 | nonce | ct`` and the evidence's bare
``nonce | ct``, each with the associated data it was written with.

Writes are atomic: the sealed bytes go to a ``.part`` file that is synced, then renamed,
so a reader never sees half a file. A server that dies between writing a file and
committing its record leaves an orphan: ``ctip files sweep`` removes files that no record
names (and stale ``.part`` files) once they are older than an upload can take.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.db import models

MAGIC = b"CTIPF2"
LEGACY_CASE_MAGIC = b"CTIPF1"
NONCE = 12
# A file younger than this may belong to an upload whose record is not committed yet.
SWEEP_MIN_AGE_SECONDS = 3600


class SealedFileError(Exception):
    """A stored file is missing or failed authentication."""


class Sealed(ContentFile):
    """Content to store, with the key it is sealed under and the owner it is bound to."""

    def __init__(self, content: bytes, *, key: bytes, owner: str) -> None:
        super().__init__(content)
        self.key = key
        self.owner = owner


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap(key: bytes) -> str:
    """The file key as text, for an encrypted field (which wraps it with the data key)."""
    return base64.b64encode(key).decode()


def _aad(name: str, owner: str) -> bytes:
    return MAGIC + b"\n" + name.encode() + b"\n" + owner.encode()


class SealedStorage(FileSystemStorage):
    """Sealed files under ``MEDIA_ROOT``; save with ``Sealed`` content, read with ``unseal``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        # Names are random tokens chosen by the caller: never silently pick another.
        if self.exists(name):
            raise FileExistsError(name)
        return name

    def _save(self, name: str, content: File) -> str:
        if not isinstance(content, Sealed):
            raise TypeError("SealedStorage stores Sealed content only.")
        nonce = os.urandom(NONCE)
        plain = content.read()
        sealed = (
            MAGIC + nonce + AESGCM(content.key).encrypt(nonce, plain, _aad(name, content.owner))
        )
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = path.with_name(path.name + ".part")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
        return name

    def unseal(self, name: str, *, key: str, owner: str, legacy_aad: bytes = b"") -> bytes:
        """The plaintext of ``name``; ``legacy_aad`` opens files of older versions."""
        try:
            with self.open(name, "rb") as handle:
                sealed = handle.read()
            raw_key = base64.b64decode(key)
        except (OSError, ValueError) as exc:
            raise SealedFileError(f"Stored file {name} is missing.") from exc
        if sealed.startswith(MAGIC):
            body, aad = sealed[len(MAGIC) :], _aad(name, owner)
        elif sealed.startswith(LEGACY_CASE_MAGIC):
            body, aad = sealed[len(LEGACY_CASE_MAGIC) :], legacy_aad
        else:
            body, aad = sealed, legacy_aad
        try:
            return AESGCM(raw_key).decrypt(body[:NONCE], body[NONCE:], aad)
        except (InvalidTag, ValueError) as exc:
            raise SealedFileError(f"Stored file {name} failed authentication.") from exc


def storage() -> SealedStorage:
    return SealedStorage(location=settings.MEDIA_ROOT)


class SealedFileName(models.CharField):
    """The name of a record's sealed file: ``<folder>/<value><suffix>`` in the storage.

    Declaring a file this way lets backups, restores and the orphan sweep find every
    file a record names, in any app.
    """

    def __init__(self, *args: Any, folder: str = "", suffix: str = "", **kwargs: Any) -> None:
        self.folder = folder
        self.suffix = suffix
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["folder"] = self.folder
        if self.suffix:
            kwargs["suffix"] = self.suffix
        return name, path, args, kwargs

    def storage_name(self, value: str) -> str:
        return f"{self.folder}/{value}{self.suffix}"


def sealed_file_fields() -> Iterator[tuple[type[models.Model], SealedFileName]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, SealedFileName):
                yield model, field


def named_files() -> set[str]:
    """Every storage name that a record names."""
    names: set[str] = set()
    for model, field in sealed_file_fields():
        values = model._base_manager.values_list(field.attname, flat=True)
        names.update(field.storage_name(v) for v in values.iterator() if v)
    return names


def stored_files(root: Path | None = None) -> Iterator[Path]:
    """Every file under the storage's folders (sealed files and leftover ``.part`` files)."""
    base = Path(root or settings.MEDIA_ROOT)
    folders = {field.folder for _model, field in sealed_file_fields()}
    for folder in sorted(folders):
        if (base / folder).is_dir():
            yield from (p for p in sorted((base / folder).rglob("*")) if p.is_file())


@dataclass(frozen=True)
class Sweep:
    removed: list[str]
    kept_young: int


def sweep(*, dry_run: bool = False, min_age: int = SWEEP_MIN_AGE_SECONDS) -> Sweep:
    """Remove files no record names (left by a server that died mid-upload)."""
    base = Path(settings.MEDIA_ROOT)
    cutoff = time.time() - min_age
    named = named_files()
    removed: list[str] = []
    young = 0
    for path in stored_files(base):
        name = path.relative_to(base).as_posix()
        if name in named:
            continue
        if path.stat().st_mtime > cutoff:
            young += 1
            continue
        if not dry_run:
            path.unlink(missing_ok=True)
        removed.append(name)
    return Sweep(removed, young)
