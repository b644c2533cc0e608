"""Reports that share an identifying indicator form clusters (networks).

Clusters are the connected components of the graph whose nodes are reports and
indicators, with an edge wherever a report names an indicator that may link
(`Indicator.links`). The same partition comes out of two paths: `ClusterIndex.add`
updates it one report at a time with a union-find, and `ClusterIndex.rebuild` recomputes
it from scratch with the vectorised `components`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from .base import Indicator


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size."""

    __slots__ = ("parent", "size")

    def __init__(self, n: int = 0) -> None:
        self.parent: list[int] = list(range(n))
        self.size: list[int] = [1] * n

    def add(self) -> int:
        node = len(self.parent)
        self.parent.append(node)
        self.size.append(1)
        return node

    def find(self, node: int) -> int:
        parent = self.parent
        while parent[node] != node:
            # Path halving: every other node on the path skips to its grandparent, which
            # keeps trees flat without a second pass or recursion.
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, a: int, b: int) -> int:
        """Merge the sets of ``a`` and ``b``; return the surviving root."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return root_a
        if self.size[root_a] < self.size[root_b]:
            root_a, root_b = root_b, root_a
        self.parent[root_b] = root_a
        self.size[root_a] += self.size[root_b]
        return root_a


def _roots(parent: npt.NDArray[np.int64], nodes: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The root of each of ``nodes``, chasing all their parent pointers at once."""
    roots = parent[nodes]
    while True:
        higher = parent[roots]
        if np.array_equal(higher, roots):
            return roots
        roots = higher


