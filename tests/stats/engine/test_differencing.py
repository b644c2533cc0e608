"""Attack releases by differencing overlapping tables; fail if a hidden count comes back.

The attacker knows every published number of two releases of one dataset and solves for
the hidden ones (exactly, by linear programming over the elementary cells). A test fails
if any count from 1 to 10, in either release or in their difference, is pinned down to an
interval narrower than the threshold.
"""

from datetime import date

import numpy as np
from scipy.optimize import linprog

from ctip.core.engine.suppression import PublishedTable, TableIn, protect, table_cells

PROVINCES = ("a", "b", "c", "d")
# Monthly truth by province: province "a" has 2 victims in December only.
MONTHLY = {
    "a": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2],
    "b": [3, 4, 5, 3, 4, 5, 3, 4, 5, 3, 4, 5],
    "c": [9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9],
    "d": [2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 30],
}


def table(months: int) -> TableIn:
    counts = {(p,): sum(MONTHLY[p][:months]) for p in PROVINCES}
    end = date(2025, months, 28 if months == 2 else 30 if months in (4, 6, 9, 11) else 31)
    return TableIn(date(2025, 1, 1), end, ("province",), (PROVINCES,), counts)


def attack(releases):
    """Smallest and largest December count of each province an attacker can prove."""
    # Unknowns: January-November and December counts of each province.
    index = {(p, part): i for i, (p, part) in enumerate((p, k) for p in PROVINCES for k in "ND")}
    rows, values = [], []
    for (_start, end), shown in releases:
        parts = "ND" if end.month == 12 else "N"
        for key, value in shown.items():
            if value is None:
                continue
            row = np.zeros(len(index))
            for p in PROVINCES if key[0] is None else (key[0],):
                for part in parts:
                    row[index[(p, part)]] = 1
            rows.append(row)
            values.append(value)
    out = {}
    for p in PROVINCES:
        c = np.zeros(len(index))
        c[index[(p, "D")]] = 1
        low = linprog(c, A_eq=np.array(rows), b_eq=values, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=np.array(rows), b_eq=values, bounds=(0, None), method="highs")
        top = float("inf") if high.status == 3 else -high.fun
        out[p] = (low.fun, top)
    return out


def test_the_unprotected_difference_would_give_a_small_count_away():
    """Without linked control the attack works: the attack itself is sound."""
    year, eleven = table(12), table(11)
    naive = [
        ((year.start, year.end), dict(table_cells(year))),
        ((eleven.start, eleven.end), dict(table_cells(eleven))),
    ]
    low, high = attack(naive)["a"]
    assert low == high == 2


def test_differencing_two_overlapping_releases_recovers_nothing():
    year = protect(table(12))
    earlier = [PublishedTable(table(12).start, table(12).end, ("province",), year.cells)]
    eleven = protect(table(11), earlier=earlier)
    releases = [
        ((table(12).start, table(12).end), year.shown()),
        ((table(11).start, table(11).end), eleven.shown()),
    ]
    for province, (low, high) in attack(releases).items():
        truth = MONTHLY[province][11]
        assert low <= truth <= high
        if 0 < truth < 11:
            assert high - low >= 11, f"December of {province} narrowed to [{low}, {high}]"
    # Every small cell of either release stays hidden.
    for release in (year, eleven):
        for cell in release.cells:
            if 0 < cell.value < 11:
                assert cell.suppressed
