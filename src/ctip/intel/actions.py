"""Every write of the intel app: checked, atomic, audited in the same transaction.

Indicators go through the engine's ``normalise``; a value it refuses is kept with the
report, as typed, with the engine's message, so nothing a reporter typed is lost.
Audit events carry identifiers, counts and field names, never narratives, reporters or
indicator values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import Agency, Province, User
from ctip.core.values import Amount, split_money
from ctip.intel import clustering, evidence, freezing, notices, selectors, triage
from ctip.intel.engine import Indicator as EngineIndicator
from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.engine.exchange import (
    FeedError,
    ObjectError,
    PartnerFeed,
    PartnerItem,
    read_feed,
    to_misp_event,
    to_stix_bundle,
)
from ctip.intel.models import (
    ANSWERS,
    FREEZABLE_KINDS,
    INSTITUTION_TYPES,
    Channel,
    Cluster,
    CustodyAction,
    CustodyEvent,
    EvidenceItem,
    FeedFormat,
    FreezeRequest,
    FreezeStatus,
    Indicator,
    PartnerBundle,
    PartnerKind,
    PartnerSighting,
    PartnerSource,
    Report,
    ReportIndicator,
    ReportType,
    Verification,
)

MAX_NARRATIVE = 10_000
MAX_INDICATORS = 50
MAX_AMOUNT_VND = 10**15


def _require(actor: User, permission: str) -> None:
    if not actor.has_ctip_perm(permission):
        raise PermissionDenied(permission)


def _within(actor: User, agency: Agency) -> bool:
    return agency.path.startswith(actor.agency.path)


def intake_agency() -> Agency:
    """Where public reports go: ``CTIP_INTEL_INTAKE_AGENCY`` (a code), else the root."""
    code = settings.CTIP_INTEL_INTAKE_AGENCY
    found = (
        Agency.objects.filter(code=code, is_active=True).first()
        if code
        else Agency.objects.filter(parent__isnull=True, is_active=True).order_by("pk").first()
    )
    if found is None:
        raise ValidationError(_("Reports cannot be received yet: no receiving agency is set up."))
    return found


# Reports --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInput:
    kind: str
    value: str
    bank: str = ""
    platform: str = ""


@dataclass(frozen=True)
class Rejected:
    kind: str
    value: str
    message: str


@dataclass(frozen=True)
class FiledReport:
    report: Report
    created: bool
    rejected: tuple[Rejected, ...] = field(default=())
    # Shown once to a public reporter with ``report.follow_code``; only its hash is kept.
    follow_secret: str = ""


def normalise_all(
    inputs: Sequence[IndicatorInput],
) -> tuple[list[EngineIndicator], list[Rejected]]:
    """The engine's indicators for ``inputs`` (duplicates collapsed) and the refusals."""
    found: dict[str, EngineIndicator] = {}
    rejected: list[Rejected] = []
    for item in inputs:
        if not item.value.strip():
            continue
        try:
            indicator = normalise(
                item.kind, item.value, bank=item.bank or None, platform=item.platform or None
            )
        except InvalidIndicator as exc:
            rejected.append(Rejected(item.kind, item.value, str(exc)))
            continue
        found.setdefault(indicator.ref, indicator)
    return list(found.values()), rejected


def _check_report(
    *,
    type: str,
    narrative: str,
    amount_lost_vnd: int,
    lost_on: dt.date | None,
    reporter_email: str,
    inputs: Sequence[IndicatorInput],
) -> None:
    errors: dict[str, list[str]] = {}
    if type not in ReportType.values:
        errors["type"] = [_("Choose the kind of scam.")]
    if len(narrative) > MAX_NARRATIVE:
        errors["narrative"] = [_("Keep the account under %(n)d characters.") % {"n": MAX_NARRATIVE}]
    if not 0 <= amount_lost_vnd <= MAX_AMOUNT_VND:
        errors["amount_lost_vnd"] = [_("The amount must be a whole number of dong, 0 or more.")]
    if lost_on is not None and lost_on > timezone.localdate():
        errors["lost_on"] = [_("The date cannot be in the future.")]
    if reporter_email:
        try:
            validate_email(reporter_email)
        except ValidationError:
            errors["reporter_email"] = [_("Enter a valid email address.")]
    if len(inputs) > MAX_INDICATORS:
        errors["indicators"] = [_("At most %(n)d indicators per report.") % {"n": MAX_INDICATORS}]
    if not narrative.strip() and not any(i.value.strip() for i in inputs):
        errors["indicators"] = [
            _("Give at least one phone number, account or link, or say what happened.")
        ]
    if errors:
        raise ValidationError(errors)


