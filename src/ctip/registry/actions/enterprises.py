"""Writes of the register: one enterprise saved (created or changed, its history kept)
and a licence's status changed with its decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.actions import StaleEdit
from ctip.core.models import Agency, User
from ctip.core.scope import get_visible
from ctip.core.values import read_country
from ctip.registry.engine import (
    InvalidValue,
    licence_key,
    name_key,
    normalise_licence,
    normalise_phone,
    normalise_tax_code,
)
from ctip.registry.events import RegistryEvent
from ctip.registry.models import (
    ChangeKind,
    Enterprise,
    EnterpriseChange,
    EnterpriseImport,
    EnterprisePhone,
    Status,
)

MANAGE = "registry.manage"
# The published fields an import or a page may set, in the order pages show them.
PUBLISHED = (
    "licence_number",
    "name",
    "tax_code",
    "issued_on",
    "expires_on",
    "status",
    "status_decision",
    "status_decided_on",
    "markets",
    "jobs",
    "branches",
    "deposit_vnd",
    "legal_representative",
    "address",
    "website",
    "phones",
)


@dataclass(frozen=True)
class EnterpriseInput:
    """An enterprise as the authority publishes it; text as typed, checked here."""

    licence_number: str
    name: str
    tax_code: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    status: str = Status.ACTIVE
    status_decision: str = ""
    status_decided_on: dt.date | None = None
    markets: tuple[str, ...] = ()
    jobs: tuple[str, ...] = ()
    branches: tuple[str, ...] = ()
    deposit_vnd: int | None = None
    legal_representative: str = ""
    address: str = ""
    website: str = ""
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class Saved:
    enterprise: Enterprise
    outcome: str  # "created", "updated" or "unchanged"
    changed: tuple[str, ...] = field(default_factory=tuple)


def _text(value: str, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def check_enterprise(data: EnterpriseInput) -> dict[str, Any]:
    """The values to store, or ``ValidationError`` naming every field that is wrong."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    try:
        values["licence_number"] = normalise_licence(data.licence_number)
        values["licence_key"] = licence_key(data.licence_number)
    except InvalidValue:
        fail(
            "licence_number",
            _("“%(value)s” is not a licence number: it is written like 123/LĐTBXH-GP or 45/BNV-GP.")
            % {"value": _text(data.licence_number, 60)},
        )
    name = _text(data.name, 300)
    try:
        values["name"], values["name_key"] = name, name_key(name)
    except InvalidValue:
        fail("name", _("Give the enterprise's name."))
    values["tax_code"] = ""
    if data.tax_code and str(data.tax_code).strip():
        try:
            values["tax_code"] = normalise_tax_code(str(data.tax_code))
        except InvalidValue:
            fail("tax_code", _("A tax code has 10 digits, or 13 for a branch (0101234567-001)."))
    if data.status not in Status.values:
        fail(
            "status",
            _("“%(value)s” is not a status: licensed, suspended or revoked.")
            % {"value": _text(data.status, 40)},
        )
    values["status"] = data.status
    values["status_decision"] = _text(data.status_decision, 100)
    values["status_decided_on"] = data.status_decided_on
    if data.status in (Status.SUSPENDED, Status.REVOKED) and not values["status_decision"]:
        fail("status_decision", _("A suspension or revocation names its decision."))
    if data.status in (Status.SUSPENDED, Status.REVOKED) and data.status_decided_on is None:
        fail("status_decided_on", _("A suspension or revocation gives the decision's date."))
    values["issued_on"], values["expires_on"] = data.issued_on, data.expires_on
    if data.issued_on and data.expires_on and data.expires_on < data.issued_on:
        fail("expires_on", _("A licence cannot expire before it is issued."))
    markets: list[str] = []
    for market in data.markets:
        try:
            code = read_country(market)
        except ValueError as error:
            fail("markets", str(error))
            continue
        if code and code not in markets:
            markets.append(code)
    values["markets"] = sorted(markets)
    values["jobs"] = [_text(j, 100) for j in data.jobs if _text(j, 100)][:50]
    values["branches"] = [_text(b, 300) for b in data.branches if _text(b, 300)][:50]
    if data.deposit_vnd is not None and data.deposit_vnd < 0:
        fail("deposit_vnd", _("An amount cannot be negative."))
    values["deposit_vnd"] = data.deposit_vnd
    values["legal_representative"] = _text(data.legal_representative, 200)
    values["address"] = _text(data.address, 300)
    values["website"] = _text(data.website, 200)
    phones: list[str] = []
    for phone in data.phones:
        try:
            e164 = normalise_phone(str(phone))
        except InvalidValue:
            fail("phones", _("“%(value)s” is not a phone number.") % {"value": _text(phone, 40)})
            continue
        if e164 not in phones:
            phones.append(e164)
    values["phones"] = phones[:20]
    if errors:
        raise ValidationError(errors)
    return values


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _may_manage(actor: User | None) -> None:
    if actor is not None and not actor.has_ctip_perm(MANAGE):
        raise PermissionDenied(MANAGE)


