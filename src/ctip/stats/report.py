"""The national report of a period: the paragraphs a reply like seed 000 §4 needs, written
from the tables after disclosure control (a hidden number is written as hidden)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ctip.core.engine.periods import Period
from ctip.core.engine.suppression import Unprotectable
from ctip.core.models import User
from ctip.stats import registry, report_sections, selectors
from ctip.stats.engine.exports import ReportTableOut
from ctip.stats.report_sections import ReportTable
from ctip.stats.selectors import NationalTable


def _number(value: int | None, threshold: int) -> str:
    if value is None:
        return _("fewer than %(n)s or hidden") % {"n": threshold}
    return f"{value:,}".replace(",", ".")


def _table(
    actor: User, code: str, period: Period, breakdowns: tuple[str, ...]
) -> NationalTable | None:
    try:
        registry.indicator(code)
        return selectors.national_table(actor, code, period, breakdowns)
    except (registry.UnknownIndicator, Unprotectable):
        return None


def _cell(table: NationalTable, key: tuple[str | None, ...]) -> int | None:
    for cell in table.cells:
        if cell.categories == key:
            return cell.value
    return 0


def _paragraphs(actor: User, period: Period, period_words: str) -> list[str]:
    out: list[str] = []
    received = _table(actor, "cases.received", period, ())
    if received is not None:
        total = received.lines[-1]
        out.append(
            _(
                "From %(period)s, %(n)s suspected victims were received (%(prev)s on the "
                "previous period, %(year)s on the same period a year earlier)."
            )
            % {
                "period": period_words,
                "n": _number(total.total.value, received.threshold),
                "prev": total.change_previous,
                "year": total.change_year,
            }
        )
    identified = _table(actor, "cases.victims_identified", period, ("sex",))
    if identified is not None:
        t = identified.threshold
        out.append(
            _("%(n)s were identified as victims of trafficking: %(f)s women and %(m)s men.")
            % {
                "n": _number(_cell(identified, (None,)), t),
                "f": _number(_cell(identified, ("female",)), t),
                "m": _number(_cell(identified, ("male",)), t),
            }
        )
    children = _table(actor, "cases.victims_identified", period, ("under16",))
    if children is not None:
        out.append(
            _("Victims under 16: %(n)s.")
            % {"n": _number(_cell(children, ("yes",)), children.threshold)}
        )
    reports = _table(actor, "intel.scam_reports", period, ())
    if reports is not None:
        line = reports.lines[-1]
        out.append(
            _(
                "%(n)s reports of scams and deceptive recruitment were received "
                "(%(prev)s on the previous period)."
            )
            % {"n": _number(line.total.value, reports.threshold), "prev": line.change_previous}
        )
    frozen = _table(actor, "intel.accounts_frozen", period, ())
    if frozen is not None:
        out.append(
            _("%(n)s accounts used by scammers were frozen.")
            % {"n": _number(frozen.lines[-1].total.value, frozen.threshold)}
        )
    checks = _table(actor, "screening.checks", period, ())
    if checks is not None:
        out.append(
            _("%(n)s job offers were checked by the public before they answered them.")
            % {"n": _number(checks.lines[-1].total.value, checks.threshold)}
        )
    return out


def _shown(value: int | None) -> str:
    return _number(value, selectors.threshold())


def write(actor: User, period: Period, period_words: str) -> tuple[list[str], list[ReportTable]]:
    """The report's paragraphs and tables, in the active language, after disclosure
    control: cases, intel and screening, then proceedings, the hotline, cooperation, the
    registry and outreach."""
    more, tables = report_sections.sections(actor, period, _shown)
    return _paragraphs(actor, period, period_words) + more, tables


def tables(actor: User, period: Period) -> list[ReportTableOut]:
    """The report's tables as written into a file (hidden values as words), in the active
    language, after disclosure control; the text is the one the statistician edited."""
    _more, found = report_sections.sections(actor, period, _shown)
    return [as_written(t) for t in found]


def as_written(table: ReportTable) -> ReportTableOut:
    return ReportTableOut(
        table.title, table.header, tuple((label, _shown(value)) for label, value in table.rows)
    )
