"""Follow-up visits after reintegration: scheduled from a date, each recorded once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases.actions.checks import not_in_future, require_lead
from ctip.cases.age import treated_as_child
from ctip.cases.engine import followup as followup_engine
from ctip.cases.engine.children import FOLLOWUPS_LESS_OFTEN
from ctip.cases.engine.workflow import CaseStatus
from ctip.cases.events import CasesEvent
from ctip.cases.labels import label
from ctip.cases.models import Case, FollowUp
from ctip.core import audit
from ctip.core.models import User


def schedule(
    actor: User,
    case: Case,
    start: dt.date,
    months: Sequence[int] = followup_engine.DEFAULT_OFFSETS_MONTHS,
) -> list[FollowUp]:
    """Create the visits due from ``start`` (inside the caller's transaction)."""
    items = [
        FollowUp(
            case=case,
            sequence=due.sequence,
            months=due.months,
            due_on=due.due,
            assignee=case.assigned_worker,
        )
        for due in followup_engine.schedule(start, months)
    ]
    FollowUp.objects.bulk_create(items)
    audit.record(
        CasesEvent.FOLLOWUPS_SCHEDULED,
        actor=actor,
        target=case,
        fields=["due_on"],
        data={"start": start.isoformat(), "count": len(items)},
    )
    return items


@transaction.atomic
def followup_schedule(
    *, actor: User, case: Case, start: dt.date, months: Sequence[int] | None = None
) -> list[FollowUp]:
    """Schedule the follow-ups from ``start``, after ``months`` (the usual 1, 3, 6 and 12
    months when not given); visits not yet made are rescheduled. A child's visits are at
    least as frequent as an adult's."""
    require_lead(actor, case, "cases.change_case")
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"start": _("The case is closed.")})
    if start < case.intake_date:
        raise ValidationError({"start": _("Follow-ups cannot start before the intake.")})
    if start > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"start": _("Choose a date within the next year.")})
    months = tuple(months) if months else followup_engine.DEFAULT_OFFSETS_MONTHS
    try:
        followup_engine.schedule(start, months)
    except ValueError:
        raise ValidationError(
            {"months": _("Give the months of the visits in increasing order, each above 0.")}
        ) from None
    if treated_as_child(case) and not followup_engine.at_least_as_frequent(months):
        raise ValidationError({"months": label(FOLLOWUPS_LESS_OFTEN)})
    replaced, _counts = FollowUp.objects.filter(case=case, done_on__isnull=True).delete()
    if replaced:
        audit.record(
            CasesEvent.FOLLOWUPS_UNSCHEDULED,
            actor=actor,
            target=case,
            fields=["due_on"],
            data={"count": replaced},
        )
    return schedule(actor, case, start, months)


@transaction.atomic
def followup_complete(
    *,
    actor: User,
    followup: FollowUp,
    done_on: dt.date,
    outcomes: Mapping[str, int],
    note: str = "",
) -> FollowUp:
    require_lead(actor, followup.case, "cases.change_case")
    not_in_future(done_on, "done_on")
    try:
        summary = followup_engine.summarise_outcomes(outcomes)
    except ValueError as error:
        raise ValidationError({"outcomes": str(error)}) from None
    updated = FollowUp.objects.filter(pk=followup.pk, done_on__isnull=True).update(
        done_on=done_on,
        outcomes={d.value: level for d, level in summary.levels.items()},
        note=note.strip(),
    )
    if not updated:
        raise ValidationError(_("This follow-up is already done."))
    followup.refresh_from_db()
    audit.record(
        CasesEvent.FOLLOWUP_DONE,
        actor=actor,
        target=followup.case,
        fields=["done_on", "outcomes", "note"],
        data={"followup": followup.pk, "concerns": [d.value for d in summary.concerns]},
    )
    return followup
