"""Publishing a release: disclosure control applied, the content frozen and audited."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.engine.periods import Period
from ctip.core.engine.suppression import Protected, Unprotectable, round_to
from ctip.core.figures import UnknownBreakdown
from ctip.core.models import User
from ctip.stats import registry, selectors
from ctip.stats.engine import privacy
from ctip.stats.events import StatsEvent
from ctip.stats.models import BudgetSpend, Method, PrivacyBudget, Release


class ReleaseRefused(ValueError):
    """Nothing was released; the message says why, in the reader's language."""


@dataclass(frozen=True)
class ReleaseInput:
    indicator: str
    period: Period
    breakdowns: tuple[str, ...]
    method: Method
    title: str = ""
    epsilon: float | None = None


@dataclass(frozen=True)
class ExportInput:
    release: Release
    format: str


def _cells_suppressed(protected: Protected, *, base: int = 1) -> list[dict[str, Any]]:
    return [
        {
            "categories": list(c.categories),
            "value": None if c.suppressed else round_to(c.value, base),
            "status": c.status.value,
            "accuracy": None,
        }
        for c in protected.cells
    ]


def _cells_private(protected: Protected, epsilon: float) -> tuple[list[dict[str, Any]], float]:
    # Levels: inner cells, then each kind of total (one person counts once in each level).
    by_level: dict[int, list[Any]] = {}
    for cell in protected.cells:
        by_level.setdefault(sum(1 for k in cell.categories if k is None), []).append(cell)
    levels = sorted(by_level)
    noisy = privacy.release_levels([[c.value for c in by_level[n]] for n in levels], epsilon)
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for n, result in zip(levels, noisy, strict=True):
        for cell, value in zip(by_level[n], result.values, strict=True):
            out[cell.categories] = {
                "categories": list(cell.categories),
                "value": value,
                "status": "published",
                "accuracy": round(result.accuracy, 1),
            }
    return [out[c.categories] for c in protected.cells], noisy[0].accuracy


def _hash(payload: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def release_publish(*, actor: User, data: ReleaseInput) -> Release:
    with transaction.atomic():
        if not actor.has_ctip_perm("stats.release"):
            raise PermissionDenied("stats.release")
        try:
            indicator = registry.indicator(data.indicator)
        except registry.UnknownIndicator:
            raise ReleaseRefused(_("No such dataset.")) from None
        # One release of a dataset at a time: the linked audit and the ledger need it.
        budget, _created = PrivacyBudget.objects.get_or_create(
            dataset=indicator.code,
            defaults={"epsilon": selectors.DEFAULT_BUDGET, "set_by": actor},
        )
        budget = PrivacyBudget.objects.select_for_update().get(pk=budget.pk)
        try:
            _table, protected = selectors.build(indicator.code, data.period, data.breakdowns)
        except UnknownBreakdown:
            raise ReleaseRefused(_("This dataset has no such breakdown.")) from None
        except Unprotectable:
            raise ReleaseRefused(
                _("This breakdown would isolate a person: nothing can be released.")
            ) from None
        if (
            data.method != Method.PRIVATE
            and Release.objects.filter(
                dataset=indicator.code,
                period_start=data.period.start,
                period_end=data.period.end,
                breakdowns=list(data.breakdowns),
                method=data.method.value,
            ).exists()
        ):
            raise ReleaseRefused(_("The same release has already been published."))
        parameters: dict[str, Any] = {"threshold": protected.threshold}
        if data.method == Method.PRIVATE:
            epsilon = float(data.epsilon or 0)
            spent = BudgetSpend.objects.filter(budget=budget).aggregate(s=Sum("epsilon"))["s"]
            try:
                privacy.check_budget(budget.epsilon, [spent or 0.0], epsilon)
            except privacy.BudgetExceeded:
                raise ReleaseRefused(
                    _("This release needs epsilon %(need)s; only %(left)s is left of the budget.")
                    % {"need": f"{epsilon:g}", "left": f"{budget.epsilon - (spent or 0):g}"}
                ) from None
            cells, accuracy = _cells_private(protected, epsilon)
            parameters = {"epsilon": epsilon, "accuracy_95": round(accuracy, 2)}
        else:
            base = selectors.ROUNDING_BASE if data.method == Method.ROUNDED else 1
            cells = _cells_suppressed(protected, base=base)
            if base > 1:
                parameters["rounding_base"] = base
            total = next(c for c in protected.cells if all(k is None for k in c.categories))
            if all(c["value"] is None for c in cells) or 0 < total.value < protected.threshold:
                raise ReleaseRefused(_("Too few people are counted: a release would isolate them."))
        payload = {
            "dataset": indicator.code,
            "period": [data.period.start, data.period.end],
            "breakdowns": list(data.breakdowns),
            "method": data.method.value,
            "parameters": parameters,
            "cells": cells,
        }
        digest = _hash(payload)
        if Release.objects.filter(content_hash=digest).exists():
            raise ReleaseRefused(_("The same release has already been published."))
        release = Release.objects.create(
            title=(data.title or str(indicator.label))[:200],
            dataset=indicator.code,
            period_start=data.period.start,
            period_end=data.period.end,
            period_kind=data.period.kind.value,
            breakdowns=list(data.breakdowns),
            method=data.method.value,
            parameters=parameters,
            cells=cells,
            content_hash=digest,
            agency=actor.agency,
            published_by=actor,
        )
        if data.method == Method.PRIVATE:
            BudgetSpend.objects.create(
                budget=budget, release=release, epsilon=parameters["epsilon"]
            )
        audit.record(
            StatsEvent.STATS_RELEASE_PUBLISHED,
            actor=actor,
            target=release,
            data={
                "dataset": indicator.code,
                "period": data.period.code,
                "breakdowns": list(data.breakdowns),
                "method": data.method.value,
                "parameters": parameters,
                "cells": len(cells),
                "suppressed": sum(1 for c in cells if c["value"] is None),
                "hash": digest,
            },
        )
        return release


def release_exported(*, actor: User, data: ExportInput) -> None:
    with transaction.atomic():
        if not actor.has_ctip_perm("stats.export"):
            raise PermissionDenied("stats.export")
        audit.record(
            StatsEvent.STATS_RELEASE_EXPORTED,
            actor=actor,
            target=data.release,
            data={"format": data.format, "hash": data.release.content_hash},
        )


@dataclass(frozen=True)
class ReportInput:
    period: Period
    language: str
    format: str
    text: str


def report_exported(*, actor: User, data: ReportInput) -> None:
    """The report's text is the reader's own edit of published-safe numbers: the trail keeps
    its fingerprint and size, not the text."""
    with transaction.atomic():
        if not actor.has_ctip_perm("stats.export"):
            raise PermissionDenied("stats.export")
        audit.record(
            StatsEvent.STATS_REPORT_EXPORTED,
            actor=actor,
            data={
                "period": data.period.code,
                "language": data.language,
                "format": data.format,
                "hash": hashlib.sha256(data.text.encode()).hexdigest(),
                "characters": len(data.text),
            },
        )
