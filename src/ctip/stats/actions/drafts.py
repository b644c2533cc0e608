"""Drafts: what a reader was shown of a dataset, outside a release (``TableView``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ctip.core.engine.suppression import Protected, PublishedTable
from ctip.core.models import User
from ctip.stats import selectors
from ctip.stats.models import TableView


def draft_shown(
    viewer: User,
    dataset: str,
    start: date,
    end: date,
    breakdowns: tuple[str, ...],
    protected: Protected,
) -> None:
    """Remember what ``viewer`` was shown: every later table and release of the dataset,
    for anyone, is audited against it. Groups of categories are stored as lists."""
    TableView.objects.create(
        user=viewer,
        dataset=dataset,
        period_start=start,
        period_end=end,
        breakdowns=list(breakdowns),
        cells=selectors.stored_cells(protected),
    )


class Disclosure:
    """The statistics' side of ``ctip.core.disclosure``, for the apps below."""

    def earlier(self, dataset: str) -> Sequence[PublishedTable]:
        return selectors.earlier_tables(dataset)

    def shown(
        self,
        viewer: User,
        dataset: str,
        start: date,
        end: date,
        breakdowns: tuple[str, ...],
        protected: Protected,
    ) -> None:
        draft_shown(viewer, dataset, start, end, breakdowns, protected)
