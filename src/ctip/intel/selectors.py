"""Scoped reads of the intel app, the public lookup, and what other apps may ask.

The public lookup answers with counts, months and a verified flag only: never who
reported, never a narrative, never a report or cluster id. Opening a report whose
reporter the actor may see is recorded in the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ctip.compounds.ports import LinkedItem, LinkGroup, register_links
from ctip.core import audit
from ctip.core.models import Agency, User
from ctip.core.scope import get_visible, visible
from ctip.intel import ports
from ctip.intel.engine import Indicator as EngineIndicator
from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.engine.exchange import SharedIndicator
from ctip.intel.engine.social import PLATFORMS
from ctip.intel.models import (
    Cluster,
    CompoundLink,
    CustodyEvent,
    EvidenceItem,
    FreezeRequest,
    FreezeStatus,
    Indicator,
    IndicatorKind,
    PartnerBundle,
    PartnerSighting,
    PartnerSource,
    Report,
    ReportIndicator,
    Verification,
)
from ctip.intel.ports import CaseMention

REPORTER_FIELDS = ("reporter_name", "reporter_phone", "reporter_email")


# Public -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LookupResult:
    kind: str
    display: str
    reports: int
    first_month: str  # "2025-03", or "" when never reported
    last_month: str
    verified: bool
    partner_sources: int = 0  # partner agencies and CERTs that also reported it (unnamed)
    verified_reports: int = 0  # reports staff accepted
    unverified_reports: int = 0  # reports not yet triaged (merged and unfounded left out)
    cleared: bool = False  # its owner's dispute was upheld


def _month(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m") if moment else ""


def public_lookup(kind: str, value: str, *, bank: str = "", platform: str = "") -> LookupResult:
    """What the public may know of one indicator. Raises the engine's InvalidIndicator."""
    indicator = normalise(kind, value, bank=bank or None, platform=platform or None)
    rows = _indicator_rows(
        (
            "reports",
            "first_seen",
            "last_seen",
            "verified_at",
            "partner_sources",
            "verified_reports",
            "dismissed_reports",
            "cleared_at",
        ),
        [(indicator.kind, indicator.key)],
    )
    if not rows:
        return LookupResult(indicator.kind, indicator.display, 0, "", "", False)
    (_, _, reports, first_seen, last_seen, verified_at, partner_sources, verified, dismissed,
     cleared_at) = rows[0]  # fmt: skip
    cleared = cleared_at is not None
    return LookupResult(
        indicator.kind,
        indicator.display,
        reports,
        _month(_moment(first_seen)),
        _month(_moment(last_seen)),
        not cleared and (verified > 0 or verified_at is not None),
        partner_sources,
        verified_reports=0 if cleared else verified,
        unverified_reports=max(0, reports - verified - dismissed),
        cleared=cleared,
    )


def reported_counts(
    *, phones: Iterable[str] = (), domains: Iterable[str] = (), handles: Iterable[str] = ()
) -> dict[str, int]:
    """Reports naming each value (E.164 phones, registrable domains, handles with or
    without ``@``), keyed by the value as given, for other apps' checks. Values never
    reported are left out."""
    phones, domains = list(phones), list(domains)
    # (kind, key) -> the values asked about that it answers.
    asked: dict[tuple[str, str], list[str]] = {}
    for phone in phones:
        asked.setdefault(("phone", phone), []).append(phone)
        # A Zalo or WhatsApp account is keyed on its phone number.
        for platform in ("zalo", "whatsapp"):
            asked.setdefault(("social", f"{platform}:{phone}"), []).append(phone)
    for domain in domains:
        asked.setdefault(("url", domain), []).append(domain)
    for handle in handles:
        bare = handle.strip().lstrip("@").casefold()
        if bare:
            for platform in PLATFORMS:
                asked.setdefault(("social", f"{platform}:{bare}"), []).append(handle)
    if not asked:
        return {}
    counts: dict[str, int] = {}
    for kind, key, reports in _indicator_rows(("reports",), asked):
        for value in asked[kind, key]:
            counts[value] = counts.get(value, 0) + reports
    return {value: count for value, count in counts.items() if count > 0}


# Reports ---------------------------------------------------------------------------------


