"""Cell suppression for count tables, audited against every earlier release of a dataset.

A table has zero, one or two breakdowns; its published quantities are the inner cells, the
totals of each row and column and the grand total. Each quantity (of this table and of the
releases of the same dataset already published) is a sum of *atoms*: one atom for each
elementary time interval (cut at every period's ends) and each combination of categories.

1. Primary: a quantity from 1 to ``threshold - 1`` is suppressed. So is a quantity whose
   difference with a nested published quantity of an earlier release (a year and its first
   eleven months; a province and its women) falls from 1 to ``threshold - 1``.
2. Audit: for every protected quantity, SciPy's HiGHS finds the smallest and the
   largest value consistent with everything published and atoms whole and >= 0: linear
   programming first, mixed-integer programming when the relaxation's optimum is not
   whole (an attacker reasons in whole people). A quantity whose interval is narrower
   than ``protection`` is exposed. One HiGHS model serves the whole audit of a table: each
   bound changes only its objective and re-solves from the last optimal basis. Every whole
   solution met is kept (checked exactly against the constraints): two of them at least
   ``protection`` apart on a quantity prove it safe without solving for its bounds.
3. Secondary: for each exposed quantity the smallest published sibling (a quantity of the
   same line, disjoint from it) is suppressed, and the audit runs again; if nothing is
   left to suppress, the table is refused (:class:`Unprotectable`).

A category may be a *group*: a tuple of categories standing for their union (the provinces
a campaign targeted, and the others). Its atoms are its members', so a table of groups is
audited against tables of the members and the other way round. A total over a breakdown
whose categories include a group covers their members only (a group table may leave some
categories out: the records without a province); otherwise it covers the whole breakdown.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import numpy as np

MAX_ATOMS = 400_000
DEFAULT_THRESHOLD = 11  # a count from 1 to 10 is never published (decision 0015)


class Status(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "primary"  # under the threshold
    LINKED = "linked"  # its difference with an earlier release is under the threshold
    SECONDARY = "secondary"  # suppressed so that the totals do not give another back


PROTECTED = (Status.PRIMARY, Status.LINKED)


# A category, or a group of them standing for their union.
Category = str | tuple[str, ...]
Key = tuple[Category | None, ...]  # None: the total over that breakdown


def members(category: Category) -> tuple[str, ...]:
    """The categories a category stands for: a group's members, or itself."""
    return category if isinstance(category, tuple) else (category,)


class Unprotectable(ValueError):
    """No suppression pattern keeps the table's small cells from being recomputed."""


class _Inconsistent(Unprotectable):
    """Earlier releases and today's figures disagree (records were added or corrected)."""


@dataclass(frozen=True)
class TableIn:
    start: date
    end: date
    breakdowns: tuple[str, ...]
    categories: tuple[tuple[Category, ...], ...]  # each breakdown's universe, zeros included
    # Inner cells; missing ones are zero.
    counts: Mapping[tuple[str, ...], int] | Mapping[tuple[Category, ...], int]

    def __post_init__(self) -> None:
        if len(self.breakdowns) > 2 or len(self.categories) != len(self.breakdowns):
            raise ValueError("A table has at most two breakdowns, each with its categories.")


@dataclass(frozen=True)
class OutCell:
    categories: Key  # None: the total over that breakdown
    value: int  # the true value: never shown when suppressed
    status: Status

    @property
    def suppressed(self) -> bool:
        return self.status is not Status.PUBLISHED


@dataclass(frozen=True)
class PublishedTable:
    """A release already out: what an attacker knows (values within ``tolerance``)."""

    start: date
    end: date
    breakdowns: tuple[str, ...]
    cells: tuple[OutCell, ...]
    tolerance: int = 0


@dataclass(frozen=True)
class Protected:
    cells: tuple[OutCell, ...]
    threshold: int
    protection: int
    audit: dict[Key, tuple[float, float]] = field(default_factory=dict)

    def shown(self) -> dict[Key, int | None]:
        return {c.categories: (None if c.suppressed else c.value) for c in self.cells}


