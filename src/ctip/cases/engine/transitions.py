"""Status moves declared as data, checked by one function.

Case statuses and referral statuses both use this table so that a refused move always comes
back with every reason at once, in both languages, instead of the first failed ``if``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from ctip.cases.engine.labels import Label

S = TypeVar("S", bound=StrEnum)


class Requirement(StrEnum):
    """A fact the caller must establish before a move is allowed."""

    REASON = "reason"
    SCREENING_DONE = "screening_done"
    IDENTIFICATION_DECIDED = "identification_decided"


REQUIREMENT_LABELS: Mapping[Requirement, Label] = {
    Requirement.REASON: Label("A reason is required."),
    Requirement.SCREENING_DONE: Label("The screening interview is not completed."),
    Requirement.IDENTIFICATION_DECIDED: Label("There is no approved identification decision."),
}


@dataclass(frozen=True, slots=True)
class Transition(Generic[S]):
    source: S
    target: S
    requires: frozenset[Requirement] = frozenset()


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    message: Label


@dataclass(frozen=True, slots=True)
class TransitionCheck:
    allowed: bool
    refusals: tuple[Refusal, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(refusal.code for refusal in self.refusals)


@dataclass(frozen=True)
class TransitionTable(Generic[S]):
    transitions: tuple[Transition[S], ...]
    labels: Mapping[S, Label] = field(default_factory=dict)

    def __post_init__(self) -> None:
        seen: set[tuple[S, S]] = set()
        for transition in self.transitions:
            pair = (transition.source, transition.target)
            if transition.source == transition.target:
                raise ValueError(f"a status cannot move to itself: {transition.source}")
            if pair in seen:
                raise ValueError(f"duplicate transition {pair[0]} -> {pair[1]}")
            seen.add(pair)

    def targets(self, source: S) -> tuple[S, ...]:
        return tuple(t.target for t in self.transitions if t.source == source)

    def find(self, source: S, target: S) -> Transition[S] | None:
        for transition in self.transitions:
            if transition.source == source and transition.target == target:
                return transition
        return None

    def check(self, source: S, target: S, established: Iterable[Requirement]) -> TransitionCheck:
        """Say whether ``source -> target`` may happen given the facts already established."""
        if source == target:
            return TransitionCheck(
                False,
                (
                    Refusal(
                        "same_status",
                        Label("The status is already '{status}'.", status=self._label(source)),
                    ),
                ),
            )
        transition = self.find(source, target)
        if transition is None:
            allowed = self.targets(source)
            allowed_labels = tuple(Label("'{status}'", status=self._label(s)) for s in allowed)
            return TransitionCheck(
                False,
                (
                    Refusal(
                        "not_allowed",
                        Label(
                            "Cannot move from '{source}' to '{target}'. Allowed next: {allowed}.",
                            source=self._label(source),
                            target=self._label(target),
                            allowed=allowed_labels or Label("no other status"),
                        ),
                    ),
                ),
            )
        missing = sorted(transition.requires - frozenset(established))
        refusals = tuple(Refusal(f"missing_{r.value}", REQUIREMENT_LABELS[r]) for r in missing)
        return TransitionCheck(not refusals, refusals)

    def _label(self, status: S) -> Label:
        return self.labels.get(status, Label(str(status.value)))