def reports(actor: User, *, type: str = "", channel: str = "", query: str = "") -> QuerySet[Report]:
    rows = visible(Report.objects.all(), actor, "intel.view_reports").select_related(
        "agency", "cluster"
    )
    if type:
        rows = rows.filter(type=type)
    if channel:
        rows = rows.filter(channel=channel)
    if query:
        match = Q(ref=query) | Q(external_id=query) | Q(indicators__display__icontains=query)
        for kind in ("phone", "url", "email", "ip", "app", "apk_hash"):
            try:
                typed = normalise(kind, query)
            except InvalidIndicator:
                continue
            match |= Q(indicators__kind=typed.kind, indicators__key=typed.key)
        rows = rows.filter(match).distinct()
    return rows.order_by("-reported_at", "-pk")


def report(actor: User, report_id: int) -> Report:
    return get_visible(
        Report.objects.select_related("agency", "cluster", "filed_by"),
        actor,
        "intel.view_reports",
        pk=report_id,
    )


def open_report(actor: User, report_id: int) -> Report:
    """The report; reading its reporter (owning agency only) is an audit event."""
    found = report(actor, report_id)
    if found.has_reporter and found.shows_reporter_to(actor):
        audit.record_read(actor, found, fields=REPORTER_FIELDS)
    return found


def report_indicators(found: Report) -> QuerySet[Indicator]:
    return found.indicators.all().order_by("kind", "key")


# Clusters --------------------------------------------------------------------------------


def clusters(actor: User, *, networks_only: bool = True) -> QuerySet[Cluster]:
    rows = visible(Cluster.objects.all(), actor, "intel.view_reports")
    if networks_only:
        rows = rows.filter(size__gt=1)
    return rows.order_by("-risk", "-last_reported")


def cluster(actor: User, cluster_id: str) -> Cluster:
    return get_visible(Cluster.objects.all(), actor, "intel.view_reports", pk=cluster_id)


def cluster_reports(actor: User, found: Cluster) -> QuerySet[Report]:
    """The cluster's reports the actor may see (others count in the totals only)."""
    return reports(actor).filter(cluster=found)


def cluster_indicators(actor: User, found: Cluster) -> QuerySet[Indicator]:
    return (
        visible(Indicator.objects.all(), actor, "intel.view_reports")
        .filter(named_in__cluster=found)
        .distinct()
        .order_by("-reports", "kind", "key")
    )


def cluster_name(actor: User, found: Cluster) -> str:
    """A network named by its strongest indicators and its size ("Phone number 0912 345 678,
    Bank account 970436:0011… · 5 reports"); its hash stays its reference."""
    strongest = list(cluster_indicators(actor, found)[:2])
    kinds = dict(IndicatorKind.choices)
    named = ", ".join(f"{kinds.get(i.kind, _('Indicator'))} {i.display}" for i in strongest)
    size = ngettext("%(n)d report", "%(n)d reports", found.size) % {"n": found.size}
    return f"{named} · {size}" if named else size


def cluster_timeline(found: Cluster) -> list[tuple[str, int, int]]:
    """(month, reports, losses VND) over all the cluster's reports: aggregates only."""
    rows = (
        Report.objects.filter(cluster=found)
        .annotate(month=TruncMonth("reported_at"))
        .values("month")
        .annotate(n=Count("pk"), losses=Sum("amount_lost_vnd"))
        .order_by("month")
    )
    return [(r["month"].strftime("%Y-%m"), r["n"], r["losses"]) for r in rows]


def cluster_of(actor: User, found: Report) -> Cluster | None:
    if not found.cluster_id:
        return None
    return (
        visible(Cluster.objects.all(), actor, "intel.view_reports")
        .filter(pk=found.cluster_id)
        .first()
    )


# Indicators ------------------------------------------------------------------------------


def indicator(
    actor: User, indicator_id: int, *, permission: str = "intel.view_reports"
) -> Indicator:
    return get_visible(Indicator.objects.all(), actor, permission, pk=indicator_id)


def indicator_reports(actor: User, found: Indicator) -> QuerySet[Report]:
    """The reports naming the indicator that the actor may read."""
    return reports(actor).filter(indicators=found)


def indicator_cluster(actor: User, found: Indicator) -> Cluster | None:
    """The network a linking indicator belongs to, if the actor may see it."""
    if not found.links:
        return None
    return (
        visible(Cluster.objects.all(), actor, "intel.view_reports")
        .filter(reports__indicators=found)
        .first()
    )


@dataclass(frozen=True)
class PartnerAggregate:
    """What partners said of an indicator, without naming them."""

    sources: int
    first_seen: datetime | None
    last_seen: datetime | None
    confidence: int | None  # the highest a partner gave