def _upsert_indicators(found: Sequence[EngineIndicator]) -> list[Indicator]:
    rows = []
    for item in found:
        row, _created = Indicator.objects.get_or_create(
            kind=item.kind, key=item.key, defaults={"display": item.display, "links": item.links}
        )
        rows.append(row)
    return rows


def report_file(
    *,
    actor: User | None,
    type: str,
    narrative: str = "",
    amount_lost_vnd: Amount | int = 0,
    lost_on: dt.date | None = None,
    indicators: Sequence[IndicatorInput] = (),
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    channel: str | None = None,
    external_id: str = "",
    reported_at: dt.datetime | None = None,
    province: Province | None = None,
) -> FiledReport:
    """File a report from the public page (``actor=None``), staff, or a machine client.

    Public reports belong to the intake agency, others to the actor's agency. With an
    ``external_id`` the call is idempotent: the same id from the same agency returns the
    report filed the first time.
    """
    if actor is None:
        channel = Channel.PUBLIC
        agency = triage.route(province, type)
    else:
        _require(actor, "intel.report")
        channel = channel or Channel.STAFF
        agency = actor.agency
    if channel not in (Channel.PUBLIC, Channel.STAFF, Channel.API):
        raise ValidationError({"channel": _("Unknown channel.")})
    narrative, external_id = narrative.strip(), external_id.strip()
    reporter_name, reporter_phone = reporter_name.strip(), reporter_phone.strip()
    reporter_email = reporter_email.strip()
    if len(external_id) > 100:
        raise ValidationError({"external_id": _("The external id is at most 100 characters.")})
    ref = f"{agency.code}:{external_id}" if external_id else f"{channel}-{secrets.token_hex(8)}"
    if external_id:
        existing = Report.objects.filter(ref=ref).first()
        if existing is not None:
            return FiledReport(existing, created=False)
    lost_vnd, lost_currency, lost_original = split_money(amount_lost_vnd or 0)
    lost = lost_vnd or 0
    _check_report(
        type=type,
        narrative=narrative,
        amount_lost_vnd=lost,
        lost_on=lost_on,
        reporter_email=reporter_email,
        inputs=indicators,
    )
    found, rejected = normalise_all(indicators)
    now = timezone.now()
    at = reported_at or now
    follow_code, follow_secret, follow_hash = (
        triage.follow_credentials() if channel == Channel.PUBLIC else (None, "", "")
    )
    try:
        with transaction.atomic():
            report = Report.objects.create(
                ref=ref,
                external_id=external_id,
                type=type,
                channel=channel,
                agency=agency,
                filed_by=actor,
                narrative=narrative,
                amount_lost_vnd=lost,
                amount_lost_currency=lost_currency,
                amount_lost_original=lost_original,
                lost_on=lost_on,
                reported_at=at,
                reporter_name=reporter_name[:200],
                reporter_phone=reporter_phone[:50],
                reporter_email=reporter_email[:254],
                unparsed=[
                    {"kind": r.kind, "value": r.value, "message": r.message} for r in rejected
                ],
                province=province,
                follow_code=follow_code,
                follow_secret_hash=follow_hash,
            )
            rows = _upsert_indicators(found)
            ReportIndicator.objects.bulk_create(
                ReportIndicator(report=report, indicator=row) for row in rows
            )
            linking = [row for row in rows if row.links]
            new_linking = sum(1 for row in linking if row.reports == 0)
            # A linking indicator no report named yet but partners did joins the cluster now.
            new_partner = sum(1 for row in linking if row.reports == 0 and row.partner_sources)
            Indicator.objects.filter(pk__in=[row.pk for row in rows]).update(
                reports=F("reports") + 1,
                first_seen=Least(Coalesce(F("first_seen"), at), at),
                last_seen=Greatest(Coalesce(F("last_seen"), at), at),
            )
            clustering.link_report(
                report,
                linking=[row.pk for row in linking],
                new_linking=new_linking,
                new_partner=new_partner,
                kinds={row.kind for row in rows},
            )
            given = {
                "narrative": narrative,
                "reporter_name": reporter_name,
                "reporter_phone": reporter_phone,
                "reporter_email": reporter_email,
            }
            filled = [name for name, value in given.items() if value]
            audit.record(
                "INTEL_REPORT_FILED",
                actor=actor,
                target=report,
                fields=["type", "amount_lost_vnd", "lost_on", *filled],
                data={
                    "channel": channel,
                    "indicators": len(rows),
                    "unparsed": len(rejected),
                    "cluster": report.cluster_id,
                },
                agency=agency,
            )
            if channel == Channel.PUBLIC:
                triage.announce_new(report)
    except IntegrityError:
        # Two submissions of one external id at once: the other one won.
        existing = Report.objects.filter(ref=ref).first()
        if existing is None:
            raise
        return FiledReport(existing, created=False)
    return FiledReport(report, created=True, rejected=tuple(rejected), follow_secret=follow_secret)


