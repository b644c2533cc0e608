"""Writes of the statistics app: releases (``releases``) and budgets (``budgets``)."""

from ctip.stats.actions.budgets import BudgetInput, budget_set
from ctip.stats.actions.drafts import draft_shown, drafts_shown
from ctip.stats.actions.releases import (
    ExportInput,
    ReleaseInput,
    ReleaseRefused,
    ReportInput,
    release_exported,
    release_publish,
    report_exported,
)
from ctip.stats.actions.surveys import SurveyInput, survey_import

__all__ = [
    "BudgetInput",
    "ExportInput",
    "ReleaseInput",
    "ReleaseRefused",
    "ReportInput",
    "SurveyInput",
    "budget_set",
    "draft_shown",
    "drafts_shown",
    "release_exported",
    "release_publish",
    "report_exported",
    "survey_import",
]