def partner_aggregate(found: Indicator) -> PartnerAggregate:
    row = PartnerSighting.objects.filter(indicator=found).aggregate(
        sources=Count("source", distinct=True),
        first=Min("first_seen"),
        last=Max("last_seen"),
        confidence=Max("confidence"),
    )
    return PartnerAggregate(row["sources"], row["first"], row["last"], row["confidence"])


# Victim cases ----------------------------------------------------------------------------

INTEL_PERMISSIONS = (
    "intel.view_reports",
    "intel.request_freeze",
    "intel.manage_evidence",
    "intel.share",
)


@dataclass(frozen=True)
class CaseLink:
    case_id: int
    reference: str
    lead_agency: str


@dataclass(frozen=True)
class VictimCases:
    """Victim cases whose person's account names an indicator: how many, and those the
    actor may open (the others are counted, with the agency that leads them)."""

    count: int
    openable: tuple[CaseLink, ...]
    other_agencies: tuple[str, ...]  # lead agencies of the cases the actor may not open

    @property
    def hidden(self) -> int:
        return self.count - len(self.openable)


def _mentions(actor: User, indicators: Iterable[Indicator]) -> dict[int, list[CaseMention]] | None:
    # Only the cases app knows its cases: it supplies the answer through intel's port.
    naming = ports.cases_naming()
    if naming is None:  # no app supplies it: show no section, never a 500
        return None
    return {i.pk: list(naming(actor, i.kind, i.key)) for i in indicators}


def _victim_cases(mentions: Iterable[CaseMention]) -> VictimCases:
    by_case = {m.case_id: m for m in mentions}
    openable = tuple(
        CaseLink(m.case_id, m.reference, m.lead_agency)
        for m in sorted(by_case.values(), key=lambda m: m.reference)
        if m.visible
    )
    others = tuple(sorted({m.lead_agency for m in by_case.values() if not m.visible}))
    return VictimCases(len(by_case), openable, others)


def indicator_cases(actor: User, found: Indicator) -> VictimCases | None:
    """The victim cases naming the indicator, for actors with an intel permission
    (``None`` for others). Showing them is a recorded read of the indicator."""
    if not any(actor.has_ctip_perm(p) for p in INTEL_PERMISSIONS):
        return None
    mentions = _mentions(actor, [found])
    if mentions is None:
        return None
    result = _victim_cases(mentions[found.pk])
    if result.count:
        audit.record_read(actor, found, fields=("victim_cases",))
    return result


def cluster_cases(
    actor: User, found: Cluster, indicators: Iterable[Indicator]
) -> tuple[VictimCases, dict[int, int]] | None:
    """The victim cases naming any of the cluster's ``indicators`` (distinct cases), and
    per indicator pk how many cases name it; recorded like ``indicator_cases``."""
    if not any(actor.has_ctip_perm(p) for p in INTEL_PERMISSIONS):
        return None
    mentions = _mentions(actor, indicators)
    if mentions is None:
        return None
    result = _victim_cases(m for rows in mentions.values() for m in rows)
    if result.count:
        audit.record_read(actor, found, fields=("victim_cases",))
    return result, {pk: len(rows) for pk, rows in mentions.items() if rows}


def verifications(found: Indicator) -> QuerySet[Verification]:
    return found.verifications.select_related("agency").order_by("verified_at")


def shared_indicators(actor: User) -> Iterator[SharedIndicator]:
    """Linking indicators the actor may see, with the aggregates that may leave.

    Only those a report of the actor's agency (or one below it) names: an indicator the
    actor sees because a partner sent it is not passed on to other partners."""
    mine = ReportIndicator.objects.filter(
        indicator=OuterRef("pk"), report__agency__path__startswith=actor.agency.path
    )
    rows = (
        visible(Indicator.objects.all(), actor, "intel.share")
        .filter(Exists(mine), links=True, reports__gt=0)
        .order_by("kind", "key")
    )
    for row in rows.iterator(chunk_size=2000):
        yield SharedIndicator(
            EngineIndicator(row.kind, row.key, row.display, row.links),
            reports=row.reports,
            first_seen=row.first_seen or timezone.now(),
            last_seen=row.last_seen or timezone.now(),
            verified=row.verified_at is not None,
        )


# Freeze requests -------------------------------------------------------------------------


