"""Money and countries shown in the reader's language (see ``ctip.core.values``)."""

from __future__ import annotations

from typing import Any

from django import template

from ctip.core.values import country_name, format_money, money_columns

register = template.Library()


@register.filter
def money(vnd: int | None) -> str:
    """Whole đồng: "5.000.000 ₫" (vi), "VND 5,000,000" (en)."""
    return format_money(vnd)


@register.filter
def money_of(obj: Any, name: str) -> str:
    """A stored amount (``<name>_vnd``, ``_currency``, ``_original``), as typed when it was
    not đồng."""
    return format_money(*money_columns(obj, name))


@register.filter
def country(code: str | None) -> str:
    return country_name(code) or "—"
