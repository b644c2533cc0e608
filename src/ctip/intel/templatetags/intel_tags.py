from django import template

from ctip.intel.models import IndicatorKind

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """Dong with dots between thousands, as Vietnamese write amounts: 15.000.000."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".")


@register.filter
def kind_labels(kinds: list[str]) -> str:
    """Indicator kinds in the reader's language: "phone" is "Phone number" (translated)."""
    labels = dict(IndicatorKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in kinds)
