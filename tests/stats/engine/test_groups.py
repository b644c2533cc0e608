"""Groups of categories (a campaign's provinces, the others): a table of their sums is
audited against tables by province, and the other way round. The attacker knows every
number both tables show and solves for a province's count by linear programming; a test
fails if a hidden count is pinned down narrower than the threshold."""

from datetime import date

import numpy as np
from scipy.optimize import linprog

from ctip.core.engine.suppression import (
    PublishedTable,
    Status,
    TableIn,
    members,
    protect,
)

WEEK = (date(2026, 3, 2), date(2026, 3, 8))
TRUTH = {"ha-noi": 3, "nghe-an": 40, "hue": 20, "lao-cai": 25, "unknown": 5}
PLACES = ("ha-noi", "nghe-an", "hue", "lao-cai")
TARGETED = ("ha-noi", "nghe-an")
OTHERS = ("hue", "lao-cai")


def by_province() -> TableIn:
    universe = (*PLACES, "unknown")
    return TableIn(*WEEK, ("province",), (universe,), {(p,): TRUTH[p] for p in universe})


def by_group() -> TableIn:
    """Targeted and other provinces; the records without a province are left out."""
    counts = {(g,): sum(TRUTH[p] for p in g) for g in (TARGETED, OTHERS)}
    return TableIn(*WEEK, ("province",), ((TARGETED, OTHERS),), counts)


def published(table: TableIn, result) -> PublishedTable:  # type: ignore[no-untyped-def]
    return PublishedTable(table.start, table.end, table.breakdowns, result.cells)


def attack(*shown: tuple[TableIn, dict]) -> tuple[float, float]:  # type: ignore[type-arg]
    """The smallest and largest count of Ha Noi consistent with everything shown."""
    names = list(TRUTH)
    rows, values = [], []
    for table, cells in shown:
        covered = {m for c in table.categories[0] for m in members(c)}
        for (key,), value in cells.items():
            if value is None:
                continue
            row = np.zeros(len(names))
            for p in sorted(covered) if key is None else members(key):
                row[names.index(p)] = 1
            rows.append(row)
            values.append(value)
    c = np.zeros(len(names))
    c[names.index("ha-noi")] = 1
    low = linprog(c, A_eq=np.array(rows), b_eq=values, bounds=(0, None), method="highs")
    high = linprog(-c, A_eq=np.array(rows), b_eq=values, bounds=(0, None), method="highs")
    return low.fun, float("inf") if high.status == 3 else -high.fun


def test_without_a_joint_audit_the_difference_gives_the_hidden_count():
    """The attack is sound: each table protected alone, 43 - 40 gives Ha Noi's 3."""
    provinces = protect(by_province())
    groups = protect(by_group())
    assert provinces.shown()[("ha-noi",)] is None
    assert provinces.shown()[("nghe-an",)] == 40
    assert groups.shown()[(TARGETED,)] == 43
    low, high = attack((by_province(), provinces.shown()), (by_group(), groups.shown()))
    assert (low, high) == (3, 3)


def test_a_group_table_after_a_table_by_province_keeps_the_hidden_count():
    provinces = protect(by_province())
    groups = protect(by_group(), earlier=[published(by_province(), provinces)])
    assert groups.shown()[(TARGETED,)] is None
    low, high = attack((by_province(), provinces.shown()), (by_group(), groups.shown()))
    assert high - low >= 11


def test_a_table_by_province_after_a_group_table_keeps_the_hidden_count():
    groups = protect(by_group())
    assert groups.shown()[(TARGETED,)] == 43
    provinces = protect(by_province(), earlier=[published(by_group(), groups)])
    shown = provinces.shown()
    assert shown[("ha-noi",)] is None
    assert shown[("nghe-an",)] is None  # 43 - 40 = 3: linked to the group
    low, high = attack((by_group(), groups.shown()), (by_province(), shown))
    assert high - low >= 11


def test_a_group_total_covers_its_members_only():
    """The records without a province are in no group: the group table's total (88) is the
    sum of the groups, not of the whole breakdown, and with the national total (93) it
    would give the 5 records without a province back, hidden in the table by province."""
    provinces = protect(by_province())
    assert provinces.shown()[("unknown",)] is None
    groups = protect(by_group(), earlier=[published(by_province(), provinces)])
    total = next(c for c in groups.cells if c.categories == (None,))
    assert (total.value, total.status) == (88, Status.LINKED)


def test_a_group_of_members_absent_elsewhere_joins_the_universe():
    lone = TableIn(*WEEK, ("province",), ((("a", "b"), ("c",)),), {(("a", "b"),): 30})
    result = protect(lone, earlier=[published(by_province(), protect(by_province()))])
    assert result.shown()[(("a", "b"),)] == 30
    assert result.shown()[(("c",),)] == 0
