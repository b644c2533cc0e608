"""What intel needs from the apps above it, declared here and supplied at start-up.

Intel sits below cases (docs/decisions/0014-layers.md): it never imports ``ctip.cases``.
Where an intel page shows something only a higher app knows, intel declares the question
as a ``Protocol`` and the answer as a frozen dataclass; the higher app registers its
implementation from its ``AppConfig.ready()``. Without one registered, intel shows no
such section (never a 500).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ctip.core.models import User


@dataclass(frozen=True)
class CaseMention:
    """A victim case whose person's account names an indicator."""

    case_id: int
    reference: str  # the case reference shown on its page; "" when the actor may not open it
    lead_agency: str  # the lead agency's name
    visible: bool  # whether the actor may open the case


class CasesNaming(Protocol):
    """The victim cases naming an indicator (its kind and canonical key, as stored on
    ``Indicator.key``), as the actor may know of them."""

    def __call__(self, actor: User, kind: str, key: str) -> Sequence[CaseMention]: ...


_cases_naming: CasesNaming | None = None


def register_cases_naming(implementation: CasesNaming | None) -> None:
    """Called by the cases app when it is ready (``None`` withdraws it)."""
    global _cases_naming
    _cases_naming = implementation


def cases_naming() -> CasesNaming | None:
    """The registered implementation, or ``None`` when no app supplies one."""
    return _cases_naming
