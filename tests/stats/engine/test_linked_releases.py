"""Half a year of linked releases, attacked together by an attacker of our own.

Six months of counts by five provinces and two sexes (skewed: many small cells) are
released as a statistician would, each table protected against every release before it:
each month by province, each quarter by province and sex, then the half-year by province
and sex. The attacker knows every published number of every release and solves, in whole
numbers over the (month, province, sex) counts, for the least and greatest value of each
protected cell. No such cell may be pinned to fewer than eleven values, and the interval
the audit reports for it must lie inside the attacker's (the audit proves a cell safe by
whole solutions found along the way, which are the attacker's solutions too).
"""

import random
from datetime import date, timedelta

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from ctip.core.engine import suppression as S
from ctip.core.engine.suppression import PROTECTED, PublishedTable, Status, TableIn, protect

PROVINCES = ("a", "b", "c", "d", "e")
SEXES = ("f", "m")
MONTHS = 6
THRESHOLD = 11


def truth() -> dict[tuple[int, str, str], int]:
    rng = random.Random(11)
    weight = {"a": 0.5, "b": 1.5, "c": 4, "d": 9, "e": 20}
    return {
        (k, p, s): int(weight[p] * (0.4 if s == "f" else 0.6) * rng.uniform(0.5, 1.6))
        for k in range(MONTHS)
        for p in PROVINCES
        for s in SEXES
    }


TRUTH = truth()
ATOMS = sorted(TRUTH)


def first_day(k: int) -> date:
    return date(2025, k + 1, 1)


def table(k0: int, k1: int, breakdowns: tuple[str, ...]) -> TableIn:
    counts: dict[tuple[str, ...], int] = {}
    for (k, p, s), n in TRUTH.items():
        if k0 <= k < k1:
            key = (p, s) if len(breakdowns) == 2 else (p,)
            counts[key] = counts.get(key, 0) + n
    categories = (PROVINCES, SEXES)[: len(breakdowns)]
    end = first_day(k1) - timedelta(days=1) if k1 < 12 else date(2025, 12, 31)
    return TableIn(first_day(k0), end, breakdowns, categories, counts)


def row(months: range, key: tuple, breakdowns: tuple[str, ...]) -> np.ndarray:
    province = key[0] if breakdowns else None
    sex = key[1] if len(breakdowns) == 2 else None
    return np.array(
        [
            1.0 if k in months and province in (None, p) and sex in (None, s) else 0.0
            for k, p, s in ATOMS
        ]
    )


@pytest.fixture(scope="module")
def releases():
    plan = [(k, k + 1, ("province",)) for k in range(3)]
    plan.append((0, 3, ("province", "sex")))
    plan += [(k, k + 1, ("province",)) for k in range(3, 6)]
    plan += [(3, 6, ("province", "sex")), (0, 6, ("province", "sex"))]
    earlier: list[PublishedTable] = []
    out = []
    for k0, k1, breakdowns in plan:
        t = table(k0, k1, breakdowns)
        result = protect(t, threshold=THRESHOLD, earlier=earlier)
        earlier.append(PublishedTable(t.start, t.end, breakdowns, result.cells))
        out.append((range(k0, k1), breakdowns, result))
    return out


def attack(releases, months: range, key: tuple, breakdowns: tuple[str, ...]):
    """Least and greatest whole value of one cell given every published cell."""
    known = [
        (row(m, cell.categories, b), cell.value)
        for m, b, result in releases
        for cell in result.cells
        if not cell.suppressed
    ]
    a = np.array([r for r, _v in known])
    b = np.array([v for _r, v in known], dtype=float)
    c = row(months, key, breakdowns)
    every = LinearConstraint(a, b, b)
    whole = np.ones(len(ATOMS))
    fit = [
        milp(sign * c, constraints=every, integrality=whole, bounds=Bounds(0, np.inf))
        for sign in (1, -1)
    ]
    assert all(f.status == 0 for f in fit)
    return round(fit[0].fun), round(-fit[1].fun)


def test_the_releases_hide_small_cells_and_more(releases):
    statuses = {cell.status for _m, _b, result in releases for cell in result.cells}
    assert Status.PRIMARY in statuses
    assert Status.SECONDARY in statuses


def test_no_protected_cell_of_any_release_is_pinned_down(releases):
    for months, breakdowns, result in releases:
        for cell in result.cells:
            if cell.status not in PROTECTED:
                continue
            low, high = attack(releases, months, cell.categories, breakdowns)
            assert low <= cell.value <= high
            assert high - low >= THRESHOLD, f"{cell.categories} of {months} in [{low}, {high}]"


def test_the_audit_reports_intervals_the_attacker_reaches(releases):
    months, breakdowns, result = releases[-1]
    checked = 0
    for cell in result.cells:
        if cell.status not in PROTECTED:
            continue
        low, high = attack(releases, months, cell.categories, breakdowns)
        reported = result.audit[cell.categories]
        assert low <= reported[0]
        assert reported[1] <= high
        assert reported[1] - reported[0] >= THRESHOLD
        checked += 1
    assert checked


def test_a_solve_from_scratch_agrees_with_the_kept_model():
    """The kept model's warm solves and SciPy's ``linprog`` from scratch (what the audit
    falls back on) find the same bounds, before and after a quantity is suppressed."""
    quarter = table(0, 3, ("province", "sex"))
    monthly = [table(k, k + 1, ("province",)) for k in range(3)]
    earlier = []
    for t in monthly:
        out = protect(t, threshold=THRESHOLD, earlier=earlier)
        earlier.append(PublishedTable(t.start, t.end, t.breakdowns, out.cells))
    atoms = S._Atoms(
        [(quarter.start, quarter.end)] + [(t.start, t.end) for t in monthly],
        {"province": list(PROVINCES), "sex": list(SEXES)},
    )
    quantities = []
    for old in earlier:
        for cell in old.cells:
            mask = atoms.mask(old.start, old.end, old.breakdowns, cell.categories, {})
            quantities.append(S._Quantity(mask, cell.value, cell.status, 0, None))
    for key, value in S.table_cells(quarter):
        mask = atoms.mask(quarter.start, quarter.end, quarter.breakdowns, key, {})
        quantities.append(S._Quantity(mask, value, Status.PUBLISHED, 0, key))
    problem = S._Problem(quantities, atoms)
    cells = [q.mask.astype(float) for q in quantities if q.new_key is not None]
    for c in cells:
        for sign in (1, -1):
            warm, cold = problem._warm(sign * c), problem._cold(sign * c)
            assert warm[0] == pytest.approx(cold[0])
    # Suppress a rectangle of the quarter's inner cells (two provinces, both sexes):
    # their rows are freed and each is no longer pinned to one value.
    rectangle = [
        i
        for i, q in enumerate(quantities)
        if q.new_key and q.new_key[0] in ("d", "e") and q.new_key[1] is not None
    ]
    for i in rectangle:
        quantities[i].status = Status.SECONDARY
    problem.sync(quantities)
    for i in rectangle:
        c = quantities[i].mask.astype(float)
        low, high = problem._warm(c), problem._warm(-c)
        assert low[0] == pytest.approx(problem._cold(c)[0])
        assert high[0] == pytest.approx(problem._cold(-c)[0])
        assert low[0] < quantities[i].value < -high[0]