def table_cells(table: TableIn) -> list[tuple[Key, int]]:
    """Inner cells, then the totals, with their values."""
    levels: list[tuple[Category | None, ...]] = [(*cats, None) for cats in table.categories]
    out = []
    for key in itertools.product(*levels):
        value = sum(
            n
            for inner, n in table.counts.items()
            if all(k is None or k == i for k, i in zip(key, inner, strict=True))
        )
        out.append((key, value))
    return out


def _in_month(code: str, a: date, b: date) -> bool:
    try:
        year, month = (int(x) for x in code.split("-"))
    except ValueError:
        return True
    first = date(year, month, 1)
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return a < nxt and first <= b


class _Atoms:
    def __init__(self, periods: list[tuple[date, date]], universe: dict[str, list[str]]) -> None:
        cuts = sorted({p[0] for p in periods} | {p[1] + timedelta(days=1) for p in periods})
        self.intervals = [
            (a, b - timedelta(days=1))
            for a, b in itertools.pairwise(cuts)
            if any(p[0] <= a and b - timedelta(days=1) <= p[1] for p in periods)
        ]
        self.dims = sorted(universe)
        self.universe = {d: sorted(universe[d]) for d in self.dims}
        sizes = [len(self.intervals)] + [len(self.universe[d]) for d in self.dims]
        n = int(np.prod(sizes)) if sizes else 0
        if n > MAX_ATOMS:
            raise Unprotectable("Too many combinations of categories to audit.")
        grids = np.indices(sizes).reshape(len(sizes), -1)
        self.interval = grids[0]
        self.cat = {d: grids[i + 1] for i, d in enumerate(self.dims)}
        self.n = n
        # A breakdown by month cannot put a count outside its month: those atoms are zero.
        self.impossible = np.zeros(n, dtype=bool)
        if "month" in self.universe:
            for ci, code in enumerate(self.universe["month"]):
                for ii, (a, b) in enumerate(self.intervals):
                    if not _in_month(code, a, b):
                        self.impossible |= (self.interval == ii) & (self.cat["month"] == ci)

    def mask(
        self,
        start: date,
        end: date,
        breakdowns: tuple[str, ...],
        key: Key,
        covers: Mapping[str, tuple[str, ...]],
    ) -> np.ndarray:
        """The atoms of one quantity; ``covers``: what a total covers over a breakdown of
        groups (see :func:`_covers`)."""
        inside = [i for i, (a, b) in enumerate(self.intervals) if start <= a and b <= end]
        m = np.isin(self.interval, inside)
        for dim, cat in zip(breakdowns, key, strict=True):
            if cat is None and dim not in covers:
                continue
            wanted = covers[dim] if cat is None else members(cat)
            m &= np.isin(self.cat[dim], [self.universe[dim].index(c) for c in wanted])
        return m


def _covers(
    breakdowns: tuple[str, ...], categories: Sequence[Sequence[Category]]
) -> dict[str, tuple[str, ...]]:
    """For each breakdown whose categories include a group: every member of every
    category, what the total over it covers."""
    out = {}
    for dim, cats in zip(breakdowns, categories, strict=True):
        if any(isinstance(c, tuple) for c in cats):
            out[dim] = tuple(sorted({m for c in cats for m in members(c)}))
    return out


def _inner(old: PublishedTable) -> list[list[Category]]:
    """The categories of each breakdown of an earlier table, read from its cells."""
    out: list[list[Category]] = [[] for _dim in old.breakdowns]
    for cell in old.cells:
        for i, cat in enumerate(cell.categories):
            if cat is not None and cat not in out[i]:
                out[i].append(cat)
    return out


@dataclass
class _Quantity:
    mask: np.ndarray
    value: int
    status: Status
    tolerance: int
    new_key: Key | None  # set for this table's quantities


