"""The national report of a period: the paragraphs a reply like seed 000 §4 needs, written
from the tables after disclosure control (a hidden number is written as hidden)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ctip.core.engine.periods import Period
from ctip.stats import report_sections
from ctip.stats.engine.exports import ReportTableOut
from ctip.stats.report_sections import Number, ReportTable, cell, table
from ctip.stats.selectors import Reading


# A count starts no sentence: the sentences name what is counted, then the count, so
# that a hidden one ("fewer than 11 or hidden") reads as well as a number.
def _number(value: int | None, threshold: int) -> str:
    if value is None:
        return _("fewer than %(n)s or hidden") % {"n": threshold}
    return f"{value:,}".replace(",", ".")


def _paragraphs(reading: Reading, period: Period, period_words: str, n: Number) -> list[str]:
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
                "n": n(total.total.value, received.threshold),
                "prev": total.change_previous,
                "year": total.change_year,
            }
        )
    identified = table(reading, "cases.victims_identified", period, ("sex",))
    if identified is not None:
        t = identified.threshold
        out.append(
            _("Identified as victims of trafficking: %(n)s, of whom %(f)s women and %(m)s men.")
            % {
                "n": n(cell(identified, (None,)), t),
                "f": n(cell(identified, ("female",)), t),
                "m": n(cell(identified, ("male",)), t),
            }
        )
    children = table(reading, "cases.victims_identified", period, ("under16",))
    if children is not None:
        out.append(
            _("Victims under 16: %(n)s.") % {"n": n(cell(children, ("yes",)), children.threshold)}
        )
    reports = table(reading, "intel.scam_reports", period, ())
    if reports is not None:
        line = reports.lines[-1]
        out.append(
            _(
                "Reports of scams and deceptive recruitment received: %(n)s "
                "(%(prev)s on the previous period)."
            )
            % {"n": n(line.total.value, reports.threshold), "prev": line.change_previous}
        )
    frozen = table(reading, "intel.accounts_frozen", period, ())
    if frozen is not None:
        out.append(
            _("Accounts used by scammers frozen: %(n)s.")
            % {"n": n(frozen.lines[-1].total.value, frozen.threshold)}
        )
    checks = table(reading, "screening.checks", period, ())
    if checks is not None:
        out.append(
            _("Job offers checked by the public before they answered them: %(n)s.")
            % {"n": n(checks.lines[-1].total.value, checks.threshold)}
        )
    return out


def write(
    reading: Reading, period: Period, period_words: str, n: Number = _number
) -> tuple[list[str], list[ReportTable]]:
    """The report's paragraphs and tables, in the active language, after disclosure
    control: cases, intel and screening, then proceedings, the hotline, cooperation, the
    registry and outreach. What they show is added to ``reading``'s drafts, which the
    page remembers (``actions.drafts_shown``). ``n`` writes each count (``_number``)."""
    more, tables = report_sections.sections(reading, period, n)
    return _paragraphs(reading, period, period_words, n) + more, tables


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
