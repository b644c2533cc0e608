from django import template

from ctip.intel.models import IndicatorKind

register = template.Library()


@register.filter
def kind_labels(kinds: list[str]) -> str:
    """Indicator kinds in the reader's language: "phone" is "Phone number" (translated)."""
    labels = dict(IndicatorKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in kinds)
