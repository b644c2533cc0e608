"""The hook through which registries of licensed recruiters and of reported scam
indicators inform an assessment, without the engine knowing where they live.

The registry app (licensed enterprises) and the intel app (reported phones, sites,
accounts) will each implement :class:`IndicatorLookup`; ``assess(text, lookup=...)``
asks it about what the post names and turns each fact into an explained flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from ctip.core.engine.labels import Label

# ``licensed_recruiter`` lowers the risk; ``licence_mismatch`` (a licensed enterprise
# named for a destination or a fee its licence does not cover, or whose licence is
# suspended or revoked) is shown and changes nothing; ``fee_over_cap`` and
# ``reported_indicator`` raise it.
FactKind = Literal["licensed_recruiter", "licence_mismatch", "fee_over_cap", "reported_indicator"]


@dataclass(frozen=True, slots=True)
class IndicatorQuery:
    """What a post names, normalised: phones in E.164, registrable domains, handles."""

    phones: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    recruiter_names: tuple[str, ...] = ()
    licence_numbers: tuple[str, ...] = ()
    # ISO 3166-1 alpha-2 codes of the destinations named, the monthly pay stated
    # (start, end, đồng a month), and the text itself, for registries that read terms
    # such as fees.
    destinations: tuple[str, ...] = ()
    pay: tuple[tuple[int, int, int], ...] = ()
    text: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorFact:
    """One thing a registry knows about a value from the query.

    ``value`` is the queried value the fact is about, so the flag can point at it in
    the text (or ``start`` and ``end`` when the fact is about a passage, such as a fee);
    ``reports`` counts reports for a reported indicator; ``detail`` adds sentences to the
    sign's explanation (the cap a fee exceeds, the licence's markets), translated where
    they are shown.
    """

    kind: FactKind
    value: str
    reports: int = 0
    detail: tuple[Label, ...] = ()
    start: int | None = None
    end: int | None = None


class IndicatorLookup(Protocol):
    def facts(self, query: IndicatorQuery) -> Sequence[IndicatorFact]:
        """Return the facts known about any value of the query (none if unknown)."""
        ...


class InMemoryLookup:
    """A lookup over fixed sets: for tests, demos, and small offline lists."""

    def __init__(
        self,
        *,
        licensed_recruiters: Iterable[str] = (),
        licence_numbers: Iterable[str] = (),
        reported: dict[str, int] | None = None,
    ) -> None:
        self._licensed = {_key(n) for n in licensed_recruiters}
        self._licences = {_key(n) for n in licence_numbers}
        self._reported = {_key(k): v for k, v in (reported or {}).items()}

    def facts(self, query: IndicatorQuery) -> Sequence[IndicatorFact]:
        found: list[IndicatorFact] = []
        for name in query.recruiter_names:
            if _key(name) in self._licensed:
                found.append(IndicatorFact("licensed_recruiter", name))
        for number in query.licence_numbers:
            if _key(number) in self._licences:
                found.append(IndicatorFact("licensed_recruiter", number))
        for value in query.phones + query.domains + query.handles:
            reports = self._reported.get(_key(value), 0)
            if reports:
                found.append(IndicatorFact("reported_indicator", value, reports=reports))
        return found


def _key(value: str) -> str:
    return " ".join(value.casefold().split())
