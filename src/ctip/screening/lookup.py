"""The one place where the platform tells the screening engine what it knows.

``assess(text, lookup=PLATFORM_LOOKUP)`` hands the engine's ``IndicatorQuery`` (phones
in E.164, domains, handles, recruiter names, licence numbers) to
:class:`PlatformLookup`, which answers with ``IndicatorFact`` values. Two sources will
answer, each in its own method:

- the registry of licensed recruitment enterprises, in :meth:`licensed_recruiters`;
- reported scam indicators of the intel app, in :meth:`reported_indicators`.

Each method calls that app's selector (never its models). The registry sits above
screening, so it registers its answer through ``ctip.screening.ports`` when it starts;
reported indicators come from ``ctip.intel.selectors.reported_counts``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ctip.intel.selectors import reported_counts
from ctip.screening.engine import IndicatorFact, IndicatorLookup, IndicatorQuery
from ctip.screening.ports import licensed_lookup


class PlatformLookup:
    """The engine's ``IndicatorLookup`` over the platform's registries."""

    def facts(self, query: IndicatorQuery) -> Sequence[IndicatorFact]:
        return [*self.licensed_recruiters(query), *self.reported_indicators(query)]

    def licensed_recruiters(self, query: IndicatorQuery) -> list[IndicatorFact]:
        """Facts ``licensed_recruiter``, ``licence_mismatch`` and ``fee_over_cap`` from
        the registry of licensed enterprises (none when no registry is installed)."""
        registry = licensed_lookup()
        return list(registry.facts(query)) if registry is not None else []

    def reported_indicators(self, query: IndicatorQuery) -> list[IndicatorFact]:
        """Facts ``reported_indicator`` (with the number of reports) for
        ``query.phones``, ``query.domains`` and ``query.handles`` reported to intel."""
        counts = reported_counts(phones=query.phones, domains=query.domains, handles=query.handles)
        return [
            IndicatorFact("reported_indicator", value, reports=reports)
            for value, reports in counts.items()
        ]


PLATFORM_LOOKUP: IndicatorLookup = PlatformLookup()