def _bounds(
    quantities: list[_Quantity],
    problem: _Problem,
    targets: list[int],
    protection: int,
    witnesses: _Witnesses,
) -> dict[int, tuple[float, float]]:
    """For each target, whether it is exposed: its interval of whole values consistent
    with what is published (whole atoms, each >= 0) narrower than ``protection``.

    An exposed target gets its whole interval (for one already narrower than
    ``protection`` in real numbers, its real interval rounded inwards). A safe one gets an
    interval the attacker's contains: two whole solutions at least ``protection`` apart
    (``witnesses``) prove it safe without solving for its exact ends."""
    problem.sync(quantities)
    out: dict[int, tuple[float, float]] = {}
    for t in targets:
        c = quantities[t].mask.astype(float)
        # Inner: values of whole solutions found so far (the least and the greatest lie
        # outside them); outer: proven bounds (the least and the greatest lie inside).
        inner = witnesses.span(c)
        if inner is not None and inner[1] - inner[0] >= protection:
            out[t] = inner
            continue
        low = problem.relaxed(c)
        witnesses.add(low, problem)
        bottom = 0.0 if low is None else float(np.ceil(low.fun - _WHOLE))
        inner = witnesses.span(c)
        if inner is not None and inner[1] - inner[0] >= protection:
            out[t] = inner
            continue
        high = problem.relaxed(-c)
        witnesses.add(high, problem)
        # Whole values lie inside the real interval, rounded inwards: narrower than the
        # protection already, it is exposed whatever whole numbers add.
        top = float("inf") if high is None else float(np.floor(-high.fun + _WHOLE))
        if top - bottom < protection:
            out[t] = (bottom, top)
            continue
        inner = witnesses.span(c)
        if inner is not None and inner[1] - inner[0] >= protection:
            out[t] = inner
            continue
        # A whole solution at least ``protection`` from the other end found so far
        # settles it: the whole-number solve stops at the first one.
        if low is not None and not low.whole:
            enough = None if inner is None else inner[1] - protection
            least = problem.least_whole(c, low.fun, enough)
            witnesses.add(least, problem)
            bottom = least.fun
            inner = witnesses.span(c)
            if inner is not None and inner[1] - inner[0] >= protection:
                out[t] = inner
                continue
        if high is not None and not high.whole:
            enough = None if inner is None else -(inner[0] + protection)
            greatest = problem.least_whole(-c, high.fun, enough)
            witnesses.add(greatest, problem)
            top = -greatest.fun
        out[t] = (bottom, top)
    return out


class _Witnesses:
    """Whole solutions of the audit's constraints found so far. Suppressing more only
    drops constraints, so a solution stays one for the rest of the audit of a table."""

    def __init__(self) -> None:
        self.points: list[np.ndarray] = []
        self._stack: np.ndarray | None = None

    def add(self, optimum: _Optimum | None, problem: _Problem) -> None:
        """Keep the optimal vector if it is whole and, checked in exact arithmetic,
        satisfies every constraint (the solver's own tolerances prove nothing)."""
        if optimum is None or not optimum.whole or optimum.x is None:
            return
        point = np.round(optimum.x)
        if problem.satisfied(point):
            self.points.append(point)
            self._stack = None

    def span(self, c: np.ndarray) -> tuple[float, float] | None:
        if not self.points:
            return None
        if self._stack is None:
            self._stack = np.array(self.points)
        values = self._stack @ c
        return float(values.min()), float(values.max())


# A whole-number solve that has not finished in this time keeps HiGHS's proven bound
# (never wider than the real-number one, possibly wider than the whole-number optimum).
MILP_SECONDS = 5.0
_WHOLE = 1e-6


@dataclass(frozen=True)
class _Optimum:
    fun: float
    whole: bool  # the optimal vector itself is whole: no whole-number solve is needed
    x: np.ndarray | None = None  # the optimal vector (None: out of time, only a bound)


