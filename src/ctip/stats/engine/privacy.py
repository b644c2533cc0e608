"""Differentially private counts through OpenDP: discrete Laplace noise on each level.

A table's inner cells, its row totals, its column totals and its grand total are each a
partition of the people counted: one person changes one count of each level by one (L1
sensitivity 1 per level). The table's epsilon is split evenly across its levels
(sequential composition), each level measured by OpenDP's ``then_laplace`` on an integer
vector, and its privacy map checked. Accuracy: the half-width that holds with 95%
probability (``discrete_laplacian_scale_to_accuracy``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# The submodules, not ``opendp.prelude``: the prelude imports OpenDP's scikit-learn
# extras, which cost seconds at every start of CTIP.
from opendp import accuracy, domains, measurements, metrics
from opendp.mod import enable_features

enable_features("contrib")

ALPHA = 0.05


class BudgetExceeded(ValueError):
    """The release would spend more privacy-loss budget than the dataset has left."""


@dataclass(frozen=True)
class NoisyLevel:
    values: tuple[int, ...]
    accuracy: float  # ± this much with 95% confidence
    scale: float


def release_levels(levels: Sequence[Sequence[int]], epsilon: float) -> list[NoisyLevel]:
    """Noisy counts for each level; ``epsilon`` is the table's total privacy loss."""
    if epsilon <= 0:
        raise ValueError("Epsilon must be positive.")
    share = epsilon / len(levels)
    scale = 1.0 / share
    space = domains.vector_domain(domains.atom_domain(T=int)), metrics.l1_distance(T=int)
    measurement = space >> measurements.then_laplace(scale=scale)
    if measurement.map(1) > share + 1e-9:
        raise BudgetExceeded("The measurement would lose more privacy than allotted.")
    half_width = float(accuracy.discrete_laplacian_scale_to_accuracy(scale, ALPHA))
    out = []
    for counts in levels:
        noisy = measurement([int(v) for v in counts]) if counts else []
        # Post-processing costs no privacy: a count is never negative.
        out.append(NoisyLevel(tuple(max(0, int(v)) for v in noisy), half_width, scale))
    return out


def remaining(budget: float, spent: Sequence[float]) -> float:
    return budget - sum(spent)


def check_budget(budget: float, spent: Sequence[float], epsilon: float) -> None:
    if epsilon <= 0:
        raise BudgetExceeded("Epsilon must be positive.")
    if sum(spent) + epsilon > budget + 1e-12:
        raise BudgetExceeded(
            f"This release needs epsilon {epsilon:g}; only {remaining(budget, spent):g} is left."
        )
