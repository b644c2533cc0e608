"""Releases, privacy-loss budgets and their ledger. No domain record and no person.

A release belongs to the agency that published it; staff of that agency and of the
agencies under it read it (``scope_q``). A published release never changes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core.models import Agency, User


def _lineage(actor: User) -> list[int]:
    return [int(part) for part in actor.agency.path.strip("/").split("/") if part]


class Method(models.TextChoices):
    SUPPRESSION = "suppression", _("Cell suppression")
    ROUNDED = "rounded", _("Cell suppression and rounding to base 5")
    PRIVATE = "private", _("Differential privacy (noise added)")


class ImmutableRelease(Exception):
    """A published release is never changed or deleted."""


class Release(models.Model):
    title = models.CharField(_("title"), max_length=200)
    dataset = models.CharField(_("dataset"), max_length=80, db_index=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    period_kind = models.CharField(max_length=10)
    breakdowns = models.JSONField(default=list)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    parameters = models.JSONField(default=dict)
    # [{"categories": [...], "value": int | None, "status": "...", "accuracy": float | None}]
    # Suppressed cells carry no value: the true count is never stored.
    cells = models.JSONField(default=list)
    content_hash = models.CharField(max_length=64, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("statistical release")

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableRelease("A published release is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableRelease("A published release is never deleted.")

    @property
    def reference(self) -> str:
        return f"TK-{self.pk:05d}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency_id__in=_lineage(actor))


class PrivacyBudget(models.Model):
    """A dataset's total privacy-loss budget (epsilon), national."""

    dataset = models.CharField(_("dataset"), max_length=80, unique=True)
    epsilon = models.FloatField(_("epsilon"))
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.dataset}: {self.epsilon:g}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q()


class BudgetSpend(models.Model):
    """One spend of a dataset's budget by a differentially private release."""

    budget = models.ForeignKey(PrivacyBudget, on_delete=models.PROTECT, related_name="spends")
    release = models.OneToOneField(Release, on_delete=models.PROTECT, related_name="spend")
    epsilon = models.FloatField()
    spent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.budget.dataset}: {self.epsilon:g}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q()


class Survey(models.Model):
    """A victimisation survey's microdata: weighted responses, no identities."""

    name = models.CharField(_("name"), max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    imported_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)
    respondents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("survey")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(agency_id__in=_lineage(actor))


class SurveyResponse(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    year = models.PositiveSmallIntegerField()
    stratum = models.CharField(max_length=60)
    psu = models.CharField(max_length=60)
    weight = models.FloatField()
    victim = models.BooleanField()

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(survey__in=Survey.objects.filter(Survey.scope_q(actor)))


class TableView(models.Model):
    """What one reader was shown of a draft table (cells after suppression, no hidden
    value): every later table and release of the dataset, for anyone, is audited against
    it, so that drafts, pooled or not, cannot be differenced any more than releases."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    dataset = models.CharField(max_length=80)
    period_start = models.DateField()
    period_end = models.DateField()
    breakdowns = models.JSONField(default=list)
    cells = models.JSONField(default=list)  # [{"categories": [...], "value": int | None, ...}]
    # The fingerprint of what was shown (dataset, period, breakdowns, cells: ``digest``):
    # a reader shown the same table again adds no row.
    digest = models.CharField(max_length=64)
    shown_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="stats_view_once_a_reader")
        ]
        indexes = [
            models.Index(fields=["user", "dataset", "-shown_at"], name="stats_view_recent"),
            models.Index(
                fields=["dataset", "period_start", "period_end"], name="stats_view_dataset"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.dataset}"

    @staticmethod
    def digest_of(
        dataset: str, start: date, end: date, breakdowns: list[str], cells: list[dict[str, Any]]
    ) -> str:
        """The fingerprint of a draft: identical tables of one period have the same."""
        content = [dataset, start.isoformat(), end.isoformat(), breakdowns, cells]
        encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(encoded.encode()).hexdigest()

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(user_id=actor.pk)


class Aggregate(models.Model):
    """A closed month's counts of one figure by one set of breakdowns, precomputed.

    Raw counts, small ones included: never shown as they are. Nobody reads them through
    the scope (``scope_q`` matches nothing); only the selectors sum them into tables,
    which then go through disclosure control.
    """

    dataset = models.CharField(max_length=80)
    month = models.DateField()  # its first day
    breakdowns = models.CharField(max_length=200, blank=True)  # "province,sex"
    cells = models.JSONField(default=list)  # [[category, ..., count], ...]
    total = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "month", "breakdowns"], name="stats_aggregate_one"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dataset} {self.month:%Y-%m} [{self.breakdowns}]"

    @classmethod
    def scope_q(cls, actor: User) -> Q:
        return Q(pk__in=[])
