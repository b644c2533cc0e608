"""Clusters in the database, kept equal to what the engine's linking computes.

Incremental (``link_report``): a new report joins the clusters of every earlier report
that names one of its linking indicators; their summaries are absorbed the way the
engine's ``ClusterIndex`` absorbs them, so one report costs a few indexed queries
whatever the cluster's size. Full (``rebuild``): every report and its indicator refs go
through ``ClusterIndex`` and the table is rewritten. Both name a cluster by the engine's
``cluster_id`` of its smallest report ref, so they agree (tested).

Partner sources: an indicator only partners reported links nothing (partners send
indicators, not reports). A cluster counts its linking indicators that partners also
reported (``partner_indicators``, additive over merges because a linking indicator
belongs to exactly one cluster) and the engine's ``risk_score`` raises the risk with
it; ``refresh_partners`` recounts the clusters a partner import touched.

These functions run inside the caller's transaction and write no audit event: the
actions that call them do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from ctip.intel.bulk import adapt, insert_rows
from ctip.intel.engine import Indicator as EngineIndicator
from ctip.intel.engine.linking import ClusterIndex, cluster_id, risk_score
from ctip.intel.models import Cluster, Indicator, Report, ReportIndicator

WRITE_BATCH = 5000
CLUSTER_FIELDS = (
    "id",
    "anchor",
    "size",
    "first_reported",
    "last_reported",
    "total_loss_vnd",
    "kinds",
    "linking_indicators",
    "partner_indicators",
    "risk",
    "updated_at",
)


def link_report(
    report: Report,
    *,
    linking: Iterable[int],
    new_linking: int,
    kinds: Iterable[str],
    new_partner: int = 0,
) -> Cluster:
    """Put ``report`` into its cluster, merging the clusters it connects.

    ``linking`` are the pks of its linking indicators, ``new_linking`` how many of them
    no earlier report named, ``new_partner`` how many of those partners reported,
    ``kinds`` the kinds of all its indicators.
    """
    touched = set(
        Report.objects.filter(
            pk__in=ReportIndicator.objects.filter(indicator_id__in=list(linking))
            .exclude(report_id=report.pk)
            .values("report_id"),
            cluster__isnull=False,
        ).values_list("cluster_id", flat=True)
    )
    absorbed = list(Cluster.objects.select_for_update().filter(pk__in=touched))
    now = timezone.now()
    anchor = min([report.ref, *(c.anchor for c in absorbed)])
    size = 1 + sum(c.size for c in absorbed)
    first = min([report.reported_at, *(c.first_reported for c in absorbed)])
    last = max([report.reported_at, *(c.last_reported for c in absorbed)])
    losses = report.amount_lost_vnd + sum(c.total_loss_vnd for c in absorbed)
    all_kinds = set(kinds).union(*(c.kinds for c in absorbed))
    indicators = new_linking + sum(c.linking_indicators for c in absorbed)
    partners = new_partner + sum(c.partner_indicators for c in absorbed)
    cluster = Cluster(
        id=cluster_id(anchor),
        anchor=anchor,
        size=size,
        first_reported=first,
        last_reported=last,
        total_loss_vnd=losses,
        kinds=sorted(all_kinds),
        linking_indicators=indicators,
        partner_indicators=partners,
        risk=risk_score(
            size=size,
            total_loss_vnd=losses,
            kinds=len(all_kinds),
            last_reported=last,
            now=now,
            partner_indicators=partners,
        ),
        updated_at=now,
    )
    cluster.save()
    old = [c.pk for c in absorbed if c.pk != cluster.pk]
    if old:
        Report.objects.filter(cluster_id__in=old).update(cluster=cluster)
        Cluster.objects.filter(pk__in=old).delete()
    Report.objects.filter(pk=report.pk).update(cluster=cluster)
    report.cluster = cluster
    return cluster


@dataclass(frozen=True)
class RebuildResult:
    reports: int
    clusters: int
    networks: int  # clusters of two reports or more
    largest: int


def _index() -> tuple[ClusterIndex, dict[str, int]]:
    """Every report and its indicators, fed to the engine in ref order."""
    index = ClusterIndex()
    pks: dict[str, int] = {}
    indicators: dict[int, EngineIndicator] = {}
    links = (
        ReportIndicator.objects.order_by("report_id")
        .values_list(
            "report_id",
            "indicator_id",
            "indicator__kind",
            "indicator__key",
            "indicator__display",
            "indicator__links",
        )
        .iterator(chunk_size=20000)
    )
    pending = next(links, None)
    reports = (
        Report.objects.order_by("pk")
        .values_list("pk", "ref", "reported_at", "amount_lost_vnd")
        .iterator(chunk_size=20000)
    )
    for pk, ref, reported_at, amount in reports:
        named: list[EngineIndicator] = []
        # Both streams are ordered by report pk: merge them instead of joining in SQL,
        # which keeps one copy of each indicator however many reports name it.
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                ind_pk = pending[1]
                indicator = indicators.get(ind_pk)
                if indicator is None:
                    indicator = EngineIndicator(*pending[2:])
                    indicators[ind_pk] = indicator
                named.append(indicator)
            pending = next(links, None)
        index.add(ref, named, reported_at=reported_at, amount_vnd=amount)
        pks[ref] = pk
    return index, pks


def rebuild(
    *, now: datetime | None = None, progress: Callable[[str], None] | None = None
) -> RebuildResult:
    """Recompute every cluster with the engine and rewrite the table."""
    now = now or timezone.now()
    say = progress or (lambda _message: None)
    say("reading reports")
    index, pks = _index()
    summaries = {s.cluster: s for s in index.summaries(now=now)}
    partnered = _partner_refs()
    say(f"writing {len(summaries):,} clusters")
    table, report_table = Cluster._meta.db_table, Report._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {report_table} SET cluster_id = NULL")  # noqa: S608
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    rows: list[tuple] = []
    assignments: list[tuple[str, int]] = []
    networks = largest = 0
    stamp = adapt(now)
    kinds = Cluster._meta.get_field("kinds")
    for cid, reports, refs in index.clusters():
        s = summaries[cid]
        partners = sum(1 for ref in refs if ref in partnered)
        risk = s.risk
        if partners:
            risk = risk_score(
                size=s.size,
                total_loss_vnd=s.total_loss_vnd,
                kinds=len(s.kinds),
                last_reported=s.last_reported,
                now=now,
                partner_indicators=partners,
            )
        rows.append(
            (
                cid,
                reports[0],
                s.size,
                adapt(s.first_reported),
                adapt(s.last_reported),
                s.total_loss_vnd,
                kinds.get_db_prep_save(list(s.kinds), connection),
                s.linking_indicators,
                partners,
                risk,
                stamp,
            )
        )
        assignments += [(cid, pks[ref]) for ref in reports]
        networks += s.size > 1
        largest = max(largest, s.size)
        if len(rows) >= WRITE_BATCH:
            _write(rows, assignments)
            rows, assignments = [], []
    _write(rows, assignments)
    return RebuildResult(len(pks), len(summaries), networks, largest)


def _partner_refs() -> set[str]:
    """Refs of the linking indicators partners reported (few, next to all indicators)."""
    rows = Indicator.objects.filter(links=True, partner_sources__gt=0).values_list("kind", "key")
    return {f"{kind}:{key}" for kind, key in rows.iterator(chunk_size=20000)}


def refresh_partners(indicators: Iterable[int], *, now: datetime | None = None) -> int:
    """Recount ``partner_indicators`` and the risk of the clusters naming ``indicators``
    (after a partner import changed their ``partner_sources``). Returns how many changed."""
    now = now or timezone.now()
    touched = set(
        Report.objects.filter(
            pk__in=ReportIndicator.objects.filter(indicator_id__in=list(indicators)).values(
                "report_id"
            ),
            cluster__isnull=False,
        ).values_list("cluster_id", flat=True)
    )
    changed = 0
    for cluster in Cluster.objects.select_for_update().filter(pk__in=touched):
        partners = (
            Indicator.objects.filter(links=True, partner_sources__gt=0, named_in__cluster=cluster)
            .distinct()
            .count()
        )
        risk = risk_score(
            size=cluster.size,
            total_loss_vnd=cluster.total_loss_vnd,
            kinds=len(cluster.kinds),
            last_reported=cluster.last_reported,
            now=now,
            partner_indicators=partners,
        )
        if partners != cluster.partner_indicators or risk != cluster.risk:
            Cluster.objects.filter(pk=cluster.pk).update(
                partner_indicators=partners, risk=risk, updated_at=now
            )
            changed += 1
    return changed


def _write(rows: list[tuple], assignments: list[tuple[str, int]]) -> None:
    insert_rows(Cluster, CLUSTER_FIELDS, rows)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {Report._meta.db_table} SET cluster_id = %s WHERE id = %s",  # noqa: S608
            assignments,
        )
