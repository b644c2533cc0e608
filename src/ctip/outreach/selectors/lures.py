"""Which lures are rising: the warning signs of the job-offer checks the public saved in
the last weeks, against as many weeks before (the statistics of saved checks, read
through screening's selector; a check holds nothing about a person).

A check may carry the province the person chose to give: each sign's recent checks are
then shown by province, after the statistics' disclosure control (a count from 1 to
``CTIP_STATS_THRESHOLD - 1`` hidden, with a second one so that the sign's total cannot
give it back)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext

from ctip.core.engine import suppression
from ctip.core.models import Province, User
from ctip.outreach.selectors.outcomes import threshold
from ctip.screening import selectors as screening
from ctip.screening.engine.rules import RULE_BY_CODE

WEEKS = 4
RISING_AT_LEAST = 3  # fewer recent checks than this are not called a trend


NOT_GIVEN = "unknown"


@dataclass(frozen=True)
class LureProvince:
    code: str  # a province's code, or "unknown": the person gave none
    name: str
    recent: int  # shown: never from 1 to the threshold minus one


@dataclass(frozen=True)
class Lure:
    code: str
    sign: str  # the warning sign in the reader's language
    recent: int  # checks showing it in the last ``weeks`` weeks
    earlier: int  # in the ``weeks`` weeks before
    recent_share: float  # of all checks of the window, 0..1
    earlier_share: float
    provinces: tuple[LureProvince, ...] = ()  # the recent checks by province, non-zero, shown
    provinces_hidden: bool = False  # some provinces' counts are hidden

    @property
    def rising(self) -> bool:
        return self.recent >= RISING_AT_LEAST and self.recent_share > self.earlier_share


@dataclass(frozen=True)
class UnseenPhrase:
    phrase: str  # three words shared by many posts that no rule flagged
    checks: int  # distinct kept checks that held it, at least ``phrases_min_checks``


@dataclass(frozen=True)
class Lures:
    weeks: int
    recent_checks: int
    earlier_checks: int
    lures: tuple[Lure, ...]  # rising first, then by recent count
    phrases: tuple[UnseenPhrase, ...] = ()  # of recent checks that showed no warning sign
    phrases_min_checks: int = screening.PHRASE_MIN_CHECKS

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
    by_province: dict[str, dict[tuple[str, ...], int]] = {}
    for (code, province), n in recent.by_flag_province:
        by_province.setdefault(code, {})[(province,)] = n
    names = dict(Province.objects.values_list("code", "name"))
    names[NOT_GIVEN] = gettext("Province not given")
    universe = (*sorted(names.keys() - {NOT_GIVEN}), NOT_GIVEN)
    today = timezone.localdate()
    limit = threshold()
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
                *_by_province(
                    by_province.get(code, {}), universe, names, recent.since, today, limit
                ),
            )
        )
    found.sort(key=lambda lure: (not lure.rising, -lure.recent, lure.code))
    phrases = tuple(UnseenPhrase(p, n) for p, n in screening.unmatched_phrases(actor, weeks=weeks))
    return Lures(weeks, recent.total, earlier_total, tuple(found), phrases)


def _by_province(
    counts: dict[tuple[str, ...], int],
    universe: tuple[str, ...],
    names: dict[str, str],
    since: date,
    today: date,
    limit: int,
) -> tuple[tuple[LureProvince, ...], bool]:
    """The non-zero counts by province that disclosure control lets be shown."""
    if not counts:
        return (), False
    table = suppression.TableIn(since, today, ("province",), (universe,), counts)
    try:
        cells = suppression.protect(table, threshold=limit).cells
    except suppression.Unprotectable:  # the sign's own total is under the threshold
        return (), True
    shown = [
        LureProvince(code, names[code], c.value)
        for c in cells
        if isinstance(code := c.categories[0], str) and not c.suppressed and c.value
    ]
    shown.sort(key=lambda p: (p.code == NOT_GIVEN, -p.recent, p.name))
    hidden = any(c.suppressed and c.categories[0] is not None for c in cells)
    return tuple(shown), hidden