def issued_requests(actor: User, *, overdue: bool = False) -> QuerySet[FreezeRequest]:
    rows = (
        visible(FreezeRequest.objects.all(), actor, "intel.request_freeze")
        .filter(issuing_agency__path__startswith=actor.agency.path)
        .select_related("institution", "issuing_agency")
    )
    if overdue:
        rows = rows.filter(status=FreezeStatus.SENT, deadline__lt=timezone.now())
    return rows.order_by("-issued_at", "-pk")


def inbox(actor: User, *, open_only: bool = False) -> QuerySet[FreezeRequest]:
    """Requests addressed to the actor's institution."""
    rows = (
        visible(FreezeRequest.objects.all(), actor, "intel.answer_freeze")
        .filter(institution__path__startswith=actor.agency.path)
        .select_related("institution", "issuing_agency")
    )
    if open_only:
        rows = rows.filter(status=FreezeStatus.SENT)
    return rows.order_by("deadline", "pk")


def issued_request(actor: User, request_id: int) -> FreezeRequest:
    return get_visible(issued_requests(actor), actor, "intel.request_freeze", pk=request_id)


def inbox_request(actor: User, request_id: int) -> FreezeRequest:
    return get_visible(inbox(actor), actor, "intel.answer_freeze", pk=request_id)


def request_accounts(request: FreezeRequest) -> QuerySet[Indicator]:
    return request.indicators.all().order_by("kind", "key")


def request_reports(request: FreezeRequest) -> QuerySet[Report]:
    return request.reports.all().order_by("reported_at")


# Evidence --------------------------------------------------------------------------------


def report_evidence(actor: User, found: Report) -> QuerySet[EvidenceItem]:
    return visible(EvidenceItem.objects.all(), actor, "intel.manage_evidence").filter(report=found)


def cluster_evidence_items(rows: QuerySet[EvidenceItem], found: Cluster) -> QuerySet[EvidenceItem]:
    """Of ``rows``, the items of a cluster: those anchored on one of its indicators and
    those of its reports. Follows the cluster through merges and rebuilds, because the
    anchor indicator and the reports stay in it."""
    return (
        rows.filter(Q(indicator__named_in__cluster=found) | Q(report__cluster=found))
        .distinct()
        .order_by("collected_at", "pk")
    )


def cluster_evidence(actor: User, found: Cluster) -> QuerySet[EvidenceItem]:
    rows = visible(EvidenceItem.objects.all(), actor, "intel.manage_evidence")
    return cluster_evidence_items(rows.select_related("report", "indicator"), found)


def evidence_cluster(actor: User, item: EvidenceItem) -> Cluster | None:
    """The network an item attached to a network is in today, if the actor may see it."""
    if item.indicator_id is None or not actor.has_ctip_perm("intel.view_reports"):
        return None
    return (
        visible(Cluster.objects.all(), actor, "intel.view_reports")
        .filter(reports__indicators=item.indicator_id)
        .first()
    )


def evidence_item(actor: User, evidence_id: int) -> EvidenceItem:
    return get_visible(
        EvidenceItem.objects.select_related(
            "report", "indicator", "agency", "holder", "collected_by"
        ),
        actor,
        "intel.manage_evidence",
        pk=evidence_id,
    )


def custody(item: EvidenceItem) -> QuerySet[CustodyEvent]:
    return CustodyEvent.chain_of(item)


@dataclass(frozen=True)
class NetworkSize:
    """A scam network, as another app links to it: its id and how many reports it has."""

    id: str
    size: int


@dataclass(frozen=True)
class IndicatorReach:
    """What intel knows of an indicator another app holds (a contact on a case)."""

    reports: int  # scam reports naming it, all agencies (what the public lookup says)
    networks: tuple[NetworkSize, ...]  # its networks the actor may open (at most five)