def enterprise_save(
    *,
    actor: User | None,
    data: EnterpriseInput,
    source: EnterpriseImport | None = None,
    agency: Agency | None = None,
) -> Saved:
    """Enter an enterprise in the register, or change it; every change is kept.

    The entry is kept by the actor's agency (``agency`` when run from the command line);
    an entry kept by an agency outside the actor's own is refused, not changed."""
    _may_manage(actor)
    keeper = actor.agency if actor is not None else agency
    if keeper is None:
        raise ValueError("An enterprise is kept by an agency.")
    with transaction.atomic():
        values = check_enterprise(data)
        found = (
            Enterprise.objects.select_for_update(of=("self",))
            .select_related("agency")
            .filter(licence_key=values["licence_key"])
            .first()
        )
        if found is not None and not found.agency.path.startswith(keeper.path):
            raise ValidationError(
                {
                    "licence_number": _(
                        "This licence is kept in the register by another agency: ask it "
                        "to make the change."
                    )
                }
            )
        if found is None:
            enterprise = Enterprise.objects.create(agency=keeper, **values)
            _phones(enterprise)
            EnterpriseChange.objects.create(
                enterprise=enterprise,
                kind=ChangeKind.CREATED,
                fields={k: [None, _plain(values[k])] for k in PUBLISHED},
                source=source,
                actor=actor,
            )
            audit.record(
                RegistryEvent.ENTERPRISE_CREATED, actor=actor, target=enterprise, fields=PUBLISHED
            )
            return Saved(enterprise, "created", PUBLISHED)
        changed = {
            k: [_plain(getattr(found, k)), _plain(values[k])]
            for k in PUBLISHED
            if _plain(getattr(found, k)) != _plain(values[k])
        }
        if not changed:
            return Saved(found, "unchanged")
        for key in changed:
            setattr(found, key, values[key])
        found.name_key = values["name_key"]
        found.version += 1
        found.save()
        _phones(found)
        status_moved = "status" in changed
        EnterpriseChange.objects.create(
            enterprise=found,
            kind=ChangeKind.STATUS if status_moved else ChangeKind.UPDATED,
            fields=changed,
            source=source,
            actor=actor,
        )
        audit.record(
            RegistryEvent.STATUS_CHANGED if status_moved else RegistryEvent.ENTERPRISE_UPDATED,
            actor=actor,
            target=found,
            fields=sorted(changed),
        )
        return Saved(found, "updated", tuple(sorted(changed)))


def _phones(enterprise: Enterprise) -> None:
    EnterprisePhone.objects.filter(enterprise=enterprise).delete()
    EnterprisePhone.objects.bulk_create(
        EnterprisePhone(enterprise=enterprise, e164=p) for p in enterprise.phones
    )


@dataclass(frozen=True)
class StatusInput:
    enterprise_id: int
    status: str
    decision: str = ""
    decided_on: dt.date | None = None
    version: int | None = None


def enterprise_set_status(*, actor: User, data: StatusInput) -> Enterprise:
    """Suspend, revoke or restore a licence, with the decision and its date."""
    _may_manage(actor)
    with transaction.atomic():
        found = get_visible(
            Enterprise.objects.select_for_update(of=("self",)), actor, MANAGE, pk=data.enterprise_id
        )
        if data.version is not None and data.version != found.version:
            raise StaleEdit(
                _(
                    "Someone else changed this enterprise in the meantime. Reload the page: "
                    "your change was not saved."
                )
            )
        current = EnterpriseInput(
            **{
                k: getattr(found, k)
                for k in PUBLISHED
                if k not in ("status", "status_decision", "status_decided_on")
            }
            | {
                "markets": tuple(found.markets),
                "jobs": tuple(found.jobs),
                "branches": tuple(found.branches),
                "phones": tuple(found.phones),
                "status": data.status,
                "status_decision": data.decision,
                "status_decided_on": data.decided_on,
            }
        )
        if data.status == found.status:
            raise ValidationError({"status": _("The licence already has this status.")})
        return enterprise_save(actor=actor, data=current).enterprise