def clusters_rebuild(
    *, actor: User | None, progress: Callable[[str], None] | None = None
) -> clustering.RebuildResult:
    """Recompute every cluster from scratch with the engine (``actor=None``: operator)."""
    if actor is not None:
        _require(actor, "intel.share")
    with transaction.atomic():
        result = clustering.rebuild(progress=progress)
        audit.record(
            "INTEL_CLUSTERS_REBUILT",
            actor=actor,
            data={
                "reports": result.reports,
                "clusters": result.clusters,
                "networks": result.networks,
            },
        )
    return result


def indicator_verify(*, actor: User, indicator: Indicator, note: str = "") -> Verification:
    """The actor's agency confirms the indicator was used in a scam (shown publicly)."""
    _require(actor, "intel.request_freeze")
    if not Indicator.objects.filter(Indicator.scope_q(actor), pk=indicator.pk).exists():
        raise PermissionDenied
    note = note.strip()
    if len(note) > 300:
        raise ValidationError({"note": _("Keep the basis under 300 characters.")})
    with transaction.atomic():
        verification, created = Verification.objects.get_or_create(
            indicator=indicator,
            agency=actor.agency,
            defaults={"verified_by": actor, "note": note},
        )
        if created:
            Indicator.objects.filter(pk=indicator.pk, verified_at__isnull=True).update(
                verified_at=verification.verified_at
            )
            audit.record("INTEL_INDICATOR_VERIFIED", actor=actor, target=indicator, fields=["note"])
    indicator.refresh_from_db()
    return verification


# Freeze requests -------------------------------------------------------------------------


class AlreadyAnswered(Exception):
    """A freeze request is answered once; the second answer is refused."""

    def __init__(self, request: FreezeRequest) -> None:
        super().__init__(
            _("This request was already answered (%(status)s) on %(at)s.")
            % {
                "status": request.get_status_display(),
                "at": timezone.localtime(request.answered_at).strftime("%Y-%m-%d %H:%M")
                if request.answered_at
                else "",
            }
        )
        self.request = request


def institutions() -> list[Agency]:
    """Banks, e-wallets, telcos and platforms a request may go to (any province)."""
    return list(Agency.objects.filter(type__in=INSTITUTION_TYPES, is_active=True))


