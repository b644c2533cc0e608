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


@dataclass(frozen=True)
class ChildProtectionTraining:
    """A course on child protection the user passed: what the child interview records as
    the interviewer's qualification."""

    course: str
    passed_on: dt.date
    certificate: str  # "" when none was issued


class ChildProtectionTrainings(Protocol):
    def __call__(self, user: User) -> ChildProtectionTraining | None: ...


_trainings: ChildProtectionTrainings | None = None


def register_child_protection_training(implementation: ChildProtectionTrainings) -> None:
    global _trainings
    _trainings = implementation


def child_protection_training(user: User) -> ChildProtectionTraining | None:
    """The user's latest passed child-protection course, None without training records."""
    return _trainings(user) if _trainings is not None else None