def indicators_reach(
    actor: User, indicators: Iterable[EngineIndicator], *, networks: int = 5
) -> dict[str, IndicatorReach]:
    """For other apps (cases): by the indicator's ``ref``, the reports naming it and, for
    actors who read intel reports, up to ``networks`` of its networks they may open.
    Indicators no report names are left out."""
    asked = list(indicators)
    counts = {str(k["ref"]): int(k["reports"]) for k in known(asked)}  # type: ignore[call-overload]
    reported = {i.ref: i for i in asked if counts.get(i.ref)}
    found: dict[str, IndicatorReach] = {}
    readable = actor.has_ctip_perm("intel.view_reports")
    for ref, item in reported.items():
        sizes: tuple[NetworkSize, ...] = ()
        if readable:
            ids = (
                reports(actor)
                .filter(indicators__kind=item.kind, indicators__key=item.key)
                .exclude(cluster__isnull=True)
                .order_by()
                .values_list("cluster_id", flat=True)
                .distinct()[:networks]
            )
            sizes = tuple(
                NetworkSize(c.pk, c.size)
                for c in clusters(actor, networks_only=False).filter(pk__in=list(ids))
            )
        found[ref] = IndicatorReach(counts[ref], sizes)
    return found


def known(indicators: Iterable[EngineIndicator]) -> list[dict[str, object]]:
    """For each indicator (e.g. from a partner feed): what the public lookup would say."""
    found = list(indicators)
    rows = {
        (r.kind, r.key): r
        for r in Indicator.objects.filter(
            kind__in={i.kind for i in found}, key__in={i.key for i in found}
        ).only("kind", "key", "reports", "verified_at", "partner_sources")
    }
    out: list[dict[str, object]] = []
    for item in found:
        row = rows.get((item.kind, item.key))
        out.append(
            {
                "ref": item.ref,
                "kind": item.kind,
                "display": item.display,
                "reports": row.reports if row else 0,
                "verified": bool(row and row.verified_at),
                "partner_sources": row.partner_sources if row else 0,
            }
        )
    return out


# Partner sources -------------------------------------------------------------------------


def partner_sources(actor: User) -> QuerySet[PartnerSource]:
    """Partners whose documents the actor's agency (or one below it) received."""
    path = actor.agency.path
    mine = Q(bundles__agency__path__startswith=path)
    return (
        visible(PartnerSource.objects.all(), actor, "intel.share")
        .annotate(
            documents=Count("bundles", filter=mine, distinct=True),
            last_received=Max("bundles__last_received_at", filter=mine),
        )
        .order_by("name", "country")
    )


def partner_source(actor: User, source_id: int) -> PartnerSource:
    return get_visible(partner_sources(actor), actor, "intel.share", pk=source_id)


def source_bundles(actor: User, source: PartnerSource) -> QuerySet[PartnerBundle]:
    return (
        visible(PartnerBundle.objects.all(), actor, "intel.share")
        .filter(source=source)
        .select_related("agency", "received_by")
        .order_by("-last_received_at", "-pk")
    )


@dataclass(frozen=True)
class SourceIndicator:
    """An indicator as one partner source reported it, over the documents received."""

    indicator: Indicator
    first_seen: datetime
    last_seen: datetime
    confidence: int | None
    labels: list[str]


def source_indicators(
    actor: User, source: PartnerSource, *, limit: int = 500
) -> list[SourceIndicator]:
    """Per indicator, first and last seen by this source, its latest confidence and all
    its labels (from the documents the actor may see)."""
    sightings = (
        visible(PartnerSighting.objects.all(), actor, "intel.share")
        .filter(source=source)
        .select_related("indicator", "bundle")
        .order_by("indicator_id", "bundle__last_received_at")
    )
    merged: dict[int, SourceIndicator] = {}
    for s in sightings.iterator(chunk_size=2000):
        had = merged.get(s.indicator_id)
        if had is None:
            if len(merged) >= limit:
                continue
            merged[s.indicator_id] = SourceIndicator(
                s.indicator, s.first_seen, s.last_seen, s.confidence, sorted(s.labels)
            )
        else:
            merged[s.indicator_id] = SourceIndicator(
                had.indicator,
                min(had.first_seen, s.first_seen),
                max(had.last_seen, s.last_seen),
                s.confidence if s.confidence is not None else had.confidence,
                sorted(set(had.labels) | set(s.labels)),
            )
    return sorted(merged.values(), key=lambda i: (i.indicator.kind, i.indicator.key))