def freeze_request_issue(
    *,
    actor: User,
    institution: Agency,
    indicators: Sequence[Indicator],
    reports: Sequence[Report],
    legal_basis: str,
    deadline: dt.datetime,
) -> FreezeRequest:
    _require(actor, "intel.request_freeze")
    errors: dict[str, list[str]] = {}
    if institution.type not in INSTITUTION_TYPES or not institution.is_active:
        errors["institution"] = [_("Send the request to a bank, e-wallet, telco or platform.")]
    if not indicators:
        errors["indicators"] = [_("Choose at least one account.")]
    elif any(i.kind not in FREEZABLE_KINDS for i in indicators):
        errors["indicators"] = [_("Only accounts, wallets, phone numbers can be suspended.")]
    if not legal_basis.strip():
        errors["legal_basis"] = [_("State the legal basis of the request.")]
    if deadline <= timezone.now():
        errors["deadline"] = [_("The deadline must be in the future.")]
    if errors:
        raise ValidationError(errors)
    freezing.check_holder(institution, indicators)
    seen = Indicator.objects.filter(Indicator.scope_q(actor), pk__in=[i.pk for i in indicators])
    linked = Report.objects.filter(Report.scope_q(actor), pk__in=[r.pk for r in reports])
    if seen.count() != len({i.pk for i in indicators}) or linked.count() != len(
        {r.pk for r in reports}
    ):
        raise PermissionDenied
    with transaction.atomic():
        request = FreezeRequest.objects.create(
            issuing_agency=actor.agency,
            issued_by=actor,
            institution=institution,
            legal_basis=legal_basis.strip(),
            deadline=deadline,
        )
        request.indicators.set(indicators)
        request.reports.set(reports)
        audit.record(
            "FREEZE_REQUEST_ISSUED",
            actor=actor,
            target=request,
            fields=["institution", "indicators", "reports", "legal_basis", "deadline"],
            data={"institution": institution.code, "accounts": len(indicators)},
        )
        freezing.on_issue(actor, request, indicators)
    return request


