"""What an evidence file really is, from its first bytes, against what its name says
(pure Python)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    media_type: str
    extensions: frozenset[str]
    label: str  # "photo", "voice", "video", "document"


JPEG = Kind("image/jpeg", frozenset({"jpg", "jpeg"}), "photo")
PNG = Kind("image/png", frozenset({"png"}), "photo")
WEBP = Kind("image/webp", frozenset({"webp"}), "photo")
HEIC = Kind("image/heic", frozenset({"heic", "heif"}), "photo")
PDF = Kind("application/pdf", frozenset({"pdf"}), "document")
MP3 = Kind("audio/mpeg", frozenset({"mp3"}), "voice")
M4A = Kind("audio/mp4", frozenset({"m4a", "aac"}), "voice")
OGG = Kind("audio/ogg", frozenset({"ogg", "oga", "opus"}), "voice")
WAV = Kind("audio/wav", frozenset({"wav"}), "voice")
AMR = Kind("audio/amr", frozenset({"amr"}), "voice")
MP4 = Kind("video/mp4", frozenset({"mp4", "mov"}), "video")


def sniff(head: bytes) -> Kind | None:
    """The kind the content shows, whatever its name claims."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return MP3
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"#!AMR"):
        return AMR
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in {b"heic", b"heix", b"mif1", b"heif"}:
            return HEIC
        if brand in {b"M4A ", b"M4B "}:
            return M4A
        return MP4
    return None


class WrongFile(ValueError):
    """The content is not a kind we keep, or not what its name says."""


def check(filename: str, head: bytes) -> Kind:
    found = sniff(head)
    if found is None:
        raise WrongFile("unknown")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension and extension not in found.extensions:
        raise WrongFile(found.label)
    return found
