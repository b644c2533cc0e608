"""Evidence files of a tracing request: sealed under their own key with their SHA-256,
and every hand of them (received, viewed, exported, handed over) a link of their chain
of custody (``ctip.hotline.custody``)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.core import audit, files
from ctip.core.models import Agency, User
from ctip.hotline import custody
from ctip.hotline.actions.common import raise_if, require_visible
from ctip.hotline.engine import files as file_kinds
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import CustodyStep, EvidenceCustody, TracingEvidence, TracingRequest

FOLDER = "hotline/evidence"
MAX_NOTE = 2000


@dataclass(frozen=True)
class EvidenceInput:
    filename: str
    content: bytes
    description: str = ""


def _wrong_file(error: file_kinds.WrongFile) -> str:
    if str(error) == "unknown":
        return _(
            "Only photos (JPEG, PNG, WebP, HEIC), voice recordings (MP3, M4A, OGG, WAV, AMR), "
            "videos (MP4) and PDF files can be kept."
        )
    return _("The file's name does not say what it is: its content is a %(kind)s.") % {
        "kind": {
            "photo": _("photo"),
            "voice": _("voice recording"),
            "video": _("video"),
            "document": _("PDF document"),
        }.get(str(error), _("other file"))
    }


def evidence_add(*, actor: User, request: TracingRequest, data: EvidenceInput) -> TracingEvidence:
    """Seal a photo, voice or chat capture under its own key, with its SHA-256."""
    require_visible(actor, request, "hotline.trace")
    if not data.content:
        raise ValidationError({"file": [_("The file is empty.")]})
    if len(data.content) > settings.CTIP_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": [_("The file is too large.")]})
    try:
        kind = file_kinds.check(data.filename, data.content[:16])
    except file_kinds.WrongFile as exc:
        raise ValidationError({"file": [_wrong_file(exc)]}) from exc
    storage_name = secrets.token_hex(16)
    key = files.new_key()
    files.storage().save(
        f"{FOLDER}/{storage_name}", files.Sealed(data.content, key=key, owner="hotline-evidence")
    )
    try:
        with transaction.atomic():
            item = TracingEvidence.objects.create(
                request=request,
                added_by=actor,
                filename=(data.filename or "file").strip()[:255],
                description=data.description.strip()[:2000],
                media_type=kind.media_type,
                size=len(data.content),
                sha256=hashlib.sha256(data.content).hexdigest(),
                storage_name=storage_name,
                wrapped_key=files.wrap(key),
            )
            custody.append(item, CustodyStep.RECEIVED, actor)
            audit.record(
                HotlineEvent.EVIDENCE_ADDED,
                actor=actor,
                target=request,
                fields=["filename", *(["description"] if item.description else [])],
                data={"evidence": item.pk, "sha256": item.sha256, "size": item.size},
            )
    except BaseException:
        files.storage().delete(f"{FOLDER}/{storage_name}")
        raise
    return item


def _unseal(item: TracingEvidence) -> bytes:
    content = files.storage().unseal(
        f"{FOLDER}/{item.storage_name}", key=item.wrapped_key, owner="hotline-evidence"
    )
    if hashlib.sha256(content).hexdigest() != item.sha256:
        raise files.SealedFileError("hash")
    return content


def evidence_read(*, actor: User, item: TracingEvidence) -> bytes:
    """The file, checked against its hash (a changed file is refused); a custody link."""
    with transaction.atomic():
        require_visible(actor, item, "hotline.trace")
        content = _unseal(item)
        custody.append(item, CustodyStep.VIEWED, actor)
    return content


def evidence_export(*, actor: User, item: TracingEvidence) -> bytes:
    """The file, to leave the platform (a download); a custody link."""
    with transaction.atomic():
        require_visible(actor, item, "hotline.trace")
        content = _unseal(item)
        custody.append(item, CustodyStep.EXPORTED, actor)
        audit.record(
            HotlineEvent.EVIDENCE_EXPORTED,
            actor=actor,
            target=item.request,
            data={"evidence": item.pk, "sha256": item.sha256},
        )
    return content


@dataclass(frozen=True)
class HandOverInput:
    to_agency_id: int
    note: str = ""  # who received it, how (a sealed envelope, a disc)


def evidence_hand_over(
    *, actor: User, item: TracingEvidence, data: HandOverInput
) -> EvidenceCustody:
    """Record that the police handed the file (a copy, a disc) to another agency."""
    with transaction.atomic():
        require_visible(actor, item, "hotline.handle_requests")
        errors: dict[str, list[str]] = {}
        to_agency = Agency.objects.filter(pk=data.to_agency_id, is_active=True).first()
        if to_agency is None or to_agency.pk == actor.agency_id:
            errors["to_agency_id"] = [_("Choose another active agency.")]
        if len(data.note) > MAX_NOTE:
            errors["note"] = [_("Keep it under %(n)d characters.") % {"n": MAX_NOTE}]
        raise_if(errors)
        event = custody.append(
            item, CustodyStep.HANDED_OVER, actor, to_agency=to_agency, note=data.note.strip()
        )
        audit.record(
            HotlineEvent.EVIDENCE_HANDED_OVER,
            actor=actor,
            target=item.request,
            data={"evidence": item.pk, "to": to_agency.pk if to_agency else None},
        )
    return event
