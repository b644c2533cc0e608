"""What followed a campaign: counts in targeted provinces against untargeted ones, weeks
before against weeks after, as a ratio of rate ratios with its uncertainty.

With ``a0, a1`` the counts (job-offer checks, calls to 111, scam reports) in the targeted
provinces before and after, and ``u0, u1`` in the untargeted ones, over periods of equal
length, the campaign's effect is estimated as ``(a1 / a0) / (u1 / u0)``: above 1, the
targeted provinces rose more (or fell less) than the others. Counts are taken as Poisson,
so ``log`` of the ratio has standard error ``sqrt(1/a0 + 1/a1 + 1/u0 + 1/u1)``; a zero
count gets half a count added to every cell (Haldane's correction). The interval says how
far chance alone could move the ratio; it cannot rule out another cause that struck only
the targeted provinces in the same weeks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Cells:
    targeted_before: int
    targeted_after: int
    untargeted_before: int
    untargeted_after: int


@dataclass(frozen=True)
class Effect:
    cells: Cells
    ratio: float  # (a1/a0) / (u1/u0)
    low: float  # 95 % interval
    high: float
    corrected: bool  # half a count added because a cell was zero

    @property
    def clear(self) -> bool:
        """Does the 95 % interval exclude "no change" (a ratio of 1)?"""
        return self.low > 1 or self.high < 1


def effect(cells: Cells) -> Effect:
    values = [
        cells.targeted_before,
        cells.targeted_after,
        cells.untargeted_before,
        cells.untargeted_after,
    ]
    if any(v < 0 for v in values):
        raise ValueError("counts cannot be negative")
    corrected = any(v == 0 for v in values)
    a0, a1, u0, u1 = (v + 0.5 if corrected else float(v) for v in values)
    log_ratio = math.log(a1 / a0) - math.log(u1 / u0)
    se = math.sqrt(1 / a0 + 1 / a1 + 1 / u0 + 1 / u1)
    return Effect(
        cells,
        math.exp(log_ratio),
        math.exp(log_ratio - Z95 * se),
        math.exp(log_ratio + Z95 * se),
        corrected,
    )


def weekly_cells(targeted: list[int], untargeted: list[int], *, weeks_before: int) -> Cells:
    """Sum weekly series (the campaign starting at index ``weeks_before``) into the four
    cells, over as many weeks after as before."""
    if weeks_before < 1 or len(targeted) != len(untargeted):
        raise ValueError("two series of equal length with at least one week before")
    after = min(weeks_before, len(targeted) - weeks_before)
    if after < 1:
        raise ValueError("no week after the campaign")
    lo, hi = weeks_before - after, weeks_before + after
    return Cells(
        sum(targeted[lo:weeks_before]),
        sum(targeted[weeks_before:hi]),
        sum(untargeted[lo:weeks_before]),
        sum(untargeted[weeks_before:hi]),
    )
