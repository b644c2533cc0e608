"""Drafts: what a reader was shown of a dataset, outside a release (``TableView``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import transaction

from ctip.core.engine.periods import Period
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
    for anyone, is audited against it. Groups of categories are stored as lists. The same
    table shown to the same reader again adds nothing."""
    cells = selectors.stored_cells(protected)
    digest = TableView.digest_of(dataset, start, end, list(breakdowns), cells)
    TableView.objects.bulk_create(
        [
            TableView(
                user=viewer,
                dataset=dataset,
                period_start=start,
                period_end=end,
                breakdowns=list(breakdowns),
                cells=cells,
                digest=digest,
            )
        ],
        ignore_conflicts=True,
    )


def drafts_shown(viewer: User, drafts: Iterable[selectors.Draft]) -> None:
    """Remember every table a page or an answer showed ``viewer`` (``NationalTable.drafts``
    or a report's ``Reading``), all or none."""
    with transaction.atomic():
        for d in drafts:
            draft_shown(viewer, d.dataset, d.period.start, d.period.end, d.breakdowns, d.protected)


class Disclosure:
    """The statistics' side of ``ctip.core.disclosure``, for the apps below."""

    def earlier(self, dataset: str, start: date, end: date) -> Sequence[PublishedTable]:
        return selectors.earlier_tables(dataset, Period(start, end))

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