def _hook_all(
    parent: npt.NDArray[np.int64], src: npt.NDArray[np.int64], dst: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    while src.size:
        root_src, root_dst = _roots(parent, src), _roots(parent, dst)
        parent[src], parent[dst] = root_src, root_dst
        differ = root_src != root_dst
        if not differ.any():
            break
        src, dst = src[differ], dst[differ]
        root_src, root_dst = root_src[differ], root_dst[differ]
        np.minimum.at(parent, np.maximum(root_src, root_dst), np.minimum(root_src, root_dst))
    while True:
        jumped = parent[parent]
        if np.array_equal(jumped, parent):
            return parent
        parent = jumped


def components(
    n_nodes: int, src: npt.NDArray[np.int64], dst: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Label each node with the smallest node id of its connected component.

    Vectorised union-find over the edge arrays. First every ``dst`` node is contracted
    onto its smallest neighbour (itself included): the edges around it become edges to
    that neighbour, and the many indicators that only one report names drop out, which
    shrinks a report-indicator graph to a fraction of its edges. Then each round finds
    the roots of every remaining edge's ends, compresses their paths, drops edges whose
    ends share a root, and hooks the larger root onto the smaller. Parents only ever
    point to smaller ids, which rules out cycles and makes each root its component's
    smallest id.
    """
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    nearest = np.arange(n_nodes, dtype=np.int64)
    np.minimum.at(nearest, dst, src)
    contracted = nearest[dst]
    # A contracted node that is also an edge's source keeps its own edges, so it must
    # stay joined to the neighbour it was contracted onto.
    is_src = np.zeros(n_nodes, dtype=bool)
    is_src[src] = True
    moved = np.flatnonzero((nearest < np.arange(n_nodes)) & is_src)
    keep = src != contracted
    parent = _hook_all(
        np.arange(n_nodes, dtype=np.int64),
        np.concatenate([src[keep], moved]),
        np.concatenate([contracted[keep], nearest[moved]]),
    )
    # Every other contracted node belongs where its nearest neighbour ended up.
    return parent[nearest]


def cluster_id(smallest_report_id: str) -> str:
    """A stable id from the cluster's smallest report id, which it does not reveal."""
    return "c-" + hashlib.sha256(smallest_report_id.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class _Aggregate:
    smallest: str
    size: int
    first: datetime
    last: datetime
    losses: int
    indicators: int
    kinds: set[str] = field(default_factory=set)

    def absorb(self, other: _Aggregate) -> None:
        self.smallest = min(self.smallest, other.smallest)
        self.size += other.size
        self.first = min(self.first, other.first)
        self.last = max(self.last, other.last)
        self.losses += other.losses
        self.indicators += other.indicators
        self.kinds |= other.kinds


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    cluster: str
    size: int
    first_reported: datetime
    last_reported: datetime
    total_loss_vnd: int
    kinds: tuple[str, ...]
    linking_indicators: int
    risk: float


RECENT = timedelta(days=30)
STALE = timedelta(days=365)


PARTNER_WEIGHT = 0.25  # share of the remaining headroom partner corroboration may close
PARTNER_SATURATES = 2  # linking indicators also reported by partners


def risk_score(
    *,
    size: int,
    total_loss_vnd: int,
    kinds: int,
    last_reported: datetime,
    now: datetime,
    partner_indicators: int = 0,
) -> float:
    """Risk in [0, 100]; the formula and its reasons are in docs/apps/intel.md.

    ``partner_indicators``: how many of the cluster's linking indicators partner
    sources also reported; each closes part of the gap to 100, never the whole of it.
    """
    corroboration = 1 - math.exp(-(size - 1) / 5)
    losses = min(1.0, math.log10(1 + max(total_loss_vnd, 0)) / 10)
    breadth = min(1.0, max(kinds - 1, 0) / 3)
    age = now - last_reported
    recency = min(1.0, max(0.0, (STALE - age) / (STALE - RECENT)))
    score = 40 * corroboration + 30 * losses + 20 * breadth + 10 * recency
    partners = min(1.0, max(partner_indicators, 0) / PARTNER_SATURATES)
    score += (100 - score) * PARTNER_WEIGHT * partners
    return round(score, 1)


@dataclass(slots=True)
class _Report:
    id: str
    reported_at: datetime
    amount_vnd: int
    refs: list[str]
    kinds: set[str]


class ClusterIndex:
    """All reports and their clusters, kept current one report at a time."""

    def __init__(self) -> None:
        self._reports: list[_Report] = []
        self._by_id: dict[str, int] = {}
        self._first_report: dict[str, int] = {}  # linking indicator ref -> first report
        self._uf = UnionFind()
        self._aggregates: dict[int, _Aggregate] = {}

    def __len__(self) -> int:
        return len(self._reports)

    def add(
        self,
        report_id: str,
        indicators: Iterable[Indicator],
        *,
        reported_at: datetime,
        amount_vnd: int = 0,
    ) -> str:
        """Add a report, merge the clusters it connects, and return its cluster id.

        Adding a report id again adds any new indicators to it; its time and amount stay
        those of the first add, so a re-run import does not double the losses.
        """
        node = self._by_id.get(report_id)
        if node is None:
            node = self._uf.add()
            self._by_id[report_id] = node
            report = _Report(report_id, reported_at, amount_vnd, [], set())
            self._reports.append(report)
            self._aggregates[node] = _Aggregate(
                report_id, 1, reported_at, reported_at, amount_vnd, 0
            )
        report = self._reports[node]
        for indicator in indicators:
            ref = indicator.ref
            if ref in report.refs:
                continue
            report.refs.append(ref)
            report.kinds.add(indicator.kind)
            self._aggregates[self._uf.find(node)].kinds.add(indicator.kind)
            if not indicator.links:
                continue
            first = self._first_report.setdefault(ref, node)
            if first == node:
                self._aggregates[self._uf.find(node)].indicators += 1
            else:
                self._merge(node, first)
        return self.cluster_of(report_id)

    def _merge(self, a: int, b: int) -> None:
        root_a, root_b = self._uf.find(a), self._uf.find(b)
        if root_a == root_b:
            return
        root = self._uf.union(root_a, root_b)
        absorbed = root_b if root == root_a else root_a
        self._aggregates[root].absorb(self._aggregates.pop(absorbed))

    def cluster_of(self, report_id: str) -> str:
        root = self._uf.find(self._by_id[report_id])
        return cluster_id(self._aggregates[root].smallest)

    def rebuild(self) -> None:
        """Recompute every cluster from the stored reports; gives the same partition."""
        n_reports = len(self._reports)
        ref_ids: dict[str, int] = {}
        src: list[int] = []
        dst: list[int] = []
        for node, report in enumerate(self._reports):
            for ref in report.refs:
                if ref in self._first_report:
                    src.append(node)
                    dst.append(n_reports + ref_ids.setdefault(ref, len(ref_ids)))
        labels = components(
            n_reports + len(ref_ids), np.array(src, np.int64), np.array(dst, np.int64)
        )
        roots = labels[:n_reports]
        self._uf = UnionFind()
        self._uf.parent = roots.tolist()
        self._uf.size = np.bincount(roots, minlength=n_reports).tolist()
        self._aggregates = {}
        for node, report in enumerate(self._reports):
            root = int(roots[node])
            own = _Aggregate(
                report.id,
                1,
                report.reported_at,
                report.reported_at,
                report.amount_vnd,
                sum(1 for ref in report.refs if self._first_report.get(ref) == node),
                set(report.kinds),
            )
            if root in self._aggregates:
                self._aggregates[root].absorb(own)
            else:
                self._aggregates[root] = own

    def summaries(self, *, now: datetime) -> Iterator[ClusterSummary]:
        """Every cluster's summary, in no particular order."""
        for aggregate in self._aggregates.values():
            yield self._summary(aggregate, now)

    def summary(self, cluster: str, *, now: datetime) -> ClusterSummary:
        for aggregate in self._aggregates.values():
            if cluster_id(aggregate.smallest) == cluster:
                return self._summary(aggregate, now)
        raise KeyError(cluster)

    def summary_of(self, report_id: str, *, now: datetime) -> ClusterSummary:
        root = self._uf.find(self._by_id[report_id])
        return self._summary(self._aggregates[root], now)

    @staticmethod
    def _summary(aggregate: _Aggregate, now: datetime) -> ClusterSummary:
        return ClusterSummary(
            cluster=cluster_id(aggregate.smallest),
            size=aggregate.size,
            first_reported=aggregate.first,
            last_reported=aggregate.last,
            total_loss_vnd=aggregate.losses,
            kinds=tuple(sorted(aggregate.kinds)),
            linking_indicators=aggregate.indicators,
            risk=risk_score(
                size=aggregate.size,
                total_loss_vnd=aggregate.losses,
                kinds=len(aggregate.kinds),
                last_reported=aggregate.last,
                now=now,
            ),
        )

    def clusters(self) -> Iterator[tuple[str, list[str], list[str]]]:
        """(cluster id, sorted report ids, sorted indicator refs) for every cluster, by id."""
        members: dict[int, list[int]] = {}
        for node in range(len(self._reports)):
            members.setdefault(self._uf.find(node), []).append(node)
        rows = []
        for root, nodes in members.items():
            reports = sorted(self._reports[n].id for n in nodes)
            refs = sorted({ref for n in nodes for ref in self._reports[n].refs})
            rows.append((cluster_id(self._aggregates[root].smallest), reports, refs))
        rows.sort()
        yield from rows
