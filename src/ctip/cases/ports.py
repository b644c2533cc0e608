"""What cases asks of the apps above it, declared as Protocols; they register an
implementation in their ``AppConfig.ready()``. Nothing here imports a higher app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ctip.core.models import User


@dataclass(frozen=True)
class ProceedingsStage:
    """Where one criminal case naming this victim stands: the stage only, never the file."""

    reference: str
    stage: str  # in words
    agency_kind: str  # the kind of agency in charge, in words (police, procuracy, court)
    since: dt.date


class ProceedingsStages(Protocol):
    def __call__(self, actor: User, protection_case_id: int) -> list[ProceedingsStage]: ...


_stages: ProceedingsStages | None = None


def register_proceedings_stages(implementation: ProceedingsStages) -> None:
    global _stages
    _stages = implementation


def proceedings_stages(actor: User, protection_case_id: int) -> list[ProceedingsStage]:
    """The stages of the criminal cases that refer to a protection case the actor reads."""
    return _stages(actor, protection_case_id) if _stages is not None else []
