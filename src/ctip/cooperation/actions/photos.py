"""Photos of persons to verify: sent by the side that asks, sealed in the one encrypted
storage (``ctip.core.files``) under a key of their own, bound to the person."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.cooperation.actions import common
from ctip.cooperation.actions.verification import answering_agency_id
from ctip.cooperation.events import CooperationEvent
from ctip.cooperation.models import (
    PersonPhoto,
    RequestStatus,
    VerificationPerson,
    VerificationRequest,
)
from ctip.core import audit, files
from ctip.core.models import User

MAX_BYTES = 5 * 1024 * 1024
FOLDER = "cooperation"
TYPES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def _type(content: bytes) -> str:
    for magic, content_type in TYPES:
        if content.startswith(magic):
            return content_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    raise ValidationError({"file": _("A photo must be a JPEG, PNG or WebP image.")})


def asking_agencies(request: VerificationRequest) -> set[int]:
    """The agency that recorded the list, and the side that asked (not the one answering)."""
    return {request.created_agency_id} | (
        {request.counterpart_id, request.verifying_agency_id} - {answering_agency_id(request)}
    )


def photo_add(*, actor: User, person: VerificationPerson, content: bytes) -> PersonPhoto:
    """The asking side (the counterpart for a list from abroad, the Vietnamese agency that
    recorded or sent it) adds one photo per person while the request is open."""
    common.require(actor, "cooperation.verify")
    request = person.request
    if actor.agency_id not in asking_agencies(request):
        raise PermissionDenied("cooperation.verify")
    if request.status != RequestStatus.OPEN:
        raise ValidationError({"file": _("This request has been answered already.")})
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 5 MB.")})
    content_type = _type(content)
    if PersonPhoto.objects.filter(person=person).exists():
        raise ValidationError({"file": _("A photo of this person was sent already.")})
    token = secrets.token_hex(16)
    name = f"{FOLDER}/{token}.bin"
    key = files.new_key()
    owner = f"cooperation.verificationperson:{person.pk}"
    storage = files.storage()
    storage.save(name, files.Sealed(content, key=key, owner=owner))
    try:
        with transaction.atomic():
            photo = PersonPhoto.objects.create(
                person=person,
                storage_name=token,
                file_key=files.wrap(key),
                content_type=content_type,
                size=len(content),
                uploaded_by=actor,
            )
            audit.record(
                CooperationEvent.PHOTO_ADDED,
                actor=actor,
                target=request,
                fields=["photo"],
                data={"row": person.row, "size": len(content)},
            )
    except BaseException:
        storage.delete(name)
        raise
    return photo


def photo_content(photo: PersonPhoto) -> bytes:
    return files.storage().unseal(
        f"{FOLDER}/{photo.storage_name}.bin", key=photo.file_key, owner=photo.owner
    )