def _indicator_rows(
    columns: tuple[str, ...], pairs: Iterable[tuple[str, str]]
) -> list[tuple[Any, ...]]:
    """(kind, key, *columns) of the indicators among ``pairs``, in plain SQL.

    The public lookup and the job-offer check read at most a dozen indicators per
    request; building that one query through the ORM costs about 0.4 ms, fifteen times
    what running it costs (docs/performance.md, "Public lookup under load"), on the two
    busiest public paths. The query asks for the superset kinds x keys, which the
    (kind, key) index answers with two IN lists, and keeps only the exact pairs.
    """
    wanted = set(pairs)
    if not wanted:
        return []
    kinds = sorted({kind for kind, _ in wanted})
    keys = sorted({key for _, key in wanted})
    # Identifiers are this module's own names (the fields' columns); values are parameters.
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in ("kind", "key", *columns))
    sql = (
        f"SELECT {names} FROM {quote(Indicator._meta.db_table)}"  # noqa: S608
        f" WHERE {quote('kind')} IN ({', '.join(['%s'] * len(kinds))})"
        f" AND {quote('key')} IN ({', '.join(['%s'] * len(keys))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*kinds, *keys])
        return [row for row in cursor.fetchall() if (row[0], row[1]) in wanted]


def _moment(value: datetime | str | None) -> datetime | None:
    """A timestamp column read in plain SQL: SQLite gives naive UTC text or datetimes."""
    if value is None or (isinstance(value, datetime) and timezone.is_aware(value)):
        return value
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC)


class _CompoundLinks:
    """Indicators analysts tied to a compound: the indicators to readers of intelligence
    in the agency that tied them (and those above it), only how many to everyone else."""

    def linked(self, actor: User, compound_id: int) -> LinkGroup | None:
        from django.urls import reverse

        total = CompoundLink.objects.filter(compound_id=compound_id).count()
        if not total:
            return None
        items: tuple[LinkedItem, ...] = ()
        if actor.has_ctip_perm("intel.view_reports"):
            rows = (
                visible(CompoundLink.objects.all(), actor, "intel.view_reports")
                .filter(compound_id=compound_id)
                .order_by("indicator_id")
                .values_list("indicator_id", "indicator__kind", "indicator__display")
                .distinct()[:50]
            )
            items = tuple(
                LinkedItem(f"{kind}: {display}", reverse("intel:indicator", args=[pk]))
                for pk, kind, display in rows
            )
        return LinkGroup(_("Indicators and networks"), total, items)


def compound_links_of(actor: User, indicator_ids: Iterable[int]) -> dict[int, list[str]]:
    """Names of the compounds the actor's agency tied each indicator to."""
    from ctip.compounds import selectors as compound_selectors

    pairs = list(
        visible(CompoundLink.objects.all(), actor, "intel.view_reports")
        .filter(indicator_id__in=list(indicator_ids))
        .values_list("indicator_id", "compound_id")
    )
    names = compound_selectors.compound_names([c for _i, c in pairs])
    found: dict[int, list[str]] = {}
    for indicator_id, compound_id in pairs:
        found.setdefault(indicator_id, []).append(names.get(compound_id, ""))
    return found


def register_compound_links() -> None:
    register_links("intel", _CompoundLinks())


@dataclass(frozen=True)
class HoldingRow:
    """One declaration, in words: the institution, what it holds, the code."""

    id: int
    agency_id: int
    institution: str
    kind: str
    kind_label: str
    code: str
    label: str


def institution_holdings(actor: User) -> list[HoldingRow]:
    """Every declaration of which institution holds what, by institution then kind."""
    from ctip.intel.actions.institutions import code_label
    from ctip.intel.models import InstitutionCode

    rows = visible(
        InstitutionCode.objects.select_related("agency"), actor, "intel.manage_institutions"
    ).order_by("agency__name_vi", "kind", "code")
    return [
        HoldingRow(
            id=row.pk,
            agency_id=row.agency_id,
            institution=str(row.agency),
            kind=row.kind,
            kind_label=str(row.get_kind_display()),
            code=row.code,
            label=code_label(row.kind, row.code),
        )
        for row in rows
    ]


def institution_code(actor: User, code_id: int) -> Any:
    """One declaration to withdraw: of an institution reporting to exactly the actor's
    agency (404 elsewhere)."""
    from ctip.intel.models import InstitutionCode

    return get_visible(
        InstitutionCode.objects.select_related("agency").filter(agency__parent_id=actor.agency_id),
        actor,
        "intel.manage_institutions",
        pk=code_id,
    )


def institutions(actor: User) -> Any:
    """Active institutions (banks, telcos, platforms) reporting to the actor's agency."""
    from ctip.intel.models import INSTITUTION_TYPES

    return Agency.objects.filter(
        is_active=True, type__in=INSTITUTION_TYPES, parent_id=actor.agency_id
    ).order_by("name_vi")
