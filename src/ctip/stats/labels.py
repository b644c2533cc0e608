"""Words for breakdowns and their categories, in the reader's language."""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ctip.core.engine import countries
from ctip.core.figures import AGE_GROUPS, DIMENSIONS, UNKNOWN
from ctip.core.models import AgencyType, Province
from ctip.stats.registry import app_categories

SEX = {
    "female": gettext_lazy("Female"),
    "male": gettext_lazy("Male"),
    "other": gettext_lazy("Other"),
}
UNDER16 = {"yes": gettext_lazy("Under 16"), "no": gettext_lazy("16 or older")}
EXPLOITATION = {
    "forced_criminality": gettext_lazy("Forced criminality (scams)"),
    "forced_labour": gettext_lazy("Forced labour"),
    "sexual_exploitation": gettext_lazy("Sexual exploitation"),
    "other": gettext_lazy("Other forms"),
}


@cache
def _provinces() -> dict[str, str]:
    return dict(Province.objects.order_by("name").values_list("code", "name"))


def dimension(code: str) -> str:
    return str(DIMENSIONS.get(code, code))


def universe(dim: str, observed: set[str]) -> tuple[str, ...]:
    """Every category a breakdown can take (zeros shown), plus any observed."""
    base: list[str]
    if dim == "province":
        base = list(_provinces())
    elif dim == "sex":
        base = list(SEX)
    elif dim == "age_group":
        base = [code for code, _low, _high in AGE_GROUPS]
    elif dim == "under16":
        base = list(UNDER16)
    elif dim == "agency_type":
        base = list(AgencyType.values)
    elif dim == "exploitation":
        base = list(EXPLOITATION)
    elif dim in app_categories():
        base = [code for code, _label in app_categories()[dim]]
    else:
        base = []
    extra = sorted(observed - set(base) - {UNKNOWN})
    out = base + extra
    if UNKNOWN in observed:
        out.append(UNKNOWN)
    return tuple(out)


def category(dim: str, code: str | None) -> str:
    if code is None:
        return _("Total")
    if code == UNKNOWN:
        return _("Not known")
    if dim == "province":
        return _provinces().get(code, code)
    if dim == "sex":
        return str(SEX.get(code, code))
    if dim == "under16":
        return str(UNDER16.get(code, code))
    if dim == "age_group":
        return code
    if dim == "agency_type":
        return str(dict(AgencyType.choices).get(code, code))
    if dim == "exploitation":
        return str(EXPLOITATION.get(code, code))
    if dim in ("country", "destination"):
        found = countries.get(code)
        return found.name(get_language() or "vi") if found else code
    if dim in app_categories():
        return str(dict(app_categories()[dim]).get(code, code))
    return code