class _Problem:
    """What an attacker knows, as one HiGHS model kept for the whole audit of a table: a
    row for each quantity published when the audit began, freed (bounds -inf, inf) when
    the quantity is suppressed. Each bound changes only the objective and re-solves from
    the previous optimal basis (dual simplex, warm), not from scratch."""

    def __init__(self, quantities: list[_Quantity], atoms: _Atoms) -> None:
        # SciPy is imported here, not at start-up: only an audit of hidden cells needs it.
        from scipy import sparse

        self.rows = [i for i, q in enumerate(quantities) if q.status is Status.PUBLISHED]
        self.upper = np.where(atoms.impossible, 0.0, np.inf)
        self.n = atoms.n
        if self.rows:
            self.a = sparse.csr_matrix(np.array([quantities[i].mask for i in self.rows], float))
        else:
            self.a = sparse.csr_matrix((0, self.n))
        tolerance = np.array([quantities[i].tolerance for i in self.rows], dtype=float)
        value = np.array([quantities[i].value for i in self.rows], dtype=float)
        self.lower, self.upper_row = value - tolerance, value + tolerance
        self.live = np.ones(len(self.rows), dtype=bool)
        self._highs: Any = None
        self._load()

    def _zero(self) -> np.ndarray:
        """The atoms that must be zero: impossible ones, and those of a published zero."""
        zero = self.upper == 0
        rows = np.flatnonzero(self.live & (self.upper_row <= 0))
        if len(rows):
            zero |= np.asarray(self.a[rows].sum(axis=0)).ravel() > 0
        return zero

    def _load(self) -> None:
        """(Re)build the model over the atoms not known to be zero: they are left out."""
        from scipy.optimize._highspy import _core as h

        self.cols = np.flatnonzero(~self._zero())
        self._a_cols = self.a[:, self.cols].tocsc()
        self._highs = _new_highs()
        if self._highs is not None and (
            self._highs.passModel(self._lp(np.zeros(self.n))) == h.HighsStatus.kError
        ):
            self._highs = None

    def _full(self, x: np.ndarray) -> np.ndarray:
        out = np.zeros(self.n)
        out[self.cols] = x
        return out

    def _lp(self, c: np.ndarray) -> Any:
        """The model with objective ``c``, suppressed quantities' rows free."""
        from scipy.optimize._highspy import _core as h

        csc, m = self._a_cols, len(self.cols)
        lp = h.HighsLp()
        lp.num_col_, lp.num_row_ = m, len(self.rows)
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = m, len(self.rows)
        lp.a_matrix_.format_ = h.MatrixFormat.kColwise
        lp.a_matrix_.start_ = csc.indptr
        lp.a_matrix_.index_ = csc.indices
        lp.a_matrix_.value_ = csc.data
        lp.col_cost_ = c[self.cols]
        lp.col_lower_ = np.zeros(m)
        lp.col_upper_ = np.where(np.isinf(self.upper), h.kHighsInf, self.upper)[self.cols]
        lp.row_lower_ = np.where(self.live, self.lower, -h.kHighsInf)
        lp.row_upper_ = np.where(self.live, self.upper_row, h.kHighsInf)
        return lp

    def sync(self, quantities: list[_Quantity]) -> None:
        """Free the rows of the quantities suppressed since the last call (a suppressed
        zero may free atoms left out: the model is then built again)."""
        from scipy.optimize._highspy import _core as h

        freed = [
            r
            for r, i in enumerate(self.rows)
            if self.live[r] and quantities[i].status is not Status.PUBLISHED
        ]
        if not freed:
            return
        self.live[freed] = False
        if not np.array_equal(np.flatnonzero(~self._zero()), self.cols):
            self._load()
        elif self._highs is not None:
            for r in freed:
                self._highs.changeRowBounds(r, -h.kHighsInf, h.kHighsInf)

    def _active(self) -> tuple[Any, np.ndarray, np.ndarray]:
        return self.a[self.live], self.lower[self.live], self.upper_row[self.live]

    def satisfied(self, point: np.ndarray) -> bool:
        """Whether whole atoms ``point`` agree with everything published."""
        if (point < 0).any() or (point > self.upper).any():
            return False
        a, lower, upper = self._active()
        activity = a @ point
        return bool(((lower <= activity) & (activity <= upper)).all())

    def relaxed(self, c: np.ndarray) -> _Optimum | None:
        """The least real value of ``c @ x`` (linear programming; None: unbounded)."""
        found = self._warm(c) if self._highs is not None else None
        if found is None:
            found = self._cold(c)
        if found == "unbounded":
            return None
        if isinstance(found, str):
            raise _Inconsistent("The published figures are inconsistent.")
        fun, x = found
        whole = np.abs(x - np.round(x)).max(initial=0.0) < _WHOLE
        return _Optimum(float(fun), bool(whole), x)

    def _warm(self, c: np.ndarray) -> tuple[float, np.ndarray] | str | None:
        """Re-solve the kept model with objective ``c``; None: HiGHS could not tell."""
        from scipy.optimize._highspy import _core as h

        highs = self._highs
        m = len(self.cols)
        highs.changeColsCost(m, np.arange(m, dtype=np.int32), c[self.cols])
        if highs.run() == h.HighsStatus.kError:
            return None
        status = highs.getModelStatus()
        if status == h.HighsModelStatus.kOptimal:
            info = highs.getInfo()
            x = self._full(np.array(highs.getSolution().col_value))
            return float(info.objective_function_value), x
        if status == h.HighsModelStatus.kUnbounded:
            return "unbounded"
        if status == h.HighsModelStatus.kInfeasible:
            return "infeasible"
        return None

    def _cold(self, c: np.ndarray) -> tuple[float, np.ndarray] | str:
        """The same solve from scratch, through SciPy's interface."""
        from scipy import sparse
        from scipy.optimize import linprog

        a, lower, upper = self._active()
        fixed, ranged = lower == upper, lower != upper
        a_eq, b_eq = a[fixed], lower[fixed]
        a_ub = sparse.vstack([a[ranged], -a[ranged]]).tocsr() if ranged.any() else None
        b_ub = np.concatenate([upper[ranged], -lower[ranged]])
        found = linprog(
            c,
            A_eq=a_eq if a_eq.shape[0] else None,
            b_eq=b_eq if a_eq.shape[0] else None,
            A_ub=a_ub,
            b_ub=b_ub if a_ub is not None else None,
            bounds=np.column_stack([np.zeros_like(self.upper), self.upper]),
            method="highs",
        )
        if found.status == 3:
            return "unbounded"
        if found.status != 0:
            return "infeasible"
        return float(found.fun), found.x

    def least_whole(self, c: np.ndarray, relaxed: float, enough: float | None) -> _Optimum:
        """The least whole value of ``c @ x`` (mixed-integer programming, HiGHS), or,
        once a whole solution at or below ``enough`` is found, that solution (its value
        is then only an upper bound of the least)."""
        from scipy.optimize._highspy import _core as h

        highs = _new_highs()
        if highs is None:  # pragma: no cover - present in every SciPy this project locks
            raise RuntimeError("HiGHS is missing from SciPy.")
        highs.setOptionValue("time_limit", MILP_SECONDS)
        if enough is not None:
            highs.setOptionValue("objective_target", float(enough) + _WHOLE)
        lp = self._lp(c)
        lp.integrality_ = [h.HighsVarType.kInteger] * len(self.cols)
        if highs.passModel(lp) == h.HighsStatus.kError:
            raise RuntimeError("HiGHS refused the audit's model.")
        highs.run()
        status = highs.getModelStatus()
        info = highs.getInfo()
        solved = info.objective_function_value < h.kHighsInf
        found = (h.HighsModelStatus.kOptimal, h.HighsModelStatus.kObjectiveTarget)
        if status in found and solved:
            x = self._full(np.array(highs.getSolution().col_value))
            return _Optimum(float(round(info.objective_function_value)), True, x)
        if status == h.HighsModelStatus.kInfeasible:
            raise _Inconsistent("No whole counts agree with the published figures.")
        # Out of time: HiGHS's dual bound is still a proven one.
        proven = info.mip_dual_bound
        floor = relaxed if proven is None or np.isnan(proven) else max(relaxed, proven)
        return _Optimum(float(np.ceil(floor - _WHOLE)), False)


