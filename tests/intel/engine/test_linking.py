from datetime import UTC, datetime, timedelta

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctip.intel.engine import Indicator, normalise
from ctip.intel.engine.linking import (
    ClusterIndex,
    UnionFind,
    cluster_id,
    components,
    risk_score,
)

NOW = datetime(2025, 6, 1, tzinfo=UTC)


def ind(kind: str, key: str, links: bool = True) -> Indicator:
    return Indicator(kind=kind, key=key, display=key, links=links)


def partition(index: ClusterIndex) -> set[frozenset[str]]:
    return {frozenset(reports) for _, reports, _ in index.clusters()}


def test_reports_sharing_a_phone_typed_differently_are_one_cluster():
    index = ClusterIndex()
    first = index.add(
        "R-1",
        [normalise("phone", "0912 345 678"), normalise("bank_account", "0011001234", bank="VCB")],
        reported_at=NOW,
        amount_vnd=5_000_000,
    )
    second = index.add(
        "R-2", [normalise("phone", "+84 912.345.678")], reported_at=NOW, amount_vnd=1_000_000
    )
    assert first == second == cluster_id("R-1")
    summary = index.summary_of("R-2", now=NOW)
    assert summary.size == 2
    assert summary.total_loss_vnd == 6_000_000
    assert summary.kinds == ("bank_account", "phone")
    assert summary.linking_indicators == 2


def test_names_and_bare_platforms_never_link():
    index = ClusterIndex()
    index.add("A", [normalise("name", "Công ty TNHH Việt Đức")], reported_at=NOW)
    index.add("B", [normalise("name", "Viet Duc Co., Ltd")], reported_at=NOW)
    index.add("C", [normalise("url", "https://facebook.com")], reported_at=NOW)
    index.add("D", [normalise("url", "facebook.com/")], reported_at=NOW)
    assert partition(index) == {frozenset("A"), frozenset("B"), frozenset("C"), frozenset("D")}


def test_a_report_bridging_two_clusters_merges_them_and_their_aggregates():
    index = ClusterIndex()
    day = timedelta(days=1)
    index.add("R-3", [ind("phone", "+1")], reported_at=NOW - 3 * day, amount_vnd=10)
    index.add("R-2", [ind("phone", "+2")], reported_at=NOW - day, amount_vnd=20)
    assert len(partition(index)) == 2
    merged = index.add(
        "R-9", [ind("phone", "+1"), ind("crypto", "x"), ind("phone", "+2")], reported_at=NOW
    )
    assert merged == cluster_id("R-2")
    summary = index.summary(merged, now=NOW)
    assert (summary.size, summary.total_loss_vnd, summary.linking_indicators) == (3, 30, 3)
    assert (summary.first_reported, summary.last_reported) == (NOW - 3 * day, NOW)


def test_adding_a_report_again_adds_indicators_but_not_losses():
    index = ClusterIndex()
    index.add("A", [ind("phone", "+1")], reported_at=NOW, amount_vnd=100)
    index.add("B", [ind("phone", "+2")], reported_at=NOW, amount_vnd=100)
    index.add("A", [ind("phone", "+1"), ind("phone", "+2")], reported_at=NOW, amount_vnd=100)
    assert partition(index) == {frozenset({"A", "B"})}
    assert index.summary_of("A", now=NOW).total_loss_vnd == 200


def test_risk_score_rewards_corroboration_losses_breadth_and_recency():
    base = {"size": 1, "total_loss_vnd": 0, "kinds": 1, "last_reported": NOW, "now": NOW}
    assert risk_score(**base) == 10.0
    assert risk_score(**{**base, "last_reported": NOW - timedelta(days=400)}) == 0.0
    assert risk_score(**{**base, "size": 50, "total_loss_vnd": 10**10, "kinds": 4}) > 99
    singleton_max = risk_score(**{**base, "total_loss_vnd": 10**12, "kinds": 6})
    assert singleton_max <= 60


def test_union_find():
    uf = UnionFind(5)
    uf.union(0, 1)
    uf.union(3, 4)
    uf.union(1, 4)
    assert len({uf.find(n) for n in range(5)}) == 2
    assert uf.size[uf.find(0)] == 4


graphs = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60)
    )
)


@given(graphs)
def test_vectorised_components_agree_with_networkx(graph):
    n, edges = graph
    src = np.array([a for a, _ in edges], np.int64)
    dst = np.array([b for _, b in edges], np.int64)
    labels = components(n, src, dst)
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    for component in nx.connected_components(g):
        assert {int(labels[node]) for node in component} == {min(component)}


reports = st.lists(
    st.tuples(
        st.lists(
            st.tuples(st.sampled_from(["phone", "url", "name"]), st.integers(0, 15)), max_size=4
        ),
        st.integers(0, 10**9),
        st.integers(0, 1000),
    ),
    min_size=1,
    max_size=40,
)


def _indicators(spec):
    return [ind(kind, str(key), links=kind != "name") for kind, key in spec]


@settings(max_examples=150)
@given(reports, st.randoms(use_true_random=False))
def test_incremental_equals_rebuild_for_any_insert_order(specs, rng):
    rows = [
        (f"R-{i:03d}", _indicators(spec), NOW - timedelta(hours=hours), amount)
        for i, (spec, amount, hours) in enumerate(specs)
    ]
    incremental = ClusterIndex()
    for report_id, indicators, at, amount in rows:
        incremental.add(report_id, indicators, reported_at=at, amount_vnd=amount)
    shuffled = rows[:]
    rng.shuffle(shuffled)
    other_order = ClusterIndex()
    for report_id, indicators, at, amount in shuffled:
        other_order.add(report_id, indicators, reported_at=at, amount_vnd=amount)
    rebuilt = ClusterIndex()
    for report_id, indicators, at, amount in shuffled:
        rebuilt.add(report_id, indicators, reported_at=at, amount_vnd=amount)
    rebuilt.rebuild()

    expected = list(incremental.clusters())
    assert list(other_order.clusters()) == expected
    assert list(rebuilt.clusters()) == expected
    summaries = sorted(incremental.summaries(now=NOW), key=lambda s: s.cluster)
    assert sorted(other_order.summaries(now=NOW), key=lambda s: s.cluster) == summaries
    assert sorted(rebuilt.summaries(now=NOW), key=lambda s: s.cluster) == summaries
    for report_id, *_ in rows:
        assert rebuilt.cluster_of(report_id) == incremental.cluster_of(report_id)


@given(reports)
def test_clusters_are_the_components_that_networkx_finds(specs):
    index = ClusterIndex()
    g = nx.Graph()
    for i, (spec, amount, _) in enumerate(specs):
        report_id = f"R-{i}"
        index.add(report_id, _indicators(spec), reported_at=NOW, amount_vnd=amount)
        g.add_node(report_id)
        g.add_edges_from((report_id, f"{k}:{v}") for k, v in spec if k != "name")
    expected = {frozenset(n for n in c if n.startswith("R-")) for c in nx.connected_components(g)}
    assert partition(index) == expected - {frozenset()}


@pytest.mark.parametrize("smallest", ["R-1", "2024-000001", "report"])
def test_cluster_ids_do_not_reveal_report_ids(smallest):
    assert smallest not in cluster_id(smallest)
    assert cluster_id(smallest) == cluster_id(smallest)
