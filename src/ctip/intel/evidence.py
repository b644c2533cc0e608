"""Evidence files at rest, the chain of custody, and the package a prosecutor verifies.

Each file is sealed in the platform's one encrypted storage (``ctip.core.files``) under
its own key, kept wrapped by the data key in ``EvidenceItem.wrapped_key`` (an encrypted
field); a file swapped for another item's fails to decrypt. The SHA-256 of the
plaintext is checked on every read: a file changed on disk is refused, never served.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterable
from datetime import UTC
from pathlib import Path

from django.conf import settings

from ctip.core import files
from ctip.intel.models import CustodyEvent, EvidenceItem


class EvidenceDamaged(Exception):
    """The stored file is missing, fails authentication, or no longer matches its hash."""


FOLDER = "intel/evidence"


def storage_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def seal(content: bytes, storage_name: str) -> str:
    """Encrypt and store ``content``; return the file key, base64, to be wrapped."""
    key = files.new_key()
    files.storage().save(
        f"{FOLDER}/{storage_name}", files.Sealed(content, key=key, owner="evidence")
    )
    return files.wrap(key)


def discard(storage_name: str) -> None:
    files.storage().delete(f"{FOLDER}/{storage_name}")


def unseal(item: EvidenceItem) -> bytes:
    try:
        content = files.storage().unseal(
            f"{FOLDER}/{item.storage_name}",
            key=item.wrapped_key,
            owner="evidence",
            legacy_aad=item.storage_name.encode(),
        )
    except files.SealedFileError as exc:
        raise EvidenceDamaged(f"{item.reference}: the stored file cannot be read.") from exc
    if hashlib.sha256(content).hexdigest() != item.sha256:
        raise EvidenceDamaged(f"{item.reference}: the stored file no longer matches its hash.")
    return content


def custody_intact(item: EvidenceItem) -> bool:
    """Whether the item's chain of custody is unbroken from its first event."""
    report = CustodyEvent.verify(item)
    return report.ok and report.checked > 0


_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_name(name: str) -> str:
    """A file name that cannot escape its folder in a zip or on the prosecutor's disk."""
    base = _UNSAFE.sub("_", os.path.basename(name.replace("\\", "/"))).strip("._")
    return base[:100] or "file"


README = """Evidence package {package}
==========================

Exported from CTIP on {exported_at} by {exported_by} ({agency}).

files/         the evidence files, decrypted, exactly as collected
SHA256SUMS     the SHA-256 of each file, recorded when it was collected
manifest.json  each item: reference, file, size, SHA-256, who collected it and when
custody.json   each item's chain of custody (collected, transferred, accessed, exported)

To verify the files without CTIP, in this folder run:

    sha256sum -c SHA256SUMS

Every line must end in "OK". On Windows: certutil -hashfile files\\<name> SHA256, and
compare with the line in SHA256SUMS.

Each custody event carries "hash" = SHA-256 of the previous event's hash, a newline,
and the canonical JSON (sorted keys, no spaces) of the event's seq, evidence_sha256,
action, actor, agency, to_agency, at and note; the first event follows 64 zeros. A
changed, inserted or removed event breaks the chain from that point.
"""


def package(
    items: Iterable[tuple[EvidenceItem, bytes, list[CustodyEvent]]],
    *,
    name: str,
    exported_at: str,
    exported_by: str,
    agency: str,
) -> bytes:
    """A zip a prosecutor can verify with sha256sum alone."""
    buffer = io.BytesIO()
    manifest: list[dict[str, object]] = []
    custody: dict[str, list[dict[str, object]]] = {}
    sums: list[str] = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (item, content, events) in enumerate(items, 1):
            path = f"files/{number:03d}-{safe_name(item.filename)}"
            archive.writestr(path, content)
            sums.append(f"{item.sha256}  {path}")
            manifest.append(
                {
                    "reference": item.reference,
                    "report": item.report.reference if item.report else "",
                    # Evidence of a network is kept with one of its shared indicators.
                    "network_indicator": item.indicator.ref if item.indicator else "",
                    "file": path,
                    "original_name": item.filename,
                    "media_type": item.media_type,
                    "size": item.size,
                    "sha256": item.sha256,
                    "description": item.description,
                    "collected_at": item.collected_at.isoformat(),
                    "collected_by": item.collected_by.username,
                    "collecting_agency": item.agency.code,
                }
            )
            custody[item.reference] = [
                {
                    "seq": e.seq,
                    "action": e.action,
                    "actor": e.actor_label,
                    "agency": e.agency.code,
                    "to_agency": e.to_agency.code if e.to_agency else "",
                    "at": e.at.astimezone(UTC).isoformat(timespec="microseconds"),
                    "note": e.note,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                }
                for e in events
            ]
        archive.writestr("SHA256SUMS", "\n".join(sums) + "\n")
        archive.writestr(
            "manifest.json",
            json.dumps(
                {"package": name, "exported_at": exported_at, "items": manifest},
                ensure_ascii=False,
                indent=2,
            ),
        )
        archive.writestr("custody.json", json.dumps(custody, ensure_ascii=False, indent=2))
        archive.writestr(
            "README.txt",
            README.format(
                package=name, exported_at=exported_at, exported_by=exported_by, agency=agency
            ),
        )
    return buffer.getvalue()
