"""The national report's sections on proceedings, the hotline, cooperation, the registry
and outreach: paragraphs and tables from those apps' ``figures``, after disclosure
control as for every table (a count from 1 to the threshold is hidden; a breakdown goes
through the suppression engine, so that its total cannot give a hidden cell back)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ctip.cooperation import figures as cooperation
from ctip.core.engine import countries
from ctip.core.engine.periods import Period
from ctip.core.engine.suppression import TableIn, Unprotectable, protect
from ctip.core.models import User
from ctip.hotline import figures as hotline
from ctip.outreach import figures as outreach
from ctip.proceedings import figures as proceedings
from ctip.registry import figures as registry
from ctip.stats import selectors


@dataclass(frozen=True)
class ReportTable:
    title: str
    header: tuple[str, str]
    rows: tuple[tuple[str, int | None], ...]  # the categories, then the total


Number = Callable[[int | None], str]


def _hide(value: int) -> int | None:
    """A single count: hidden from 1 to under the threshold, as any table cell."""
    return None if 0 < value < selectors.threshold() else value


def _breakdown(
    period: Period,
    title: str,
    header: tuple[str, str],
    counts: dict[str, int],
    words: dict[str, str],
) -> ReportTable | None:
    """A one-way table through the suppression engine; None when it cannot be protected."""
    keys = tuple(sorted(k for k, n in counts.items() if n))
    if not keys:
        return None
    table = TableIn(
        period.start, period.end, ("category",), (keys,), {(k,): counts[k] for k in keys}
    )
    try:
        shown = protect(table, threshold=selectors.threshold()).shown()
    except Unprotectable:
        return None
    rows = [(words.get(k, k), shown[(k,)]) for k in keys]
    rows.sort(key=lambda r: (r[1] is None, -(r[1] or 0), r[0]))
    return ReportTable(title, header, (*rows, (_("Total"), shown[(None,)])))


def _proceedings(period: Period, n: Number) -> tuple[list[str], list[ReportTable]]:
    c = proceedings.proceedings_table(period.start, period.end).current
    text = _(
        "Criminal proceedings: %(cases)s cases of trafficking in persons were investigated, "
        "with %(offenders)s offenders and %(victims)s victims; prosecution was initiated in "
        "%(prosecuted)s cases against %(accused)s accused; courts of first instance resolved "
        "%(resolved)s cases against %(defendants)s defendants. %(verified)s suspected cases "
        "were verified and %(confirmed)s victims confirmed."
    ) % {
        "cases": n(_hide(c.cases_investigated)),
        "offenders": n(_hide(c.offenders_investigated)),
        "victims": n(_hide(c.victims_investigated)),
        "prosecuted": n(_hide(c.prosecutions_initiated)),
        "accused": n(_hide(c.prosecutions_accused)),
        "resolved": n(_hide(c.first_instance_resolved_cases)),
        "defendants": n(_hide(c.first_instance_resolved_defendants)),
        "verified": n(_hide(c.suspected_cases_verified)),
        "confirmed": n(_hide(c.victims_confirmed)),
    }
    by_sex = _breakdown(
        period,
        _("Victims in the cases investigated, by sex"),
        (_("Sex"), _("Victims")),
        {"female": c.victims_female, "male": c.victims_male, "unknown": c.victims_sex_unknown},
        {"female": _("Women"), "male": _("Men"), "unknown": _("Not known")},
    )
    return [text], [t for t in (by_sex,) if t]


def _hotline(actor: User, period: Period, n: Number) -> tuple[list[str], list[ReportTable]]:
    out = []
    tables = []
    try:
        calls = selectors.national_table(actor, "hotline.calls", period, ("province",))
    except Unprotectable:
        calls = None
    if calls is not None:
        line = calls.lines[-1]
        out.append(
            _("The 111 hotline took %(n)s calls (%(prev)s on the previous period).")
            % {"n": n(line.total.value), "prev": line.change_previous}
        )
        tables.append(
            ReportTable(
                _("Calls to 111 by province"),
                (_("Province"), _("Calls")),
                tuple((li.label, li.total.value) for li in calls.lines),
            )
        )
    r = hotline.requests_summary(period.start, period.end)
    out.append(
        _(
            "Families asked the hotline to trace %(n)s relatives: %(located)s were located "
            "and %(returned)s came home."
        )
        % {
            "n": n(_hide(sum(r.by_status.values()))),
            "located": n(_hide(r.located)),
            "returned": n(_hide(r.returned)),
        }
    )
    return out, tables


def _cooperation(period: Period, n: Number) -> list[str]:
    span = cooperation.Period(period.start, period.end)
    h = cooperation.handovers(span)
    v = cooperation.verifications(span)
    return [
        _(
            "With the authorities of neighbouring countries, %(handovers)s joint handovers "
            "were held and %(received)s citizens received, %(evacuations)s of the handovers "
            "by air. %(requests)s requests to verify %(persons)s persons were answered or "
            "pending; %(confirmed)s persons were confirmed as citizens."
        )
        % {
            "handovers": n(h.handovers),
            "received": n(_hide(h.persons_received)),
            "evacuations": n(h.evacuations),
            "requests": n(v.requests),
            "persons": n(_hide(v.persons)),
            "confirmed": n(_hide(v.confirmed)),
        }
    ]


def _registry(period: Period, n: Number) -> tuple[list[str], list[ReportTable]]:
    e = registry.enterprises(period.start, period.end)
    w = registry.workers_abroad(period.end)
    i = registry.incidents(period.start, period.end)
    text = _(
        "The register holds %(enterprises)s licensed recruitment enterprises; %(suspended)s "
        "were suspended and %(revoked)s had their licence revoked in the period. "
        "%(workers)s registered workers were abroad at its end; %(incidents)s incidents "
        "were reported, %(signs)s with signs of trafficking."
    ) % {
        "enterprises": n(e.total),
        "suspended": n(e.suspended_in_period),
        "revoked": n(e.revoked_in_period),
        "workers": n(_hide(w.total)),
        "incidents": n(_hide(i.total)),
        "signs": n(_hide(i.with_trafficking_signs)),
    }
    language = (get_language() or "vi")[:2]
    names = {}
    for code in w.by_destination:
        country = countries.get(code)
        names[code] = country.name(language) if country else code
    table = _breakdown(
        period,
        _("Registered workers abroad at the end of the period, by country"),
        (_("Country"), _("Workers")),
        w.by_destination,
        names,
    )
    return [text], [t for t in (table,) if t]


def _outreach(period: Period, n: Number) -> tuple[list[str], list[ReportTable]]:
    reach = outreach.reach_by_province(period.start, period.end)
    trained = outreach.training(period.start, period.end)
    text = _(
        "Warning text messages reached %(delivered)s phones. %(attendees)s officers "
        "attended training, %(passed)s of them passed and %(certificates)s received a "
        "certificate."
    ) % {
        "delivered": n(sum(r.delivered for r in reach)),
        "attendees": n(_hide(trained.total("attendees"))),
        "passed": n(_hide(trained.total("passed"))),
        "certificates": n(_hide(trained.total("certificates"))),
    }
    table = _breakdown(
        period,
        _("Officers trained, by topic"),
        (_("Topic"), _("Officers")),
        trained.by("topic"),
        {code: str(label) for code, label in outreach.TOPICS.items()},
    )
    return [text], [t for t in (table,) if t]


def sections(actor: User, period: Period, n: Number) -> tuple[list[str], list[ReportTable]]:
    """Paragraphs and tables of the five apps, in the active language."""
    paragraphs: list[str] = []
    tables: list[ReportTable] = []
    for more, found in (
        _proceedings(period, n),
        _hotline(actor, period, n),
        (_cooperation(period, n), []),
        _registry(period, n),
        _outreach(period, n),
    ):
        paragraphs += more
        tables += found
    return paragraphs, tables