def freeze_request_answer(
    *,
    actor: User,
    request: FreezeRequest,
    status: str,
    amount_held_vnd: Amount | int | None = None,
    note: str = "",
) -> FreezeRequest:
    """The institution's liaison answers once: done, partial or rejected."""
    _require(actor, "intel.answer_freeze")
    if not _within(actor, request.institution):
        raise PermissionDenied
    amount_held_vnd, held_currency, held_original = split_money(amount_held_vnd)
    errors: dict[str, list[str]] = {}
    if status not in ANSWERS:
        errors["status"] = [_("Answer done, partial or rejected.")]
    if amount_held_vnd is not None and not 0 <= amount_held_vnd <= MAX_AMOUNT_VND:
        errors["amount_held_vnd"] = [_("The amount must be a whole number of dong, 0 or more.")]
    if status in (FreezeStatus.DONE, FreezeStatus.PARTIAL) and amount_held_vnd is None:
        errors["amount_held_vnd"] = [_("Give the amount held (0 if none).")]
    if status == FreezeStatus.REJECTED and not note.strip():
        errors["note"] = [_("Say why the request is rejected.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = FreezeRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != FreezeStatus.SENT:
            raise AlreadyAnswered(request)
        request.status = status
        request.amount_held_vnd = amount_held_vnd
        request.amount_held_currency, request.amount_held_original = held_currency, held_original
        request.answer_note = note.strip()
        request.answered_at = timezone.now()
        request.answered_by = actor
        request.save()
        audit.record(
            "FREEZE_REQUEST_ANSWERED",
            actor=actor,
            target=request,
            fields=["status", "amount_held_vnd", "answer_note"],
            data={"status": status},
        )
        notices.freeze_answered(actor, request)
    return request


# Evidence --------------------------------------------------------------------------------


def _custody(
    item: EvidenceItem,
    *,
    action: str,
    actor: User,
    to_agency: Agency | None = None,
    note: str = "",
) -> CustodyEvent:
    # The item's row is locked so that two events at once never take the same place.
    EvidenceItem.objects.select_for_update().filter(pk=item.pk).exists()
    last = item.custody.order_by("-seq").first()
    event = CustodyEvent(
        evidence=item,
        seq=(last.seq + 1) if last else 1,
        action=action,
        actor=actor,
        actor_label=actor.username,
        agency=actor.agency,
        to_agency=to_agency,
        at=timezone.now(),
        note=note[:300],
        prev_hash=last.hash if last else evidence.GENESIS,
    )
    event.hash = evidence.custody_hash(event.prev_hash, event, item.sha256)
    event.save(force_insert=True)
    return event


def _sees_evidence(actor: User, item: EvidenceItem) -> bool:
    return EvidenceItem.objects.filter(EvidenceItem.scope_q(actor), pk=item.pk).exists()


def cluster_anchor(actor: User, cluster: Cluster) -> Indicator | None:
    """The indicator a cluster's evidence is anchored on: its most reported linking
    indicator the actor may see (a linking indicator never leaves its cluster)."""
    return (
        Indicator.objects.filter(Indicator.scope_q(actor), links=True, named_in__cluster=cluster)
        .distinct()
        .order_by("-reports", "pk")
        .first()
    )


def evidence_add(
    *,
    actor: User,
    report: Report | None = None,
    cluster: Cluster | None = None,
    filename: str,
    content: bytes,
    media_type: str = "application/octet-stream",
    description: str = "",
) -> EvidenceItem:
    """Attach a file to a report or to a cluster (exactly one of them)."""
    _require(actor, "intel.manage_evidence")
    if (report is None) == (cluster is None):
        raise ValidationError(_("Attach the evidence to a report or to a network."))
    anchor: Indicator | None = None
    if report is not None:
        if not Report.objects.filter(Report.scope_q(actor), pk=report.pk).exists():
            raise PermissionDenied
    elif cluster is not None:
        if not Cluster.objects.filter(Cluster.scope_q(actor), pk=cluster.pk).exists():
            raise PermissionDenied
        anchor = cluster_anchor(actor, cluster)
        if anchor is None:
            raise ValidationError(
                {
                    "file": _(
                        "This network has no shared number, account or site to keep the "
                        "evidence with: attach it to its report."
                    )
                }
            )
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > settings.CTIP_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is too large.")})
    storage_name = secrets.token_hex(16)
    wrapped = evidence.seal(content, storage_name)
    try:
        with transaction.atomic():
            item = EvidenceItem.objects.create(
                report=report,
                indicator=anchor,
                agency=actor.agency,
                holder=actor.agency,
                collected_by=actor,
                description=description.strip()[:2000],
                filename=(filename or "file").strip()[:255],
                media_type=(media_type or "application/octet-stream")[:100],
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                storage_name=storage_name,
                wrapped_key=wrapped,
            )
            _custody(item, action=CustodyAction.COLLECTED, actor=actor)
            attached: dict[str, object] = (
                {"report": report.pk}
                if report is not None
                else {
                    "cluster": cluster.pk if cluster else "",
                    "anchor": anchor.pk if anchor else 0,
                }
            )
            audit.record(
                "EVIDENCE_COLLECTED",
                actor=actor,
                target=item,
                fields=["filename", "description"],
                data={**attached, "sha256": item.sha256, "size": item.size},
            )
    except BaseException:
        evidence.discard(storage_name)
        raise
    return item


def evidence_transfer(
    *, actor: User, item: EvidenceItem, to_agency: Agency, note: str = ""
) -> EvidenceItem:
    """Hand the item over to another agency (a procuracy, another unit)."""
    _require(actor, "intel.manage_evidence")
    if not to_agency.is_active:
        raise ValidationError({"to_agency": _("That agency is not active.")})
    with transaction.atomic():
        # Checked on the locked row: a hand-over read before another one must not move
        # the item out of the agency that holds it now.
        item = EvidenceItem.objects.select_for_update().select_related("holder").get(pk=item.pk)
        if not _within(actor, item.holder):
            raise PermissionDenied
        if to_agency.pk == item.holder_id:
            raise ValidationError({"to_agency": _("The item is already held by that agency.")})
        EvidenceItem.objects.filter(pk=item.pk).update(holder=to_agency)
        item.holder = to_agency
        _custody(
            item, action=CustodyAction.TRANSFERRED, actor=actor, to_agency=to_agency, note=note
        )
        audit.record(
            "EVIDENCE_TRANSFERRED",
            actor=actor,
            target=item,
            fields=["holder"],
            data={"to": to_agency.code},
        )
    return item


def evidence_open(*, actor: User, item: EvidenceItem) -> bytes:
    """The decrypted file, checked against its hash; the access joins the custody log."""
    _require(actor, "intel.manage_evidence")
    if not _sees_evidence(actor, item):
        raise PermissionDenied
    content = evidence.unseal(item)
    with transaction.atomic():
        _custody(item, action=CustodyAction.ACCESSED, actor=actor)
        audit.record("EVIDENCE_ACCESSED", actor=actor, target=item)
    return content


def evidence_export(
    *, actor: User, report: Report | None = None, cluster: Cluster | None = None
) -> bytes:
    """A zip of the evidence of a report, or of a cluster (its own items and those of
    its reports), that the actor may see, with hashes and custody logs."""
    _require(actor, "intel.manage_evidence")
    if (report is None) == (cluster is None):
        raise ValidationError(_("Export the evidence of a report or of a network."))
    seen = EvidenceItem.objects.filter(EvidenceItem.scope_q(actor)).select_related(
        "report", "indicator", "agency", "collected_by"
    )
    target: Report | Cluster
    if cluster is None and report is not None:
        if not Report.objects.filter(Report.scope_q(actor), pk=report.pk).exists():
            raise PermissionDenied
        items = list(seen.filter(report=report))
        target, name = report, report.reference
    elif cluster is not None:
        if not Cluster.objects.filter(Cluster.scope_q(actor), pk=cluster.pk).exists():
            raise PermissionDenied
        items = list(selectors.cluster_evidence_items(seen, cluster))
        target, name = cluster, cluster.pk
    else:  # pragma: no cover - refused above
        raise ValidationError(_("Export the evidence of a report or of a network."))
    if not items:
        raise ValidationError(_("There is no evidence to export."))
    contents = [evidence.unseal(item) for item in items]
    now = timezone.now()
    with transaction.atomic():
        for item in items:
            _custody(item, action=CustodyAction.EXPORTED, actor=actor)
        audit.record(
            "EVIDENCE_EXPORTED",
            actor=actor,
            target=target,
            data={"items": [item.pk for item in items]},
        )
    bundle = [
        (
            item,
            content,
            list(item.custody.select_related("agency", "to_agency").order_by("seq")),
        )
        for item, content in zip(items, contents, strict=True)
    ]
    return evidence.package(
        bundle,
        name=name,
        exported_at=now.isoformat(timespec="seconds"),
        exported_by=actor.username,
        agency=actor.agency.code,
    )


# Sharing ---------------------------------------------------------------------------------


def indicators_export(*, actor: User, format: str) -> str:
    """The indicators the actor may see, as a STIX 2.1 bundle or a MISP event (JSON text).

    Only indicators and their aggregates leave (the engine's exchange never takes a
    reporter, narrative or report id); the export itself is an audit event.
    """
    _require(actor, "intel.share")
    shared = list(selectors.shared_indicators(actor))
    now = timezone.now()
    if format == "stix":
        text = to_stix_bundle(shared, now=now)
    elif format == "misp":
        event = to_misp_event(shared, info="CTIP Viet Nam: reported scam indicators", now=now)
        text = json.dumps(event, ensure_ascii=False)
    else:
        raise ValidationError({"format": _("Export as stix or misp.")})
    with transaction.atomic():
        audit.record(
            "INTEL_INDICATORS_EXPORTED",
            actor=actor,
            data={"format": format, "indicators": len(shared)},
        )
    return text


# Partner sources -------------------------------------------------------------------------

PARTNER_MAX_BYTES = getattr(settings, "CTIP_INTEL_PARTNER_MAX_BYTES", 10 * 1024 * 1024)
MAX_KEPT_ERRORS = 200
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class PartnerImport:
    bundle: PartnerBundle
    created: bool  # the first time this document was received
    indicators: int  # indicators the document names
    new_indicators: int  # not known to CTIP before (from reports or partners)
    reported: int  # of those named, how many CTIP reports also name
    errors: tuple[ObjectError, ...]


def partner_document(
    *, format: str, content: bytes, partner: str, country: str, kind: str
) -> PartnerFeed:
    """The document read, or what ``partner_import`` would refuse before writing anything
    (a page checks this before it queues the import)."""
    partner, country = " ".join(partner.split()), country.strip().upper()
    _check_partner(format=format, name=partner, country=country, kind=kind, size=len(content))
    try:
        feed = read_feed(format, content)
    except FeedError as exc:
        raise ValidationError({"file": [str(exc)]}) from None
    if not feed.items:
        messages = [_("The document names no indicator CTIP keeps.")]
        messages += [str(e) for e in feed.errors[:20]]
        raise ValidationError({"file": messages})
    return feed


def _partner_source(*, name: str, country: str, kind: str) -> PartnerSource:
    source, _created = PartnerSource.objects.get_or_create(
        key=PartnerSource.key_for(name, country),
        defaults={"name": name, "country": country, "kind": kind},
    )
    return source


def _check_partner(*, format: str, name: str, country: str, kind: str, size: int) -> None:
    errors: dict[str, list[str]] = {}
    if format not in FeedFormat.values:
        errors["format"] = [_("Choose STIX 2.1 or MISP.")]
    if not name or len(name) > 200:
        errors["partner"] = [_("Name the partner that sent it (at most 200 characters).")]
    if country and not _COUNTRY.match(country):
        errors["country"] = [_("Give the country as two letters (KH, MM, LA, TH ...).")]
    if kind not in PartnerKind.values:
        errors["kind"] = [_("Choose what kind of partner sent it.")]
    if size == 0:
        errors["file"] = [_("The file is empty.")]
    elif size > PARTNER_MAX_BYTES:
        errors["file"] = [
            _("The file is too large: at most %(n)d MB.") % {"n": PARTNER_MAX_BYTES // 2**20}
        ]
    if errors:
        raise ValidationError(errors)


def _feed_indicators(items: Sequence[PartnerItem]) -> dict[str, Indicator]:
    """ref -> Indicator row for every item, creating the ones CTIP did not know."""
    wanted = {item.indicator.ref: item.indicator for item in items}
    rows: dict[str, Indicator] = {}

    def fetch() -> None:
        by_kind: dict[str, list[str]] = {}
        for found in wanted.values():
            by_kind.setdefault(found.kind, []).append(found.key)
        for kind, keys in by_kind.items():
            for start in range(0, len(keys), 900):
                for row in Indicator.objects.filter(kind=kind, key__in=keys[start : start + 900]):
                    rows[row.ref] = row

    fetch()
    missing = [found for ref, found in wanted.items() if ref not in rows]
    if missing:
        Indicator.objects.bulk_create(
            [
                Indicator(kind=found.kind, key=found.key, display=found.display, links=found.links)
                for found in missing
            ],
            ignore_conflicts=True,
            batch_size=900,
        )
        fetch()
    return rows


def partner_import(
    *,
    actor: User,
    format: str,
    content: bytes,
    partner: str,
    country: str = "",
    kind: str = PartnerKind.OTHER,
) -> PartnerImport:
    """Keep a partner's STIX 2.1 bundle or MISP event with its source.

    Each indicator is normalised and stored as the same ``Indicator`` a report would
    name (one row per kind and key, whoever named it), with a sighting per document:
    when the partner saw it, its confidence and labels. Receiving the same document
    again (same partner, format and bundle or event id) updates it in place. Objects
    that give no indicator are listed, not raised; a document that gives none at all,
    or is not a bundle or event, is refused and nothing is written.
    """
    _require(actor, "intel.share")
    partner, country = " ".join(partner.split()), country.strip().upper()
    feed = partner_document(
        format=format, content=content, partner=partner, country=country, kind=kind
    )
    digest = hashlib.sha256(content).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        source = _partner_source(name=partner, country=country, kind=kind)
        bundle = (
            PartnerBundle.objects.select_for_update()
            .filter(agency=actor.agency, source=source, format=format, document_id=feed.document_id)
            .first()
        )
        created = bundle is None
        if bundle is None:
            bundle = PartnerBundle(
                source=source,
                format=format,
                document_id=feed.document_id,
                agency=actor.agency,
                received_by=actor,
                received_at=now,
            )
        else:
            bundle.times_received += 1
        bundle.title = feed.title
        bundle.last_received_at = now
        bundle.sha256 = digest
        bundle.indicators = len(feed.items)
        bundle.errors = [
            {"position": e.position, "object": e.object, "message": e.message}
            for e in feed.errors[:MAX_KEPT_ERRORS]
        ]
        bundle.error_count = len(feed.errors)
        bundle.save()
        known_before = set(
            Indicator.objects.filter(
                _indicator_pairs((i.indicator.kind, i.indicator.key) for i in feed.items)
            ).values_list("kind", "key")
        )
        rows = _feed_indicators(feed.items)
        existing = {s.indicator_id: s for s in bundle.sightings.all()}
        fresh: list[PartnerSighting] = []
        changed: list[PartnerSighting] = []
        for item in feed.items:
            row = rows[item.indicator.ref]
            first = item.first_seen or bundle.received_at
            last = max(item.last_seen or first, first)
            sighting = existing.get(row.pk)
            if sighting is None:
                fresh.append(
                    PartnerSighting(
                        bundle=bundle,
                        source=source,
                        indicator=row,
                        first_seen=first,
                        last_seen=last,
                        confidence=item.confidence,
                        labels=list(item.labels),
                    )
                )
            else:
                sighting.first_seen = min(sighting.first_seen, first)
                sighting.last_seen = max(sighting.last_seen, last)
                sighting.confidence = item.confidence
                sighting.labels = list(item.labels)
                changed.append(sighting)
        PartnerSighting.objects.bulk_create(fresh, batch_size=900)
        PartnerSighting.objects.bulk_update(
            changed, ["first_seen", "last_seen", "confidence", "labels"], batch_size=900
        )
        touched = [row.pk for row in rows.values()]
        _count_partner_sources(touched)
        clustering.refresh_partners(
            [row.pk for row in rows.values() if row.links and row.reports], now=now
        )
        audit.record(
            "INTEL_PARTNER_IMPORTED",
            actor=actor,
            target=bundle,
            data={
                "source": source.pk,
                "format": format,
                "first_receipt": created,
                "indicators": len(feed.items),
                "new_indicators": len(feed.items) - len(known_before),
                "errors": len(feed.errors),
            },
        )
    return PartnerImport(
        bundle=bundle,
        created=created,
        indicators=len(feed.items),
        new_indicators=len(feed.items) - len(known_before),
        reported=sum(1 for row in rows.values() if row.reports),
        errors=feed.errors,
    )


def _indicator_pairs(pairs: Iterable[tuple[str, str]]) -> Q:
    found = Q(pk__in=[])
    by_kind: dict[str, list[str]] = {}
    for kind, key in pairs:
        by_kind.setdefault(kind, []).append(key)
    for kind, keys in by_kind.items():
        found |= Q(kind=kind, key__in=keys)
    return found


def _count_partner_sources(indicators: Sequence[int]) -> None:
    """Recount ``Indicator.partner_sources`` (distinct sources) for ``indicators``."""
    count = (
        PartnerSighting.objects.filter(indicator=OuterRef("pk"))
        .order_by()
        .values("indicator")
        .annotate(n=Count("source", distinct=True))
        .values("n")
    )
    for start in range(0, len(indicators), 900):
        Indicator.objects.filter(pk__in=indicators[start : start + 900]).update(
            partner_sources=Coalesce(Subquery(count), 0)
        )
