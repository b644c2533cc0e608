"""Which lures are rising: the warning signs of the job-offer checks the public saved in
the last weeks, against as many weeks before (the statistics of saved checks, read
through screening's selector; a check holds nothing about a person)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext

from ctip.core.models import User
from ctip.screening import selectors as screening
from ctip.screening.engine.rules import RULE_BY_CODE

WEEKS = 4
RISING_AT_LEAST = 3  # fewer recent checks than this are not called a trend


@dataclass(frozen=True)
class Lure:
    code: str
    sign: str  # the warning sign in the reader's language
    recent: int  # checks showing it in the last ``weeks`` weeks
    earlier: int  # in the ``weeks`` weeks before
    recent_share: float  # of all checks of the window, 0..1
    earlier_share: float

    @property
    def rising(self) -> bool:
        return self.recent >= RISING_AT_LEAST and self.recent_share > self.earlier_share


@dataclass(frozen=True)
class Lures:
    weeks: int
    recent_checks: int
    earlier_checks: int
    lures: tuple[Lure, ...]  # rising first, then by recent count

    @property
    def rising(self) -> tuple[Lure, ...]:
        return tuple(lure for lure in self.lures if lure.rising)


def sign_words(code: str, language: str | None = None) -> str:
    """The sign's explanation (an English message id of the screening catalogue) in
    ``language``, else the reader's."""
    explanation = RULE_BY_CODE[code].explanation
    if language is None:
        return gettext(explanation)
    with translation.override(language):
        return gettext(explanation)


def rising_lures(actor: User, *, weeks: int = WEEKS) -> Lures:
    """Every warning sign seen in the last ``2 × weeks`` weeks, the rising ones first."""
    if not actor.has_ctip_perm("screening.view_checks"):
        raise Http404  # no saved check is visible to this account
    weeks = max(1, min(26, weeks))
    recent = screening.check_statistics(actor, weeks=weeks)
    both = screening.check_statistics(actor, weeks=2 * weeks)
    now = dict(recent.by_flag)
    before = {code: n - now.get(code, 0) for code, n in both.by_flag}
    earlier_total = both.total - recent.total
    found = []
    for code in sorted(set(now) | set(before)):
        rule = RULE_BY_CODE.get(code)
        if rule is None or rule.polarity != "risk":
            continue
        found.append(
            Lure(
                code,
                sign_words(code),
                now.get(code, 0),
                before.get(code, 0),
                now.get(code, 0) / recent.total if recent.total else 0.0,
                before.get(code, 0) / earlier_total if earlier_total else 0.0,
            )
        )
    found.sort(key=lambda lure: (not lure.rising, -lure.recent, lure.code))
    return Lures(weeks, recent.total, earlier_total, tuple(found))
