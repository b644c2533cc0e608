"""What the statistics app reads from scam intelligence: counts of reports and freezes."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core.engine.periods import Period
from ctip.core.figures import Figures, Indicator, Unit, check_breakdowns, count, month_of
from ctip.intel.models import AccountOutcome, FreezeAccount, Report, ReportType

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "intel.scam_reports",
        _("Scam reports received"),
        Unit.REPORTS,
        ("province", "agency_type", "report_type", "month"),
        description=_("Reports of scams and deceptive recruitment, by the day reported."),
    ),
    Indicator(
        "intel.accounts_frozen",
        _("Accounts frozen"),
        Unit.REPORTS,
        ("agency_type", "month"),
        description=_("Accounts a bank, e-wallet or telco answered as frozen."),
    ),
)
_BY_CODE = {i.code: i for i in INDICATORS}
CATEGORIES = {"report_type": tuple(ReportType.choices)}


def _reports(period: Period) -> Iterator[dict[str, str]]:
    rows = (
        Report.objects.filter(
            reported_at__date__range=(period.start, period.end), merged_into__isnull=True
        )
        .values_list("province__code", "agency__type", "type", "reported_at")
        .order_by()
    )
    for province, agency_type, kind, at in rows.iterator(chunk_size=5000):
        yield {
            "province": province or "unknown",
            "agency_type": agency_type or "unknown",
            "report_type": kind,
            "month": month_of(timezone.localdate(at)),
        }


def _frozen(period: Period) -> Iterator[dict[str, str]]:
    rows = (
        FreezeAccount.objects.filter(
            outcome=AccountOutcome.FROZEN,
            answered_at__date__range=(period.start, period.end),
        )
        .values_list("request__institution__type", "answered_at")
        .order_by()
    )
    for agency_type, at in rows.iterator(chunk_size=5000):
        yield {"agency_type": agency_type, "month": month_of(timezone.localdate(at))}


def figures(indicator: str, period: Period, breakdowns: tuple[str, ...]) -> Figures:
    check_breakdowns(_BY_CODE[indicator], breakdowns)
    facts = _reports(period) if indicator == "intel.scam_reports" else _frozen(period)
    return count(indicator, period, breakdowns, facts)