def _new_highs() -> Any:
    """A quiet HiGHS instance from SciPy's bindings (None where they are missing: every
    solve is then made from scratch through ``linprog``)."""
    try:
        from scipy.optimize._highspy import _core as h
    except ImportError:  # pragma: no cover - present in every SciPy this project locks
        return None
    highs = h._Highs()
    highs.setOptionValue("output_flag", False)
    return highs


def protect(
    table: TableIn,
    *,
    threshold: int = 11,
    protection: int | None = None,
    earlier: Sequence[PublishedTable] = (),
) -> Protected:
    """Suppress what must be suppressed. Records added or corrected since an earlier
    release make it disagree with today's figures: it is then read as known only within
    half the threshold (the attacker cannot tell a revision from a hidden count)."""
    earlier = _linked(table, earlier)
    try:
        return _protect(table, threshold, protection, earlier)
    except _Inconsistent:
        slack = max(1, threshold // 2)
        revised = [
            PublishedTable(o.start, o.end, o.breakdowns, o.cells, max(o.tolerance, slack))
            for o in earlier
        ]
        return _protect(table, threshold, protection, revised)


def _linked(table: TableIn, earlier: Sequence[PublishedTable]) -> list[PublishedTable]:
    """The earlier tables linked to this one by periods that overlap, directly or through
    others. The rest share no elementary cell with anything linked: they narrow no
    interval of this table, and this table narrows none of theirs."""
    spans = [(table.start, table.end)]
    linked = [False] * len(earlier)
    grown = True
    while grown:
        grown = False
        for i, old in enumerate(earlier):
            if not linked[i] and any(old.start <= b and a <= old.end for a, b in spans):
                linked[i] = grown = True
                spans.append((old.start, old.end))
    return [old for old, keep in zip(earlier, linked, strict=True) if keep]


def _protect(
    table: TableIn,
    threshold: int,
    protection: int | None,
    earlier: Sequence[PublishedTable],
) -> Protected:
    protection = threshold if protection is None else protection
    # Groups add their members, not themselves: the atoms are the members'.
    universe: dict[str, set[str]] = {}
    for dim, cats in zip(table.breakdowns, table.categories, strict=True):
        universe.setdefault(dim, set()).update(m for c in cats for m in members(c))
    for old in earlier:
        for cell in old.cells:
            for dim, cat in zip(old.breakdowns, cell.categories, strict=True):
                if cat is not None:
                    universe.setdefault(dim, set()).update(members(cat))
    periods = [(table.start, table.end)] + [(o.start, o.end) for o in earlier]
    atoms = _Atoms(periods, {d: list(c) for d, c in universe.items()})

    quantities: list[_Quantity] = []
    for old in earlier:
        covers = _covers(old.breakdowns, _inner(old))
        for cell in old.cells:
            mask = atoms.mask(old.start, old.end, old.breakdowns, cell.categories, covers)
            quantities.append(_Quantity(mask, cell.value, cell.status, old.tolerance, None))
    first_new = len(quantities)
    covers = _covers(table.breakdowns, table.categories)
    for key, value in table_cells(table):
        mask = atoms.mask(table.start, table.end, table.breakdowns, key, covers)
        status = Status.PRIMARY if 0 < value < threshold else Status.PUBLISHED
        quantities.append(_Quantity(mask, value, status, 0, key))
    new = range(first_new, len(quantities))
    from scipy import sparse

    masks = sparse.csr_matrix(np.array([q.mask for q in quantities], dtype=np.int32))

    # Differences with nested quantities already published.
    for i in new:
        q = quantities[i]
        if q.status is not Status.PUBLISHED:
            continue
        for p in quantities[:first_new]:
            if p.status is not Status.PUBLISHED:
                continue
            nested = not (q.mask & ~p.mask).any() or not (p.mask & ~q.mask).any()
            if nested and 0 < abs(p.value - q.value) < threshold:
                q.status = Status.LINKED
                break

    _line_heuristic(quantities, new, table.breakdowns)
    # Suppressing more only widens what an attacker can tell, so a quantity found safe
    # stays safe: each round audits only what was exposed, and what is newly protected.
    bounds: dict[int, tuple[float, float]] = {}
    witnesses = _Witnesses()
    problem: _Problem | None = None
    pending = [i for i, q in enumerate(quantities) if q.status in PROTECTED]
    for _round in range(len(quantities) + 1):
        if not pending:
            break
        problem = problem or _Problem(quantities, atoms)
        found = _bounds(quantities, problem, pending, protection, witnesses)
        bounds.update(found)
        exposed = [t for t in pending if found[t][1] - found[t][0] < protection]
        if not exposed:
            break
        # A quantity left without a candidate may be covered by another's pick: it is
        # audited again, and the table refused only when a round suppresses nothing.
        suppressed = False
        for t in exposed:
            pick = _complement(quantities, masks, t, new)
            if pick is not None:
                quantities[pick].status = Status.SECONDARY
                suppressed = True
        if not suppressed:
            raise Unprotectable(
                "This breakdown would isolate a person: no suppression protects it."
            )
        pending = exposed
    else:  # pragma: no cover - every round suppresses one more quantity
        raise Unprotectable("Suppression did not converge.")

    cells = tuple(
        OutCell(q.new_key, q.value, q.status)
        for q in quantities[first_new:]
        if q.new_key is not None
    )
    audit = {
        quantities[t].new_key: b for t, b in bounds.items() if quantities[t].new_key is not None
    }
    return Protected(cells, threshold, protection, audit)  # type: ignore[arg-type]


def _line_heuristic(quantities: list[_Quantity], new: range, breakdowns: tuple[str, ...]) -> None:
    """Classic first pass: a line (a row or column with its total) holding exactly one
    hidden quantity hides its smallest other one, until no line holds exactly one."""
    keys = {quantities[i].new_key: i for i in new}
    lines: list[list[int]] = []
    if len(breakdowns) == 1:
        lines.append(list(keys.values()))
    elif len(breakdowns) == 2:
        for axis in (0, 1):
            groups: dict[Category | None, list[int]] = {}
            for key, i in keys.items():
                if key is not None:
                    groups.setdefault(key[axis], []).append(i)
            lines.extend(groups.values())
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [i for i in line if quantities[i].status is not Status.PUBLISHED]
            if len(hidden) != 1:
                continue
            others = [i for i in line if quantities[i].status is Status.PUBLISHED]
            if not others:
                continue
            # Inner cells before totals; non-zero before zero; smallest first.
            pick = min(
                others,
                key=lambda i: (
                    sum(k is None for k in quantities[i].new_key or ()),
                    quantities[i].value == 0,
                    quantities[i].value,
                ),
            )
            quantities[pick].status = Status.SECONDARY
            changed = True


def _complement(quantities: list[_Quantity], masks: Any, t: int, new: range) -> int | None:
    """The smallest published quantity of this table sharing a line with ``t``: a
    sibling (disjoint from it, inside a quantity that holds it), else a parent.
    ``masks``: each quantity's atoms, one row each (inclusions are counted, not looped)."""
    size = np.asarray(masks.sum(axis=1)).ravel()
    shared = np.asarray((masks @ masks[[t]].T).todense()).ravel()
    holds_t = shared == size[t]  # the quantities ``t`` lies inside
    holds_t[t] = False
    candidates = [i for i in new if i != t and quantities[i].status is Status.PUBLISHED]
    if not candidates:
        return None
    common = np.asarray((masks[candidates] @ masks[np.flatnonzero(holds_t)].T).todense())
    inside = common == size[candidates][:, None]
    best: tuple[tuple[int, int, int], int] | None = None
    for row, i in enumerate(candidates):
        q = quantities[i]
        sibling = shared[i] == 0 and bool(inside[row].any())
        parent = bool(holds_t[i])
        if not (sibling or parent):
            continue
        # Siblings before parents; among them non-zero values first, smallest first.
        rank = (0 if sibling else 1, 0 if q.value > 0 else 1, q.value)
        if best is None or rank < best[0]:
            best = (rank, i)
    return None if best is None else best[1]


def round_to(value: int, base: int) -> int:
    """Round half up to a multiple of ``base`` (base 5: 1, 2 → 0; 3..7 → 5)."""
    return int((value + base // 2) // base * base) if base > 1 else value
