"""A table as pictures and as export sheets, in the reader's language."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from ctip.core.engine import charts
from ctip.core.figures import AGE_GROUPS
from ctip.stats import labels
from ctip.stats.engine.exports import Sheet, UnodcRow
from ctip.stats.selectors import NationalTable


def hidden_word() -> str:
    return _("hidden")


def pictures(table: NationalTable) -> list[dict[str, str]]:
    """The pictures that suit the table: a map by province, a line by month, else bars."""
    if not table.breakdowns:
        return []
    dim = table.breakdowns[0]
    items = [(line.label, line.total.value) for line in table.lines[:-1]]
    hidden = hidden_word()
    title = f"{table.indicator_label}, {table.breakdown_labels[0].lower()}"
    desc = _("The same numbers are in the table below; hatched values are hidden.")
    out = []
    if dim == "province":
        values = {line.label: line.total.value for line in table.lines[:-1]}
        out.append(
            {
                "kind": "map",
                "svg": charts.tile_map(values, title=title, desc=desc, hidden=hidden),
            }
        )
    if dim == "month":
        out.append(
            {"kind": "line", "svg": charts.line(items, title=title, desc=desc, hidden=hidden)}
        )
    else:
        shown = [i for i in items if i[1] is None or i[1] > 0]
        out.append(
            {"kind": "bars", "svg": charts.bars(shown, title=title, desc=desc, hidden=hidden)}
        )
    return out


def sheet(table: NationalTable, *, subtitle: str, notes: tuple[str, ...] = ()) -> Sheet:
    first = table.breakdown_labels[0] if table.breakdowns else ""
    rows = []
    for line in table.lines:
        rows.append((line.label, *(c.value for c in line.cells)))
    header = (first, *table.columns) if len(table.breakdowns) > 1 else (first, _("Count"))
    return Sheet(
        title=f"{table.indicator_label} ({table.unit_label})",
        subtitle=subtitle,
        header=header,
        rows=tuple(rows),
        notes=(
            _("Hidden: a count from 1 to %(n)s, or a count from which one could be derived.")
            % {"n": table.threshold - 1},
            *notes,
        ),
        hidden=hidden_word(),
    )


UNODC_INDICATORS = {
    "cases.victims_identified": "Detected trafficking victims",
    "cases.received": "Persons referred as possible victims of trafficking",
}
CHILD_GROUPS = {code for code, _low, high in AGE_GROUPS if high < 18}


def unodc_rows(table: NationalTable, year: int) -> list[UnodcRow]:
    with translation.override("en"):
        name = UNODC_INDICATORS.get(table.indicator, table.indicator_label)
        out = []
        for cell in table.cells:
            sex, age, dimension, category = "Total", "Total", "Total", "Total"
            for dim, code in zip(table.breakdowns, cell.categories, strict=True):
                if code is None:
                    continue
                if dim == "sex":
                    sex = labels.category(dim, code)
                elif dim == "age_group":
                    age = (
                        "Child"
                        if code in CHILD_GROUPS
                        else ("Adult" if code != "unknown" else "Unknown")
                    )
                    dimension, category = "by age group", code
                elif dim == "under16":
                    age = {"yes": "Child under 16", "no": "16 or older"}.get(code, "Unknown")
                else:
                    dimension = f"by {labels.dimension(dim).lower()}"
                    category = labels.category(dim, code)
            out.append(UnodcRow(name, dimension, category, sex, age, year, cell.value))
        return out
