"""Writes of the statistics app: releases (``releases``) and budgets (``budgets``)."""

from ctip.stats.actions.budgets import BudgetInput, budget_set
from ctip.stats.actions.releases import (
    ExportInput,
    ReleaseInput,
    ReleaseRefused,
    release_exported,
    release_publish,
)

__all__ = [
    "BudgetInput",
    "ExportInput",
    "ReleaseInput",
    "ReleaseRefused",
    "budget_set",
    "release_exported",
    "release_publish",
]
