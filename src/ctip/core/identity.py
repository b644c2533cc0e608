"""Identity documents at intake (the registry's workers, the cases' intake), for pages and
the API: what was read, in the reader's words, and the verifier that checks it
(``ctip.core.engine.identity``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ctip.core.engine.identity import (
    CardDataVerifier,
    DocumentError,
    IdentityDocument,
    IdentityVerifier,
    read_document,
)

# A page that reads a card's QR code with the camera (``core/static/core/card_scan.js``)
# allows the camera, to itself only; every other page refuses it.
CAMERA_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"

# The verifier in use; a national identity service, once agreed, is registered here.
_VERIFIERS: list[IdentityVerifier] = [CardDataVerifier()]


def register_verifier(verifier: IdentityVerifier) -> None:
    _VERIFIERS[:] = [verifier]


FIELD_NAMES = {
    "document_number": gettext_lazy("document number"),
    "birth_date": gettext_lazy("date of birth"),
    "expiry_date": gettext_lazy("expiry date"),
    "personal_number": gettext_lazy("personal number"),
    "composite": gettext_lazy("whole zone"),
}
REASONS = {
    "number_format": gettext_lazy("The citizen number is not 12 digits."),
    "province_code": gettext_lazy("The citizen number starts with no province's code."),
    "sex": gettext_lazy("The citizen number says another sex than the card."),
    "birth_year": gettext_lazy("The citizen number says another year of birth than the card."),
    "expired": gettext_lazy("The document has expired."),
}


def error_message(error: DocumentError) -> str:
    if error.code == "not_a_card":
        return _(
            "This QR code is not a citizen identity card's: scan the code on the front of "
            "the chip-based card."
        )
    if error.code == "check_digit":
        return _(
            "The machine-readable zone does not check out: the check digit of the "
            "%(field)s is wrong. Read the lines again, character by character (0 and O, "
            "1 and I, 8 and B)."
        ) % {"field": FIELD_NAMES.get(error.field, error.field)}
    if error.code == "bad_date":
        return _("A date on the document cannot be read.")
    return _(
        "This is neither a citizen card's QR code nor a passport's machine-readable zone "
        "(the two lines of letters, digits and < at the bottom of the photo page)."
    )


@dataclass(frozen=True)
class ReadDocument:
    kind: str
    number: str
    full_name: str
    birth_date: dt.date | None
    sex: str
    nationality: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    address: str
    old_number: str
    verification: str
    problems: tuple[str, ...]


def read(text: str) -> ReadDocument:
    """What a QR code or an MRZ says; ``ValueError`` with a readable message otherwise."""
    try:
        document: IdentityDocument = read_document(text)
    except DocumentError as error:
        raise ValueError(error_message(error)) from None
    checked = _VERIFIERS[0].verify(document)
    return ReadDocument(
        kind=document.kind,
        number=document.number,
        full_name=document.full_name,
        birth_date=document.birth_date,
        sex=document.sex,
        nationality=document.nationality,
        issued_on=document.issued_on,
        expires_on=document.expires_on,
        address=document.address,
        old_number=document.old_number,
        verification=checked.status,
        problems=tuple(str(REASONS.get(r, r)) for r in checked.reasons),
    )
