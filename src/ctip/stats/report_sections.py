"""The national report's sections on proceedings, the hotline, cooperation, the registry
and outreach: paragraphs and tables written from those apps' indicators through the same
tables as the rest of the report (disclosure control audited against every release and
every draft of the dataset), so that the report never gives back a cell hidden elsewhere.
Counts that are not about persons (enterprises, handovers, verification requests) are
read from the apps' figures as they are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ctip.cooperation import figures as cooperation
from ctip.core.engine.periods import Period
from ctip.core.engine.suppression import Unprotectable
from ctip.registry import figures as registry_figures
from ctip.stats import registry, selectors
from ctip.stats.selectors import NationalTable, Reading


@dataclass(frozen=True)
class ReportTable:
    title: str
    header: tuple[str, str]
    rows: tuple[tuple[str, int | None], ...]  # the categories, then the total
    threshold: int


# A count as written: its value (None: hidden) and the threshold of its table.
Number = Callable[[int | None, int], str]


def table(
    reading: Reading, code: str, period: Period, breakdowns: tuple[str, ...]
) -> NationalTable | None:
    """The indicator's table after disclosure control, audited against the tables shown
    before it in the same ``reading`` too; None when it cannot be shown."""
    try:
        registry.indicator(code)
        return selectors.national_table(reading.viewer, code, period, breakdowns, reading)
    except (registry.UnknownIndicator, Unprotectable):
        return None


def cell(found: NationalTable, key: tuple[str | None, ...]) -> int | None:
    for shown in found.cells:
        if shown.categories == key:
            return shown.value
    return 0


def _total(reading: Reading, code: str, period: Period, n: Number) -> str:
    """An indicator's total for the period, written as the tables show it."""
    found = table(reading, code, period, ())
    if found is None:
        return n(None, selectors.threshold())
    return n(found.total.value, found.threshold)


def _changed(reading: Reading, code: str, period: Period, n: Number) -> dict[str, str]:
    """An indicator's total for the period and its change on the previous period, written
    as the tables show them ("—" when either is hidden)."""
    found = table(reading, code, period, ())
    if found is None:
        return {"n": n(None, selectors.threshold()), "prev": "—"}
    line = found.lines[-1]
    return {"n": n(line.total.value, found.threshold), "prev": line.change_previous}


def _written(found: NationalTable | None, n: Number) -> str:
    if found is None:
        return n(None, selectors.threshold())
    return n(found.total.value, found.threshold)


def _rows(found: NationalTable | None, title: str, header: tuple[str, str]) -> list[ReportTable]:
    """A one-way table as the report prints it: the categories counted, the largest first,
    then the total; nothing when there is nothing to count."""
    if found is None or found.total.value == 0:
        return []
    rows = [(li.label, li.total.value) for li in found.lines[:-1] if li.total.value != 0]
    rows.sort(key=lambda r: (r[1] is None, -(r[1] or 0), r[0]))
    return [ReportTable(title, header, (*rows, (_("Total"), found.total.value)), found.threshold)]


def _proceedings(
    reading: Reading, period: Period, n: Number
) -> tuple[list[str], list[ReportTable]]:
    victims = table(reading, "proceedings.victims_in_cases_initiated", period, ("sex",))
    text = _(
        "Criminal proceedings: prosecution was initiated in %(cases)s cases of trafficking "
        "in persons, against %(accused)s accused, with %(victims)s victims; courts of "
        "first instance judged %(judged)s cases and %(defendants)s defendants."
    ) % {
        "cases": _total(reading, "proceedings.cases_initiated", period, n),
        "accused": _total(reading, "proceedings.accused_in_cases_initiated", period, n),
        "victims": _written(victims, n),
        "judged": _total(reading, "proceedings.cases_judged", period, n),
        "defendants": _total(reading, "proceedings.defendants_judged", period, n),
    }
    text += " " + _(
        "Criminal cases of trafficking in persons under investigation: %(n)s "
        "(%(prev)s on the previous period)."
    ) % _changed(reading, "proceedings.cases_under_investigation", period, n)
    by_sex = _rows(
        victims, _("Victims in the criminal cases initiated, by sex"), (_("Sex"), _("Victims"))
    )
    return [text], by_sex


