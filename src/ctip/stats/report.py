"""The national report of a period: the paragraphs a reply like seed 000 §4 needs, written
from the tables after disclosure control (a hidden number is written as hidden)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ctip.core.engine.periods import Period
from ctip.stats import report_sections
from ctip.stats.engine.exports import ReportTableOut
from ctip.stats.report_sections import ReportTable, cell, table
from ctip.stats.selectors import Reading


def _number(value: int | None, threshold: int) -> str:
    if value is None:
        return _("fewer than %(n)s or hidden") % {"n": threshold}
    return f"{value:,}".replace(",", ".")


def _paragraphs(reading: Reading, period: Period, period_words: str) -> list[str]:
    out: list[str] = []
    received = table(reading, "cases.received", period, ())
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
    identified = table(reading, "cases.victims_identified", period, ("sex",))
    if identified is not None:
        t = identified.threshold
        out.append(
            _("%(n)s were identified as victims of trafficking: %(f)s women and %(m)s men.")
            % {
                "n": _number(cell(identified, (None,)), t),
                "f": _number(cell(identified, ("female",)), t),
                "m": _number(cell(identified, ("male",)), t),
            }
        )
    children = table(reading, "cases.victims_identified", period, ("under16",))
    if children is not None:
        out.append(
            _("Victims under 16: %(n)s.")
            % {"n": _number(cell(children, ("yes",)), children.threshold)}
        )
    reports = table(reading, "intel.scam_reports", period, ())
    if reports is not None:
        line = reports.lines[-1]
        out.append(
            _(
                "%(n)s reports of scams and deceptive recruitment were received "
                "(%(prev)s on the previous period)."
            )
            % {"n": _number(line.total.value, reports.threshold), "prev": line.change_previous}
        )
    frozen = table(reading, "intel.accounts_frozen", period, ())
    if frozen is not None:
        out.append(
            _("%(n)s accounts used by scammers were frozen.")
            % {"n": _number(frozen.lines[-1].total.value, frozen.threshold)}
        )
    checks = table(reading, "screening.checks", period, ())
    if checks is not None:
        out.append(
            _("%(n)s job offers were checked by the public before they answered them.")
            % {"n": _number(checks.lines[-1].total.value, checks.threshold)}
        )
    return out


def write(
    reading: Reading, period: Period, period_words: str
) -> tuple[list[str], list[ReportTable]]:
    """The report's paragraphs and tables, in the active language, after disclosure
    control: cases, intel and screening, then proceedings, the hotline, cooperation, the
    registry and outreach. What they show is added to ``reading``'s drafts, which the
    page remembers (``actions.drafts_shown``)."""
    more, tables = report_sections.sections(reading, period, _number)
    return _paragraphs(reading, period, period_words) + more, tables


def tables(reading: Reading, period: Period) -> list[ReportTableOut]:
    """The report's tables as written into a file (hidden values as words), in the active
    language, after disclosure control; the text is the one the statistician edited."""
    _more, found = report_sections.sections(reading, period, _number)
    return [as_written(t) for t in found]


def as_written(found: ReportTable) -> ReportTableOut:
    return ReportTableOut(
        found.title,
        found.header,
        tuple((label, _number(value, found.threshold)) for label, value in found.rows),
    )
