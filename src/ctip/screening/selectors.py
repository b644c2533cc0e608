"""Reads of saved checks: aggregates only, through the platform's scope."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from ctip.core.scope import visible
from ctip.screening.models import SavedCheck, UnmatchedPhrase

if TYPE_CHECKING:
    from ctip.core.models import User

PERMISSION = "screening.view_checks"
# A word sequence is shown only when at least this many distinct kept checks held it: no
# single person's text is ever shown, only what many posts share.
PHRASE_MIN_CHECKS = 11
PHRASES_SHOWN = 20


@dataclass(frozen=True)
class CheckStatistics:
    since: date
    total: int
    by_category: list[tuple[str, int]]
    by_level: list[tuple[str, int]]
    by_week: list[tuple[date, int]]
    by_flag: list[tuple[str, int]]
    by_country: list[tuple[str, int]]
    # (warning sign, province code or "unknown" when none was given): checks showing it
    by_flag_province: list[tuple[tuple[str, str], int]]


def _counts(rows: object, field: str) -> list[tuple[str, int]]:
    return [(r[field], r["n"]) for r in rows]  # type: ignore[attr-defined]


def check_statistics(actor: User, *, weeks: int = 12) -> CheckStatistics:
    """Counts of the checks kept in the last ``weeks`` weeks (this week included)."""
    today = timezone.localdate()
    since = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    checks = visible(SavedCheck.objects.all(), actor, PERMISSION).filter(created__gte=since)
    by_category = checks.values("category").annotate(n=Count("id")).order_by("-n", "category")
    by_level = checks.values("level").annotate(n=Count("id")).order_by("-n", "level")
    by_week = (
        checks.annotate(week=TruncWeek("created"))
        .values("week")
        .annotate(n=Count("id"))
        .order_by("week")
    )
    # Flag codes and countries are lists per row; counting them in Python keeps the
    # query the same on SQLite and PostgreSQL.
    flags: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    flag_province: Counter[tuple[str, str]] = Counter()
    rows = checks.values_list("flag_codes", "destination_countries", "province__code")
    for codes, places, province in rows.iterator():
        flags.update(codes)
        countries.update(places)
        flag_province.update((code, province or "unknown") for code in codes)
    return CheckStatistics(
        since=since,
        total=checks.count(),
        by_category=_counts(by_category, "category"),
        by_level=_counts(by_level, "level"),
        by_week=[(r["week"], r["n"]) for r in by_week],
        by_flag=sorted(flags.items(), key=lambda kv: (-kv[1], kv[0])),
        by_country=sorted(countries.items(), key=lambda kv: (-kv[1], kv[0])),
        by_flag_province=sorted(flag_province.items()),
    )


def unmatched_phrases(
    actor: User, *, weeks: int = 4, min_checks: int = PHRASE_MIN_CHECKS
) -> list[tuple[str, int]]:
    """The word sequences most often held by the checks of the last ``weeks`` weeks that
    showed no warning sign, with how many checks held each: only those held by at least
    ``min_checks`` (never fewer than the default) checks, the most frequent first."""
    min_checks = max(min_checks, PHRASE_MIN_CHECKS)
    today = timezone.localdate()
    since = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    rows = (
        visible(UnmatchedPhrase.objects.all(), actor, PERMISSION)
        .filter(day__gte=since)
        .values("phrase")
        .annotate(n=Sum("checks"))
        .filter(n__gte=min_checks)
        .order_by("-n", "phrase")[:PHRASES_SHOWN]
    )
    return [(r["phrase"], r["n"]) for r in rows]
