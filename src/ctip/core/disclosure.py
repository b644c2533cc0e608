"""A port to the statistics' disclosure control, so that an app below ``ctip.stats`` that
shows counts of a figure the statistics publish (a campaign's outcomes) audits them
against every release and draft of that figure, and records what it showed as a draft
that every later table and release of the figure is audited against.

The statistics app registers its implementation when it starts (``register``). Without
it nothing is shown: ``statistics()`` refuses rather than skip the audit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from ctip.core.engine.suppression import Protected, PublishedTable

if TYPE_CHECKING:
    from ctip.core.models import User


class Statistics(Protocol):
    def earlier(self, dataset: str, start: date, end: date) -> Sequence[PublishedTable]:
        """Every release of the dataset and every draft of it shown to anyone that is
        linked in time to ``start`` to ``end`` (as ``suppression.protect`` links them)."""
        ...

    def shown(
        self,
        viewer: User,
        dataset: str,
        start: date,
        end: date,
        breakdowns: tuple[str, ...],
        protected: Protected,
    ) -> None:
        """Record what ``viewer`` was shown as a draft of the dataset."""
        ...


class NotInstalled(RuntimeError):
    """The statistics app has not registered its disclosure control (yet)."""


_installed: Statistics | None = None


def register(implementation: Statistics) -> None:
    """Make ``implementation`` the statistics' disclosure control: one slot, so starting
    the statistics app again replaces it, never adds one."""
    global _installed
    _installed = implementation


def statistics() -> Statistics:
    if _installed is None:
        raise NotInstalled(
            "No disclosure control is installed: the statistics app provides it when it "
            "starts, and nothing is shown without it."
        )
    return _installed
