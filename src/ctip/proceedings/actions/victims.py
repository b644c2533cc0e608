"""Victims in proceedings (by reference to their protection cases), links, assets."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from ctip.cases import selectors as cases_selectors
from ctip.core import audit
from ctip.core.scope import get_visible
from ctip.intel import selectors as intel_selectors
from ctip.proceedings.actions.common import (
    in_charge,
    locked_case,
    not_future,
    on_or_after_start,
    recount,
)
from ctip.proceedings.events import ProceedingsEvent
from ctip.proceedings.models import (
    ASSET_ORDER,
    Asset,
    AssetStatus,
    AssetStatusChange,
    CaseLink,
    CriminalCase,
    LinkKind,
    Sex,
    Victim,
    WitnessStatus,
)

if TYPE_CHECKING:
    from ctip.core.models import User

PROTECTION_MEASURES = ("identity_withheld", "escort", "shelter", "no_contact", "closed_hearing")


@dataclass(frozen=True)
class VictimInput:
    case_id: int
    protection_case_id: int | None = None
    sex: str = Sex.UNKNOWN.value
    under_16: bool = False
    under_18: bool = False
    witness_status: str = WitnessStatus.NOT_HEARD.value
    protection_measures: tuple[str, ...] = field(default_factory=tuple)
    legal_aid: bool = False


@dataclass(frozen=True)
class CompensationInput:
    victim_id: int
    ordered_vnd: int | None = None
    paid_vnd: int | None = None


@dataclass(frozen=True)
class LinkInput:
    case_id: int
    kind: str
    ref: str


@dataclass(frozen=True)
class AssetStatusInput:
    asset_id: int
    status: str
    status_on: dt.date
    returned_to_id: int | None = None


@dataclass(frozen=True)
class AssetInput:
    case_id: int
    description: str
    amount_vnd: int
    status: str
    status_on: dt.date
    returned_to_id: int | None = None


def victim_add(*, actor: User, data: VictimInput) -> Victim:
    """Refer to a victim's protection case (need-to-know and consent as in cases), or count
    a victim not known to the protection system by sex and age band."""
    with transaction.atomic():
        found = locked_case(actor, data.case_id, "proceedings.record")
        in_charge(actor, found)
        if data.witness_status not in WitnessStatus.values:
            raise ValidationError({"witness_status": _("Choose the victim's status as a witness.")})
        unknown = set(data.protection_measures) - set(PROTECTION_MEASURES)
        if unknown:
            raise ValidationError(
                {"protection_measures": _("Choose protection measures from the list.")}
            )
        sex, under_16, under_18 = data.sex, data.under_16, data.under_16 or data.under_18
        if data.protection_case_id is not None:
            try:
                ref = cases_selectors.victim_case_ref(actor, data.protection_case_id)
            except (Http404, PermissionDenied):
                raise ValidationError(
                    {"protection_case_id": _("You cannot see a protection case with this number.")}
                ) from None
            if not ref.consent_to_share:
                raise ValidationError(
                    {
                        "protection_case_id": _(
                            "The victim has not agreed to sharing their case with your agency. "
                            "Ask the case's lead agency to record that consent first."
                        )
                    }
                )
            if Victim.objects.filter(case=found, protection_case_id=ref.case_id).exists():
                raise ValidationError(
                    {"protection_case_id": _("This victim is already in the criminal case.")}
                )
            sex = ref.sex if ref.sex in Sex.values else Sex.UNKNOWN
            under_16, under_18 = ref.under_16, ref.under_16 or ref.under_18
        elif sex not in Sex.values:
            raise ValidationError({"sex": _("Choose the victim's sex.")})
        victim = Victim.objects.create(
            case=found,
            protection_case_id=data.protection_case_id,
            sex=sex,
            under_16=under_16,
            under_18=under_18,
            witness_status=data.witness_status,
            protection_measures=list(data.protection_measures),
            legal_aid=data.legal_aid,
        )
        recount(CriminalCase.objects.filter(pk=found.pk))
        audit.record(
            ProceedingsEvent.VICTIM_ADDED,
            actor=actor,
            target=found,
            fields=["protection_case", "sex", "under_16", "under_18", "witness_status"],
            data={"victim": victim.pk},
        )
        return victim


def victim_compensation(*, actor: User, data: CompensationInput) -> Victim:
    with transaction.atomic():
        victim = get_visible(Victim.objects.all(), actor, "proceedings.record", pk=data.victim_id)
        found = locked_case(actor, victim.case_id, "proceedings.record")
        in_charge(actor, found)
        ordered = (
            data.ordered_vnd if data.ordered_vnd is not None else victim.compensation_ordered_vnd
        )
        paid = data.paid_vnd if data.paid_vnd is not None else victim.compensation_paid_vnd
        if paid and not ordered:
            raise ValidationError({"paid_vnd": _("Record the compensation ordered first.")})
        if paid and ordered and paid > ordered:
            raise ValidationError({"paid_vnd": _("More is paid than was ordered.")})
        victim.compensation_ordered_vnd = ordered
        victim.compensation_paid_vnd = paid
        victim.save(update_fields=["compensation_ordered_vnd", "compensation_paid_vnd"])
        audit.record(
            ProceedingsEvent.VICTIM_ADDED,
            actor=actor,
            target=found,
            fields=["compensation_ordered_vnd", "compensation_paid_vnd"],
            data={"victim": victim.pk},
        )
        return victim


def _check_link(actor: User, kind: str, ref: str) -> str:
    try:
        if kind == LinkKind.NETWORK:
            return str(intel_selectors.cluster(actor, ref).pk)
        if not ref.isdigit():
            raise Http404
        if kind == LinkKind.INDICATOR:
            return str(intel_selectors.indicator(actor, int(ref)).pk)
        if kind == LinkKind.FREEZE_REQUEST:
            return str(intel_selectors.issued_request(actor, int(ref)).pk)
        if kind == LinkKind.EVIDENCE:
            return str(intel_selectors.evidence_item(actor, int(ref)).pk)
    except (Http404, PermissionDenied):
        raise ValidationError({"ref": _("You cannot see a record with this reference.")}) from None
    raise ValidationError({"kind": _("Choose what to link.")})


def link_add(*, actor: User, data: LinkInput) -> CaseLink:
    """Link a scam network, an indicator, a freeze request or an evidence item the actor
    can see (each checked through intel's selectors)."""
    with transaction.atomic():
        found = locked_case(actor, data.case_id, "proceedings.record")
        in_charge(actor, found)
        ref = _check_link(actor, data.kind, data.ref.strip()[:80])
        if CaseLink.objects.filter(case=found, kind=data.kind, ref=ref).exists():
            raise ValidationError({"ref": _("This is already linked to the case.")})
        link = CaseLink.objects.create(case=found, kind=data.kind, ref=ref)
        audit.record(
            ProceedingsEvent.LINK_ADDED,
            actor=actor,
            target=found,
            fields=["kind", "ref"],
            data={"kind": data.kind},
        )
        return link


def _returned_to(found: CriminalCase, status: str, victim_id: int | None) -> Victim | None:
    if status != AssetStatus.RETURNED:
        return None
    victim = Victim.objects.filter(case=found, pk=victim_id or 0).first()
    if victim is None:
        raise ValidationError({"returned_to_id": _("Choose the victim it went back to.")})
    return victim


def asset_status(*, actor: User, data: AssetStatusInput) -> Asset:
    """Move an asset on: frozen, then recovered, then returned to a victim. The asset is
    updated and the step kept in its history; a step back or a skipped step is refused."""
    with transaction.atomic():
        asset = get_visible(
            Asset.objects.select_for_update(), actor, "proceedings.record", pk=data.asset_id
        )
        found = locked_case(actor, asset.case_id, "proceedings.record")
        in_charge(actor, found)
        if data.status not in AssetStatus.values:
            raise ValidationError({"status": _("Choose the asset's status.")})
        now = ASSET_ORDER.index(AssetStatus(asset.status))
        wanted = ASSET_ORDER.index(AssetStatus(data.status))
        if wanted != now + 1:
            following = str(ASSET_ORDER[now + 1].label) if now + 1 < len(ASSET_ORDER) else ""
            raise ValidationError(
                {
                    "status": _("This asset is %(now)s; it can only become %(next)s next.")
                    % {
                        "now": str(AssetStatus(asset.status).label).lower(),
                        "next": following.lower(),
                    }
                    if following
                    else _("This asset has been returned; its history is complete.")
                }
            )
        not_future(data.status_on, "status_on")
        if data.status_on < asset.status_on:
            raise ValidationError({"status_on": _("This date is before the asset's last step.")})
        victim = _returned_to(found, data.status, data.returned_to_id)
        asset.status, asset.status_on, asset.returned_to = data.status, data.status_on, victim
        asset.save(update_fields=["status", "status_on", "returned_to"])
        AssetStatusChange.objects.create(
            case=found,
            asset=asset,
            status=data.status,
            status_on=data.status_on,
            returned_to=victim,
            recorded_by=actor,
        )
        audit.record(
            ProceedingsEvent.ASSET_STATUS_CHANGED,
            actor=actor,
            target=found,
            fields=["status", "status_on", "returned_to"],
            data={"asset": asset.pk, "status": data.status},
        )
        return asset


def asset_record(*, actor: User, data: AssetInput) -> Asset:
    """An asset frozen, recovered, or returned to one of the case's victims."""
    with transaction.atomic():
        found = locked_case(actor, data.case_id, "proceedings.record")
        in_charge(actor, found)
        if data.status not in AssetStatus.values:
            raise ValidationError({"status": _("Choose the asset's status.")})
        if not data.description.strip():
            raise ValidationError({"description": _("Describe the asset.")})
        if data.amount_vnd <= 0:
            raise ValidationError({"amount": _("Give the asset's value.")})
        not_future(data.status_on, "status_on")
        on_or_after_start(found, data.status_on, "status_on")
        victim = None
        victim = _returned_to(found, data.status, data.returned_to_id)
        asset = Asset.objects.create(
            case=found,
            description=data.description.strip(),
            amount_vnd=data.amount_vnd,
            status=data.status,
            status_on=data.status_on,
            returned_to=victim,
        )
        AssetStatusChange.objects.create(
            case=found,
            asset=asset,
            status=data.status,
            status_on=data.status_on,
            returned_to=victim,
            recorded_by=actor,
        )
        audit.record(
            ProceedingsEvent.ASSET_RECORDED,
            actor=actor,
            target=found,
            fields=["description", "amount_vnd", "status"],
            data={"asset": asset.pk, "status": data.status},
        )
        return asset
