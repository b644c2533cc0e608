"""Checks every proceedings action shares."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ctip.core.models import AgencyType
from ctip.core.scope import get_visible
from ctip.proceedings import law
from ctip.proceedings.models import (
    Accused,
    Charge,
    CriminalCase,
    ProceduralRole,
    Sex,
    Stage,
    Victim,
)

if TYPE_CHECKING:
    from ctip.core.models import Agency, User

INVESTIGATING = (AgencyType.POLICE.value, AgencyType.BORDER_GUARD.value)


def day(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def not_future(value: dt.date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def locked_case(actor: User, case_id: int, permission: str) -> CriminalCase:
    """The criminal case, locked for the rest of the transaction (404 outside scope)."""
    return get_visible(
        CriminalCase.objects.select_for_update().select_related("agency_in_charge"),
        actor,
        permission,
        pk=case_id,
    )


def in_charge(actor: User, found: CriminalCase) -> None:
    """Only the agency in charge (or one above it) writes to the file; a share only reads."""
    if not found.agency_in_charge.path.startswith(actor.agency.path):
        raise ValidationError(
            _("Only the agency in charge of this case (%(agency)s) can record this.")
            % {"agency": found.agency_in_charge.name}
        )


def open_file(found: CriminalCase) -> None:
    if found.stage == Stage.FINAL:
        raise ValidationError(_("The judgment in this case is final; the file is closed."))


def on_or_after_start(found: CriminalCase, value: dt.date, field: str) -> None:
    if value < found.initiated_on:
        raise ValidationError(
            {
                field: _("This date is before the case began (%(date)s).")
                % {"date": day(found.initiated_on)}
            }
        )


def investigating_agency(agency: Agency) -> None:
    if agency.type not in INVESTIGATING:
        raise ValidationError(
            _("Only an investigating body of the police or the border guard can do this.")
        )


def bump(found: CriminalCase, fields: list[str]) -> None:
    found.version += 1
    found.save(update_fields=[*fields, "version"])


def _count(model: Any, **filters: Any) -> Coalesce:
    rows = (
        model.objects.filter(case=OuterRef("pk"), **filters)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def recount(cases: QuerySet[CriminalCase]) -> int:
    """Set the counts a case keeps for the figures from its rows (after an action, or after
    a bulk load); returns the number of cases updated."""
    under_16 = [a.code for a in law.law().articles.values() if a.under_16]
    return cases.update(
        accused_count=_count(Accused),
        defendant_count=_count(Accused, role=ProceduralRole.DEFENDANT),
        victim_count=_count(Victim),
        victim_male=_count(Victim, sex=Sex.MALE),
        victim_female=_count(Victim, sex=Sex.FEMALE),
        victim_under_16=_count(Victim, under_16=True),
        victim_under_18=_count(Victim, under_18=True),
        under_16=Exists(Charge.objects.filter(case=OuterRef("pk"), article__in=under_16)),
    )
