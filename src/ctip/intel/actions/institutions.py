"""Which institution holds what: a bank's BIN, an e-wallet provider, a mobile operator.

Freeze requests are routed by these declarations (``ctip.intel.freezing``), so only an
intelligence administrator makes them, each is audited, and a code goes to one institution
of the right type: a BIN to a bank, an operator to a telco, an e-wallet to a bank or a
platform.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import Agency, AgencyType, User
from ctip.intel.actions._checks import require
from ctip.intel.engine.banks import BANKS, resolve_ewallet
from ctip.intel.engine.base import InvalidIndicator
from ctip.intel.events import IntelEvent
from ctip.intel.models import HolderKind, InstitutionCode

PERMISSION = "intel.manage_institutions"
HOLDER_TYPES = {
    HolderKind.BIN: {AgencyType.BANK},
    HolderKind.EWALLET: {AgencyType.BANK, AgencyType.PLATFORM},
    HolderKind.TELCO: {AgencyType.TELCO},
}
OPERATORS = {
    "viettel": "Viettel",
    "vinaphone": "Vinaphone",
    "mobifone": "MobiFone",
    "vietnamobile": "Vietnamobile",
    "gmobile": "Gmobile",
    "itelecom": "iTel",
}


def manages(actor: User, agency: Agency) -> bool:
    """Whether the actor's agency is exactly the one the institution reports to.

    Routing is the same for every province: an administrator elsewhere must not be able to
    send freeze requests to another institution. Never the agencies under it either."""
    return actor.agency_id is not None and agency.parent_id == actor.agency_id


def _refuse_unless_manages(actor: User, agency: Agency) -> None:
    if not manages(actor, agency):
        raise ValidationError(
            {
                "agency": _(
                    "Only an administrator of the office this institution reports to "
                    "declares what it holds."
                )
            }
        )


@dataclass(frozen=True)
class InstitutionCodeInput:
    agency_id: int
    kind: str
    code: str


def normalise_code(kind: str, text: str) -> str:
    """The code as routing compares it, or a clear error naming the field."""
    value = " ".join(str(text).split())
    if kind == HolderKind.BIN:
        digits = value.replace(" ", "")
        if not (digits.isdigit() and len(digits) == 6):
            raise ValidationError({"code": _("A BIN has six digits, for example 970436.")})
        if digits not in BANKS:
            raise ValidationError({"code": _("No Vietnamese bank has this BIN.")})
        return digits
    if kind == HolderKind.EWALLET:
        try:
            return resolve_ewallet(value).provider
        except InvalidIndicator:
            raise ValidationError(
                {"code": _("Unknown e-wallet: give its name, for example MoMo or ZaloPay.")}
            ) from None
    if kind == HolderKind.TELCO:
        code = "".join(ch for ch in value.casefold() if ch.isalnum())
        if code not in OPERATORS:
            names = ", ".join(OPERATORS.values())
            raise ValidationError(
                {"code": _("Unknown mobile operator; known: %(names)s.") % {"names": names}}
            )
        return code
    raise ValidationError({"kind": _("Choose what the institution holds.")})


def code_label(kind: str, code: str) -> str:
    """The name a person reads for a code: the bank, the e-wallet or the operator."""
    if kind == HolderKind.BIN and code in BANKS:
        return f"{BANKS[code].short_name} ({code})"
    if kind == HolderKind.EWALLET:
        try:
            return resolve_ewallet(code).short_name
        except InvalidIndicator:
            return code
    if kind == HolderKind.TELCO:
        return OPERATORS.get(code, code)
    return code


@transaction.atomic
def institution_code_add(*, actor: User, data: InstitutionCodeInput) -> InstitutionCode:
    """Declare that an institution holds a code; a code is held by one institution."""
    require(actor, PERMISSION)
    if data.kind not in HolderKind.values:
        raise ValidationError({"kind": _("Choose what the institution holds.")})
    kind = HolderKind(data.kind)
    agency = Agency.objects.filter(pk=data.agency_id, is_active=True).first()
    if agency is None:
        raise ValidationError({"agency": _("There is no such institution.")})
    _refuse_unless_manages(actor, agency)
    if agency.type not in HOLDER_TYPES[kind]:
        raise ValidationError({"agency": _("This institution cannot hold this kind of account.")})
    code = normalise_code(kind, data.code)
    held = InstitutionCode.objects.filter(kind=kind, code=code).select_related("agency").first()
    if held is not None:
        raise ValidationError(
            {
                "code": _("%(code)s is already held by %(agency)s; remove that first.")
                % {"code": code_label(kind, code), "agency": held.agency.name}
            }
        )
    try:
        with transaction.atomic():
            row = InstitutionCode.objects.create(agency=agency, kind=kind, code=code)
    except IntegrityError:
        raise ValidationError({"code": _("This code was just declared by someone else.")}) from None
    audit.record(
        IntelEvent.INTEL_INSTITUTION_CODE_ADDED,
        actor=actor,
        target=agency,
        data={"kind": kind.value, "code": code},
    )
    return row


@transaction.atomic
def institution_code_remove(*, actor: User, row: InstitutionCode) -> None:
    """Withdraw a declaration: accounts of that code are no longer routed there."""
    require(actor, PERMISSION)
    _refuse_unless_manages(actor, row.agency)
    audit.record(
        IntelEvent.INTEL_INSTITUTION_CODE_REMOVED,
        actor=actor,
        target=row.agency,
        data={"kind": row.kind, "code": row.code},
    )
    row.delete()