def _hotline(reading: Reading, period: Period, n: Number) -> tuple[list[str], list[ReportTable]]:
    out = []
    tables = []
    calls = table(reading, "hotline.calls", period, ("province",))
    if calls is not None:
        line = calls.lines[-1]
        out.append(
            _("The 111 hotline took %(n)s calls (%(prev)s on the previous period).")
            % {"n": n(line.total.value, calls.threshold), "prev": line.change_previous}
        )
        tables.append(
            ReportTable(
                _("Calls to 111 by province"),
                (_("Province"), _("Calls")),
                tuple((li.label, li.total.value) for li in calls.lines),
                calls.threshold,
            )
        )
    # The relatives sought, through their indicator's table like every count: audited
    # against its releases and drafts, so that no count here gives a hidden one back.
    sought = table(reading, "hotline.tracing_requests", period, ("tracing_outcome",))
    limit = sought.threshold if sought is not None else selectors.threshold()
    returned = cell(sought, ("returned",)) if sought is not None else None
    still = cell(sought, ("located",)) if sought is not None else None
    # Located: brought home or located since; hidden when either part is.
    located = None if returned is None or still is None else returned + still
    out.append(
        _(
            "Families asked the hotline to trace %(n)s relatives: %(located)s were located "
            "and %(returned)s came home."
        )
        % {
            "n": _written(sought, n),
            "located": n(located, limit),
            "returned": n(returned, limit),
        }
    )
    return out, tables


def _cooperation(reading: Reading, period: Period, n: Number) -> list[str]:
    span = cooperation.Period(period.start, period.end)
    h = cooperation.handovers(span)
    v = cooperation.verifications(span)
    text = _(
        "With the authorities of neighbouring countries, %(handovers)s joint handovers "
        "were held and %(received)s citizens received, %(evacuations)s of the handovers "
        "by air. Requests for verification received: %(requests)s; persons confirmed as "
        "citizens: %(confirmed)s."
    ) % {
        "handovers": n(h.handovers, 0),
        "received": _total(reading, "cooperation.persons_received", period, n),
        "evacuations": n(h.evacuations, 0),
        "requests": n(v.requests, 0),
        "confirmed": _total(reading, "cooperation.persons_confirmed", period, n),
    }
    text += " " + _(
        "The requests from counterparts abroad asked about %(n)s persons (%(prev)s on the "
        "previous period)."
    ) % _changed(reading, "cooperation.persons_asked", period, n)
    return [text]


def _registry(reading: Reading, period: Period, n: Number) -> tuple[list[str], list[ReportTable]]:
    e = registry_figures.enterprises(period.start, period.end)
    workers = table(reading, "registry.workers_abroad", period, ("destination",))
    text = _(
        "The register holds %(enterprises)s licensed recruitment enterprises; %(suspended)s "
        "were suspended and %(revoked)s had their licence revoked in the period. "
        "Registered workers abroad at the end of the period: %(workers)s; incidents "
        "reported: %(incidents)s."
    ) % {
        "enterprises": n(e.total, 0),
        "suspended": n(e.suspended_in_period, 0),
        "revoked": n(e.revoked_in_period, 0),
        "workers": _written(workers, n),
        "incidents": _total(reading, "registry.incidents", period, n),
    }
    text += " " + _(
        "Incidents with signs of trafficking: %(n)s (%(prev)s on the previous period)."
    ) % _changed(reading, "registry.incidents_with_signs", period, n)
    by_country = _rows(
        workers,
        _("Registered workers abroad at the end of the period, by country"),
        (_("Country"), _("Workers")),
    )
    return [text], by_country


def _outreach(reading: Reading, period: Period, n: Number) -> tuple[list[str], list[ReportTable]]:
    trained = table(reading, "outreach.officers_trained", period, ("training_topic",))
    text = _(
        "Warning text messages reached %(delivered)s phones. Officers who attended "
        "training: %(officers)s."
    ) % {
        "delivered": _total(reading, "outreach.messages_delivered", period, n),
        "officers": _written(trained, n),
    }
    text += " " + _(
        "Officers who passed their training: %(n)s (%(prev)s on the previous period)."
    ) % _changed(reading, "outreach.officers_passed", period, n)
    by_topic = _rows(trained, _("Officers trained, by topic"), (_("Topic"), _("Officers")))
    return [text], by_topic


def sections(reading: Reading, period: Period, n: Number) -> tuple[list[str], list[ReportTable]]:
    """Paragraphs and tables of the five apps, in the active language."""
    paragraphs: list[str] = []
    tables: list[ReportTable] = []
    for more, found in (
        _proceedings(reading, period, n),
        _hotline(reading, period, n),
        (_cooperation(reading, period, n), []),
        _registry(reading, period, n),
        _outreach(reading, period, n),
    ):
        paragraphs += more
        tables += found
    return paragraphs, tables
