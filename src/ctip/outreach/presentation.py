"""A campaign's outcomes as pictures, in the reader's language (the page shows the same
numbers as tables)."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ctip.core.engine import charts
from ctip.outreach.selectors import CampaignOutcomes


def outcome_charts(view: CampaignOutcomes) -> dict[str, str]:
    """One weekly picture a measure (targeted against other provinces, the start marked),
    and one picture of every measure's ratio with its 95 % interval."""
    out = {}
    for o in view.outcomes:
        labels = [date_format(w.start, "d/m") for w in o.weeks]
        mark = next((i for i, w in enumerate(o.weeks) if w.after), None)
        out[o.indicator] = charts.lines(
            [
                (_("Targeted provinces"), [w.targeted for w in o.weeks]),
                (_("Other provinces"), [w.untargeted for w in o.weeks]),
            ],
            labels,
            title=_("%(measure)s by week") % {"measure": o.label},
            desc=_("The same numbers are in the table beside."),
            mark=mark,
            mark_label=_("campaign"),
            ident=f"weeks-{o.indicator.replace('.', '-')}",
        )
    rows = [
        (o.label, o.effect.ratio, o.effect.low, o.effect.high) for o in view.outcomes if o.effect
    ]
    if rows:
        out["effect"] = charts.intervals(
            rows,
            title=_("Change in the targeted provinces against the others"),
            desc=_("The same numbers are in the table beside."),
            ident="effect",
        )
    return out
