"""The support plan and what was delivered under it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases.actions.checks import Conflict, require_case, require_lead, support_codes
from ctip.cases.events import CasesEvent
from ctip.cases.models import Case, CasePlan, ServiceDelivery, ServiceProvider
from ctip.core import audit
from ctip.core.models import User
from ctip.core.values import Amount, split_money


@transaction.atomic
def plan_save(
    *, actor: User, case: Case, goals: str, support_types: Sequence[str], version: int | None
) -> CasePlan:
    """Write the whole plan if it is still at ``version`` (0: no plan yet); a save from an
    older read raises ``Conflict`` instead of overwriting the other editor's change."""
    require_lead(actor, case, "cases.change_case")
    if version is None:
        raise ValidationError({"version": _("The version of the plan you edited is required.")})
    codes = support_codes(support_types, "support_types")
    values = {
        "goals": goals.strip(),
        "support_types": codes,
        "updated_by": actor,
        "updated_at": timezone.now(),
    }
    if version == 0:
        # The one-to-one constraint refuses a second first plan; the savepoint keeps
        # the surrounding transaction usable on PostgreSQL.
        try:
            with transaction.atomic():
                plan = CasePlan.objects.create(case=case, **values)
        except IntegrityError:
            raise Conflict(case) from None
    else:
        updated = CasePlan.objects.filter(case=case, version=version).update(
            version=F("version") + 1, **values
        )
        if updated != 1:
            raise Conflict(case)
        plan = CasePlan.objects.get(case=case)
    audit.record(
        CasesEvent.CASE_PLAN_SAVED,
        actor=actor,
        target=case,
        fields=["goals", "support_types"],
        data={"version": plan.version},
    )
    return plan


@dataclass(frozen=True)
class DeliveryInput:
    support_type: str
    delivered_on: dt.date
    cost: Amount | Decimal | None = None
    provider: ServiceProvider | None = None
    note: str = ""


@transaction.atomic
def delivery_record(*, actor: User, case: Case, data: DeliveryInput) -> ServiceDelivery:
    """What was given, when, at what cost: the lead agency or a provider on the case."""
    require_case(actor, case, "cases.change_case")
    support_codes([data.support_type], "support_type")
    errors: dict[str, list[str]] = {}
    if data.delivered_on > timezone.localdate():
        errors["delivered_on"] = [_("This date is in the future.")]
    if data.delivered_on < case.intake_date - dt.timedelta(days=31):
        errors["delivered_on"] = [_("This date is long before the intake.")]
    cost = data.cost
    if cost is not None and not isinstance(cost, Amount) and cost < 0:
        errors["cost"] = [_("A cost cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    cost_vnd, cost_currency, cost_original = split_money(cost)
    delivery = ServiceDelivery.objects.create(
        case=case,
        support_type=data.support_type,
        delivered_on=data.delivered_on,
        cost=cost_vnd,
        cost_currency=cost_currency,
        cost_original=cost_original,
        provider=data.provider,
        note=data.note.strip(),
        recorded_by=actor,
    )
    audit.record(
        CasesEvent.SUPPORT_DELIVERED,
        actor=actor,
        target=case,
        fields=["support_type", "delivered_on", "cost", "note"],
        data={"delivery": delivery.pk, "support_type": data.support_type},
    )
    return delivery
