"""Every installed app's ``figures`` module, found through Django's app registry.

An app plugs into the statistics by writing ``<app>/figures.py`` (``INDICATORS``,
``figures()`` and optionally ``CATEGORIES``); nothing here names an app.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module, util
from types import ModuleType
from typing import Any

from django.apps import apps
from django.utils.functional import Promise

from ctip.core.engine.periods import Period
from ctip.core.figures import Figures, Indicator


class UnknownIndicator(KeyError):
    """No installed app declares this indicator."""


@dataclass(frozen=True)
class Source:
    indicator: Indicator
    module: ModuleType


@cache
def modules() -> tuple[ModuleType, ...]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("ctip.") or config.name == "ctip.stats":
            continue
        name = f"{config.name}.figures"
        if util.find_spec(name) is not None:
            found.append(import_module(name))
    return tuple(found)


@cache
def sources() -> dict[str, Source]:
    out: dict[str, Source] = {}
    for module in modules():
        for indicator in getattr(module, "INDICATORS", ()):
            if indicator.code in out:
                raise ValueError(f"Indicator {indicator.code} is declared twice.")
            out[indicator.code] = Source(indicator, module)
    return out


def indicators() -> list[Indicator]:
    return [s.indicator for s in sources().values()]


def indicator(code: str) -> Indicator:
    try:
        return sources()[code].indicator
    except KeyError:
        raise UnknownIndicator(code) from None


def figures(code: str, period: Period, breakdowns: tuple[str, ...]) -> Figures:
    try:
        source = sources()[code]
    except KeyError:
        raise UnknownIndicator(code) from None
    result = source.module.figures(code, period, breakdowns)
    if not isinstance(result, Figures):
        raise TypeError(f"{source.module.__name__}.figures must return Figures")
    return result


@cache
def app_categories() -> dict[str, tuple[tuple[str, Promise], ...]]:
    """Categories that apps declare for their own breakdowns (``CATEGORIES``)."""
    out: dict[str, tuple[tuple[str, Promise], ...]] = {}
    for module in modules():
        out.update(getattr(module, "CATEGORIES", {}))
    return out


def microdata(name: str) -> Any:
    """An app's de-identified microdata export (``<name>_microdata`` in its figures), or
    None: ``ctdc`` is offered by the cases app."""
    for module in modules():
        export = getattr(module, f"{name}_microdata", None)
        if export is not None:
            return export
    return None
