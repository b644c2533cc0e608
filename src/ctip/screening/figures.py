"""What the statistics app reads from the job-offer check: counts of saved checks.

A saved check holds no person at all; a check naming several destination countries is
counted once under the first.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from ctip.core.engine.periods import Period
from ctip.core.figures import Figures, Indicator, Unit, check_breakdowns, count, month_of
from ctip.screening.models import Category, Level, SavedCheck

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "screening.checks",
        _("Job offers checked"),
        Unit.CHECKS,
        ("category", "level", "country", "province", "month"),
        description=_(
            "Job offers checked and saved, by the day of the check; the province is the one "
            "the person chose to give, if any."
        ),
    ),
)

CATEGORIES = {"category": tuple(Category.choices), "level": tuple(Level.choices)}


def _facts(period: Period) -> Iterator[dict[str, str]]:
    rows = (
        SavedCheck.objects.filter(created__range=(period.start, period.end))
        .values_list("category", "level", "destination_countries", "created", "province__code")
        .order_by()
    )
    for category, level, countries, day, province in rows.iterator(chunk_size=5000):
        yield {
            "category": category,
            "level": level,
            "country": (countries or ["unknown"])[0],
            "province": province or "unknown",
            "month": month_of(day),
        }


def figures(indicator: str, period: Period, breakdowns: tuple[str, ...]) -> Figures:
    check_breakdowns(INDICATORS[0], breakdowns)
    return count(indicator, period, breakdowns, _facts(period))
