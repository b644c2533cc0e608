"""An attacker reasons in whole people: the audit must too.

Eight elementary counts: two quarters, two provinces (p, q), two sexes (f, m). The first
quarter's (p, m) cell holds 5 people. Three releases by province and sex are out: the
first quarter with only its (p, f) cell, the second with its (p, m) and (q, f) cells, the
half-year with its (q, m) cell, the total of p and the total of women. If the first
quarter's total is now released, it closes an odd cycle (the hidden a + b, b + c and
a + c are each known up to one count): real numbers leave the 5 anywhere in [4.5, 15.5],
wide enough, but whole numbers only in [5, 15], narrower than the threshold.
"""

from datetime import date

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from ctip.core.engine.suppression import (
    OutCell,
    PublishedTable,
    Status,
    TableIn,
    protect,
    table_cells,
)

Q1 = (date(2025, 1, 1), date(2025, 3, 31))
Q2 = (date(2025, 4, 1), date(2025, 6, 30))
H1 = (Q1[0], Q2[1])
BY_BOTH = ("province", "sex")
TRUTH = {  # (quarter, province, sex)
    (1, "p", "f"): 30,
    (1, "p", "m"): 5,
    (1, "q", "f"): 3,
    (1, "q", "m"): 21,
    (2, "p", "f"): 15,
    (2, "p", "m"): 25,
    (2, "q", "f"): 20,
    (2, "q", "m"): 1,
}
ATOMS = sorted(TRUTH)


def count(quarters, province, sex):
    return sum(
        n
        for (t, p, s), n in TRUTH.items()
        if t in quarters and province in (None, p) and sex in (None, s)
    )


def by_both(period, quarters):
    cells = {(p, s): count(quarters, p, s) for p in ("p", "q") for s in ("f", "m")}
    return TableIn(*period, BY_BOTH, (("p", "q"), ("f", "m")), cells)


def total(period, quarters):
    return TableIn(*period, (), (), {(): count(quarters, None, None)})


def published(period, quarters, shown):
    """A release by province and sex showing only the cells in ``shown``."""
    cells = tuple(
        OutCell(
            key,
            value,
            Status.PUBLISHED
            if key in shown
            else (Status.PRIMARY if 0 < value < 11 else Status.SECONDARY),
        )
        for key, value in table_cells(by_both(period, quarters))
    )
    return PublishedTable(*period, BY_BOTH, cells)


EARLIER = [
    published(Q1, (1,), {("p", "f")}),
    published(Q2, (2,), {("p", "m"), ("q", "f")}),
    published(H1, (1, 2), {("q", "m"), ("p", None), (None, "f")}),
]
KNOWN = [  # (quarters, province, sex, value) of every published cell
    (quarters, *cell.categories, cell.value)
    for quarters, release in zip(((1,), (2,), (1, 2)), EARLIER, strict=True)
    for cell in release.cells
    if not cell.suppressed
]
TARGET = ((1,), "p", "m")


def row(quarters, province, sex):
    return np.array(
        [
            1.0 if t in quarters and province in (None, p) and sex in (None, s) else 0.0
            for t, p, s in ATOMS
        ]
    )


def attack(known, target, *, whole):
    """Smallest and largest value of ``target`` an attacker can prove from ``known``."""
    a = np.array([row(*k[:3]) for k in known])
    b = np.array([k[3] for k in known], dtype=float)
    c = row(*target)
    if whole:
        limits = Bounds(0, np.inf)
        every = LinearConstraint(a, b, b)
        whole_ones = np.ones(len(ATOMS))
        fit = [
            milp(s * c, constraints=every, integrality=whole_ones, bounds=limits) for s in (1, -1)
        ]
    else:
        fit = [linprog(s * c, A_eq=a, b_eq=b, bounds=(0, None), method="highs") for s in (1, -1)]
    return fit[0].fun, -fit[1].fun


def test_real_numbers_call_the_cell_safe_where_whole_numbers_pin_it():
    """The attack is sound: the earlier releases alone keep the 5 safe; with the first
    quarter's total it is safe in real numbers and pinned to fewer than eleven whole
    values."""
    assert attack(KNOWN, TARGET, whole=True)[1] - attack(KNOWN, TARGET, whole=True)[0] >= 11
    shown = [*KNOWN, ((1,), None, None, count((1,), None, None))]
    assert attack(shown, TARGET, whole=False) == (4.5, 15.5)
    assert attack(shown, TARGET, whole=True) == (5, 15)


def test_the_audit_counts_whole_people():
    result = protect(total(Q1, (1,)), earlier=EARLIER)
    assert result.shown() == {(): None}
