from django import template

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """Dong with dots between thousands, as Vietnamese write amounts: 15.000.000."""
    if amount is None:
        return ""
    return f"{int(amount):,}".replace(",", ".")
