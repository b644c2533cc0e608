"""The one place where the platform tells the screening engine what it knows.

``assess(text, lookup=PLATFORM_LOOKUP)`` hands the engine's ``IndicatorQuery`` (phones
in E.164, domains, handles, recruiter names, licence numbers) to
:class:`PlatformLookup`, which answers with ``IndicatorFact`` values. Two sources will
answer, each in its own method:

- the registry of licensed recruitment enterprises, in :meth:`licensed_recruiters`;
- reported scam indicators of the intel app, in :meth:`reported_indicators`.

Each method calls that app's selector (never its models). The registry has no Django
layer yet, so no recruiter is known as licensed; reported indicators come from
``ctip.intel.selectors.reported_counts``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ctip.intel.selectors import reported_counts
from ctip.screening.engine import IndicatorFact, IndicatorLookup, IndicatorQuery


class PlatformLookup:
    """The engine's ``IndicatorLookup`` over the platform's registries."""

    def facts(self, query: IndicatorQuery) -> Sequence[IndicatorFact]:
        return [*self.licensed_recruiters(query), *self.reported_indicators(query)]

    def licensed_recruiters(self, query: IndicatorQuery) -> list[IndicatorFact]:
        """Facts ``licensed_recruiter`` for ``query.recruiter_names`` and
        ``query.licence_numbers`` found in the registry of licensed enterprises.

        No registry exists in the platform yet, so no recruiter is known as licensed.
        """
        return []

    def reported_indicators(self, query: IndicatorQuery) -> list[IndicatorFact]:
        """Facts ``reported_indicator`` (with the number of reports) for
        ``query.phones``, ``query.domains`` and ``query.handles`` reported to intel."""
        counts = reported_counts(phones=query.phones, domains=query.domains, handles=query.handles)
        return [
            IndicatorFact("reported_indicator", value, reports=reports)
            for value, reports in counts.items()
        ]


PLATFORM_LOOKUP: IndicatorLookup = PlatformLookup()
