"""Money and countries shown in the reader's language (see ``ctip.core.values``)."""

from __future__ import annotations

from typing import Any

from django import template

from ctip.core.events import event_label, sentence, target_label
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


@register.filter
def event(code: str) -> str:
    """An audit event in words ("Case opened"), never its code."""
    return event_label(code)


@register.filter
def target(event: Any) -> str:
    """An audit event's target as the record's kind and number ("Case #12")."""
    return target_label(event.target_type, event.target_id)


@register.filter
def described(event: Any) -> str:
    """An audit event as a sentence: who did what to which record ("Lan opened Case #12")."""
    return sentence(event)
