"""The privacy-loss budget of a dataset, set by the national statistician."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import User
from ctip.stats import registry
from ctip.stats.events import StatsEvent
from ctip.stats.models import BudgetSpend, PrivacyBudget


@dataclass(frozen=True)
class BudgetInput:
    dataset: str
    epsilon: float


def budget_set(*, actor: User, data: BudgetInput) -> PrivacyBudget:
    with transaction.atomic():
        if not actor.has_ctip_perm("stats.manage_budget"):
            raise PermissionDenied("stats.manage_budget")
        try:
            registry.indicator(data.dataset)
        except registry.UnknownIndicator:
            raise ValidationError(_("No such dataset.")) from None
        if not 0 < data.epsilon <= 10:
            raise ValidationError(_("The budget must be more than 0 and at most 10."))
        budget = PrivacyBudget.objects.select_for_update().filter(dataset=data.dataset).first()
        spent = (
            BudgetSpend.objects.filter(budget=budget).aggregate(s=Sum("epsilon"))["s"] or 0.0
            if budget is not None
            else 0.0
        )
        if data.epsilon < spent:
            raise ValidationError(
                _("%(spent)s has already been spent: the budget cannot be less.")
                % {"spent": f"{spent:g}"}
            )
        if budget is None:
            budget = PrivacyBudget.objects.create(
                dataset=data.dataset, epsilon=data.epsilon, set_by=actor
            )
        else:
            PrivacyBudget.objects.filter(pk=budget.pk).update(
                epsilon=data.epsilon, set_by=actor, set_at=timezone.now()
            )
            budget.refresh_from_db()
        audit.record(
            StatsEvent.STATS_BUDGET_SET,
            actor=actor,
            target=budget,
            data={"dataset": data.dataset, "epsilon": data.epsilon, "spent": spent},
        )
        return budget
