"""The registry's reads: one function per screen, each returning frozen dataclasses that
both the page and the API show.

The register is public by law (``Enterprise.scope_q``): staff read it through
``scope.visible`` with ``registry.view``; the public lookup reads the same rows with no
account, and shows only what the authority publishes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core.models import User
from ctip.core.scope import get_visible, visible
from ctip.registry.engine import (
    Fee,
    FeeError,
    InvalidValue,
    caps_for,
    check_fee,
    licence_key,
    name_key,
    normalise_phone,
    normalise_tax_code,
    read_fee,
)
from ctip.registry.engine.caps import FeeCheck
from ctip.registry.engine.fees import fold_same_length
from ctip.registry.models import (
    Enterprise,
    EnterpriseChange,
    EnterpriseImport,
    EnterprisePhone,
    Status,
)

VIEW = "registry.view"
MAX_MATCHES = 20


@dataclass(frozen=True)
class EnterpriseRow:
    id: int
    licence_number: str
    name: str
    tax_code: str
    status: str
    status_label: str
    status_decision: str
    status_decided_on: dt.date | None
    issued_on: dt.date | None
    expires_on: dt.date | None
    licensed_now: bool
    markets: tuple[str, ...]
    jobs: tuple[str, ...]
    branches: tuple[str, ...]
    deposit_vnd: int | None
    legal_representative: str
    address: str
    website: str
    phones: tuple[str, ...]
    version: int


def licensed_now(enterprise: Enterprise, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return enterprise.status == Status.ACTIVE and (
        enterprise.expires_on is None or enterprise.expires_on >= today
    )


def row_of(e: Enterprise) -> EnterpriseRow:
    return EnterpriseRow(
        id=e.pk,
        licence_number=e.licence_number,
        name=e.name,
        tax_code=e.tax_code,
        status=e.status,
        status_label=str(Status(e.status).label),
        status_decision=e.status_decision,
        status_decided_on=e.status_decided_on,
        issued_on=e.issued_on,
        expires_on=e.expires_on,
        licensed_now=licensed_now(e),
        markets=tuple(e.markets),
        jobs=tuple(e.jobs),
        branches=tuple(e.branches),
        deposit_vnd=e.deposit_vnd,
        legal_representative=e.legal_representative,
        address=e.address,
        website=e.website,
        phones=tuple(e.phones),
        version=e.version,
    )


def find(query: str, *, limit: int = MAX_MATCHES) -> list[Enterprise]:
    """The enterprises a query names: a licence number, a tax code, a phone, or a name
    (folded, without its legal form; every word of the query in the name)."""
    text = " ".join(str(query or "").split())[:300]
    if not text:
        return []
    rows: QuerySet[Enterprise] = Enterprise.objects.all()
    try:
        return list(rows.filter(licence_key=licence_key(text))[:limit])
    except InvalidValue:
        pass
    by_tax = _by_tax_code(rows, text, limit)
    by_phone = _by_phone(rows, text, limit)
    compact = text.replace(" ", "").replace(".", "")
    # A mobile number (0[35789]…) and a tax code both have 10 digits: try the likelier first.
    mobile = compact.startswith(("03", "05", "07", "08", "09", "+"))
    for found in (by_phone, by_tax) if mobile else (by_tax, by_phone):
        if found:
            return found
    if by_tax is not None or by_phone is not None:
        return []
    try:
        key = name_key(text)
    except InvalidValue:
        return []
    exact = list(rows.filter(name_key=key)[:limit])
    if exact:
        return exact
    condition = Q()
    for word in key.split():
        condition &= Q(name_key__contains=word)
    return list(rows.filter(condition)[:limit])


def _by_tax_code(rows: QuerySet[Enterprise], text: str, limit: int) -> list[Enterprise] | None:
    try:
        code = normalise_tax_code(text)
    except InvalidValue:
        return None
    return list(rows.filter(tax_code=code)[:limit])


def _by_phone(rows: QuerySet[Enterprise], text: str, limit: int) -> list[Enterprise] | None:
    if sum(c.isdigit() for c in text) < 8 or any(c.isalpha() for c in text):
        return None
    try:
        phone = normalise_phone(text)
    except InvalidValue:
        return None
    ids = EnterprisePhone.objects.filter(e164=phone).values("enterprise_id")
    return list(rows.filter(pk__in=ids)[:limit])


def enterprises(actor: User, *, query: str = "", status: str = "") -> list[EnterpriseRow]:
    """The register as staff read it, filtered by a query and a status."""
    rows = visible(Enterprise.objects.all(), actor, VIEW)
    if query.strip():
        ids = [e.pk for e in find(query, limit=1000)]
        rows = rows.filter(pk__in=ids)
    if status in Status.values:
        rows = rows.filter(status=status)
    return [row_of(e) for e in rows]


@dataclass(frozen=True)
class ChangeRow:
    at: dt.datetime
    kind: str
    kind_label: str
    # (field in words, before, after) of each published field that changed.
    fields: tuple[tuple[str, str, str], ...]
    import_id: int | None
    actor: str


def _field_label(name: str) -> str:
    try:
        return str(getattr(Enterprise._meta.get_field(name), "verbose_name", name))
    except Exception:  # a field no longer in the model
        return name


def _shown(name: str, value: object) -> str:
    from ctip.core.values import country_name, format_money

    if value in (None, "", []):
        return "—"
    if name == "status" and value in Status.values:
        return str(Status(str(value)).label)
    if name == "markets" and isinstance(value, list):
        return ", ".join(country_name(str(v)) or str(v) for v in value)
    if name == "deposit_vnd" and isinstance(value, int):
        return format_money(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class EnterpriseDetail:
    enterprise: EnterpriseRow
    history: tuple[ChangeRow, ...]


def enterprise(actor: User, enterprise_id: int) -> EnterpriseDetail:
    found = get_visible(Enterprise.objects.all(), actor, VIEW, pk=enterprise_id)
    changes = visible(EnterpriseChange.objects.all(), actor, VIEW).filter(enterprise=found)
    return EnterpriseDetail(
        row_of(found),
        tuple(
            ChangeRow(
                c.at,
                c.kind,
                c.get_kind_display(),
                tuple(
                    (_field_label(name), _shown(name, pair[0]), _shown(name, pair[1]))
                    for name, pair in c.fields.items()
                ),
                c.source_id,
                c.actor.username if c.actor is not None else "",
            )
            for c in changes.select_related("actor")[:200]
        ),
    )


@dataclass(frozen=True)
class ImportRow:
    id: int
    file_name: str
    created_at: dt.datetime
    rows: int
    created: int
    updated: int
    unchanged: int
    refused: int
    errors: tuple[tuple[int, str, tuple[str, ...]], ...]


def list_import(actor: User, import_id: int) -> ImportRow:
    found = get_visible(EnterpriseImport.objects.all(), actor, VIEW, pk=import_id)
    return ImportRow(
        found.pk,
        found.file_name,
        found.created_at,
        found.rows,
        found.created,
        found.updated,
        found.unchanged,
        found.refused,
        tuple((r, lic, tuple(m)) for r, lic, m in found.errors),
    )


# The public lookup ---------------------------------------------------------------------


@dataclass(frozen=True)
class CapView:
    kind: str  # "service" or "brokerage"
    months: Decimal
    forbidden: bool
    source: str


@dataclass(frozen=True)
class FeeView:
    kind: str
    months: Decimal | None
    vnd: int | None
    cap_months: Decimal
    cap_vnd: int | None
    over: bool | None
    source: str


@dataclass(frozen=True)
class LookupMatch:
    name: str
    licence_number: str
    status: str
    status_label: str
    status_decision: str
    status_decided_on: dt.date | None
    issued_on: dt.date | None
    expires_on: dt.date | None
    licensed_now: bool
    markets: tuple[str, ...]
    jobs: tuple[str, ...]
    # None when no destination (job) was asked about.
    licensed_for_destination: bool | None
    licensed_for_job: bool | None
    tax_code: str
    address: str
    website: str
    phones: tuple[str, ...]
    legal_representative: str


@dataclass(frozen=True)
class LookupAnswer:
    query: str
    destination: str
    matches: tuple[LookupMatch, ...]
    caps: tuple[CapView, ...]
    fee: FeeView | None


def _language_source(vi: str, en: str) -> str:
    from django.utils.translation import get_language

    return vi if (get_language() or "vi").startswith("vi") else en


def _job_covered(jobs: list[str], job: str) -> bool | None:
    if not job.strip():
        return None
    if not jobs:
        return None  # the list does not say which jobs: not known
    wanted = fold_same_length(" ".join(job.split()))
    return any(
        fold_same_length(j) in wanted or wanted in fold_same_length(j) for j in jobs if j.strip()
    )


def fee_error_message(error: FeeError) -> str:
    if error.code == "negative":
        return _("A fee cannot be negative.")
    return _(
        "This fee could not be read. Write an amount (150 triệu, 3.000 USD) or months of "
        "wages (2 tháng lương)."
    )


def public_lookup(
    query: str,
    *,
    destination: str = "",
    job: str = "",
    fee: str = "",
    fee_kind: str = "any",
    contract_months: int | None = None,
    monthly_wage_vnd: int | None = None,
) -> LookupAnswer:
    """What anyone may know about a recruiter: the register's published fields, whether
    the licence covers the destination and job, and the fee caps that apply.

    Raises ``ValueError`` with a readable message when the fee cannot be read."""
    today = timezone.localdate()
    matches = []
    for e in find(query):
        now = licensed_now(e, today)
        matches.append(
            LookupMatch(
                name=e.name,
                licence_number=e.licence_number,
                status=e.status,
                status_label=str(Status(e.status).label),
                status_decision=e.status_decision,
                status_decided_on=e.status_decided_on,
                issued_on=e.issued_on,
                expires_on=e.expires_on,
                licensed_now=now,
                markets=tuple(e.markets),
                jobs=tuple(e.jobs),
                licensed_for_destination=(now and destination in e.markets)
                if destination
                else None,
                licensed_for_job=_job_covered(e.jobs, job) if now else (False if job else None),
                tax_code=e.tax_code,
                address=e.address,
                website=e.website,
                phones=tuple(e.phones),
                legal_representative=e.legal_representative,
            )
        )
    caps = tuple(
        CapView(c.kind, c.months, c.forbidden, _language_source(c.source_vi, c.source_en))
        for c in caps_for(destination or None, contract_months)
    )
    fee_view = None
    if fee.strip():
        kind = fee_kind if fee_kind in ("service", "brokerage") else "any"
        try:
            read = read_fee(fee, kind)  # type: ignore[arg-type]
        except FeeError as error:
            raise ValueError(fee_error_message(error)) from None
        checked = check_fee(
            read,
            destination or None,
            contract_months=contract_months,
            monthly_wage_vnd=monthly_wage_vnd,
        )
        fee_view = _fee_view(read, checked)
    return LookupAnswer(" ".join(query.split())[:300], destination, tuple(matches), caps, fee_view)


def _fee_view(read: Fee, checked: FeeCheck) -> FeeView:
    return FeeView(
        read.kind,
        checked.fee_months,
        read.vnd,
        checked.cap_months,
        checked.cap_vnd,
        checked.over,
        "; ".join(
            _language_source(vi, en)
            for vi, en in zip(checked.sources_vi, checked.sources_en, strict=True)
        ),
    )


# Published status changes ------------------------------------------------------------

PUBLISHED_DAYS = 365


@dataclass(frozen=True)
class StatusChange:
    name: str
    licence_number: str
    status: str
    status_label: str
    decision: str
    decided_on: dt.date | None
    published_at: dt.datetime


def status_changes(days: int = PUBLISHED_DAYS) -> list[StatusChange]:
    """Suspensions, revocations and restorations recorded in the last ``days``, the
    newest first: the public list the law asks for, published the moment they are
    recorded. Only what the authority publishes; never who recorded it."""
    since = timezone.now() - dt.timedelta(days=days)
    changes = (
        EnterpriseChange.objects.filter(kind="status", at__gte=since)
        .select_related("enterprise")
        .order_by("-at", "-pk")[:500]
    )
    found = []
    for change in changes:
        after = (change.fields.get("status") or [None, None])[1]
        if after not in Status.values:
            continue
        decision = (change.fields.get("status_decision") or [None, ""])[1] or ""
        decided = (change.fields.get("status_decided_on") or [None, None])[1]
        found.append(
            StatusChange(
                name=change.enterprise.name,
                licence_number=change.enterprise.licence_number,
                status=after,
                status_label=str(Status(after).label),
                decision=decision if decision else change.enterprise.status_decision,
                decided_on=dt.date.fromisoformat(decided) if decided else None,
                published_at=change.at,
            )
        )
    return found
