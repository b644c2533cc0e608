"""Encrypted files attached to a case: scanned documents and photos.

Each file is sealed in the platform's one encrypted storage (``ctip.core.files``) under
its own key, as ``MEDIA_ROOT/cases/<token>.bin`` bound to its case; the file key is
kept in the database in an ``EncryptedTextField``, i.e. wrapped by the data key.

Uploads are read into memory (``MemoryOnlyUploadHandler``): Django would otherwise spool
a large upload in clear to the temporary folder.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from ctip.core import files

MAX_BYTES = 10 * 1024 * 1024
FOLDER = "cases"


class DocumentError(Exception):
    """A stored file is missing or failed authentication."""


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    image: bool


PDF = FileType("application/pdf", "pdf", image=False)
JPEG = FileType("image/jpeg", "jpg", image=True)
PNG = FileType("image/png", "png", image=True)
WEBP = FileType("image/webp", "webp", image=True)
HEIC = FileType("image/heic", "heic", image=True)
TYPES = {t.content_type: t for t in (PDF, JPEG, PNG, WEBP, HEIC)}


def sniff(head: bytes) -> FileType | None:
    """The type the content itself shows, whatever the name or the browser claims."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    # Phones save photos as HEIF: an ISO media box whose brand names the codec.
    if head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"heif"}:
        return HEIC
    return None


def check(content: bytes, *, photo: bool) -> FileType:
    """The file's type, or a ValueError with a message for the form."""
    if not content:
        raise ValueError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ValueError(_("The file is larger than %(max)s MB.") % {"max": MAX_BYTES // 2**20})
    found = sniff(content[:16])
    if found is None:
        raise ValueError(_("Only PDF files and photos (JPEG, PNG, WebP, HEIC) can be attached."))
    if photo and not found.image:
        raise ValueError(_("A photo must be an image (JPEG, PNG, WebP or HEIC)."))
    return found


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def _name(token: str) -> str:
    return f"{FOLDER}/{token}.bin"


def _owner(case_id: int) -> str:
    return f"case:{case_id}"


def new_token() -> str:
    return secrets.token_hex(16)


def write(content: bytes, *, token: str, case_id: int) -> str:
    """Seal ``content`` under a new key into the file named ``token``; return the key."""
    key = files.new_key()
    files.storage().save(_name(token), files.Sealed(content, key=key, owner=_owner(case_id)))
    return files.wrap(key)


def read(*, token: str, case_id: int, key: str) -> bytes:
    try:
        return files.storage().unseal(
            _name(token),
            key=key,
            owner=_owner(case_id),
            legacy_aad=f"ctip case document:{token}:{case_id}".encode(),
        )
    except files.SealedFileError as exc:
        raise DocumentError(str(exc)) from exc


def remove(token: str) -> None:
    files.storage().delete(_name(token))


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keep uploads in memory up to ``MAX_BYTES``; never write them to a temporary file.

    A larger file is dropped (``request.upload_too_large`` is set) so that the form can
    say so, instead of its clear content landing on disk.
    """

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.chunks: list[bytes] = []
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > MAX_BYTES:
            self.request.upload_too_large = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=False)
        self.chunks.append(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        content = BytesIO(b"".join(self.chunks))
        self.chunks = []
        return InMemoryUploadedFile(
            file=content,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def attachment(document: Any, content: bytes) -> HttpResponse:
    """The decrypted file as a download, never shown inline, named after the case
    reference (never the uploaded name) and kept out of every cache."""
    extension = TYPES[document.content_type].extension
    name = get_valid_filename(
        f"{document.case.reference}-{document.kind}-{document.pk}.{extension}"
    )
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
