"""Counted records for statistics tests, written straight to the tables (fast, many)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctip.cases.models import Case, IdentificationDecision, Person
from ctip.core.engine.periods import Period
from ctip.core.models import Agency, Province, User
from ctip.stats import actions, selectors


def cases(
    n: int,
    *,
    agency: Agency,
    user: User,
    on: dt.date,
    province: str = "ha-noi",
    sex: str = "female",
    age: int | None = 25,
    country: str = "KH",
    identified: bool = False,
) -> list[Case]:
    home = Province.objects.get(code=province)
    out = []
    for i in range(n):
        person = Person.objects.create(
            full_name=f"Person {province} {sex} {i}",
            sex=sex,
            age_min=age,
            age_max=age,
            home_province=home,
        )
        case = Case.objects.create(
            person=person,
            intake_channel="handover",
            intake_date=on,
            exploitation_country=country,
            lead_agency=agency,
            created_by=user,
        )
        if identified:
            IdentificationDecision.objects.create(
                case=case,
                outcome="victim",
                legal_basis="Decree",
                decided_by=user,
                decided_on=on,
                approved_by=user,
                approved_at=dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC),
            )
        out.append(case)
    return out


def national_picture(world: Any, on: dt.date = dt.date(2025, 5, 10)) -> None:
    """Ha Noi: 30 women and 3 men; Nghe An: 20 women and 15 men; An Giang: 12 women."""
    user = world.users["case_worker"]
    for province, sex, n in (
        ("ha-noi", "female", 30),
        ("ha-noi", "male", 3),
        ("nghe-an", "female", 20),
        ("nghe-an", "male", 15),
        ("an-giang", "female", 12),
    ):
        cases(n, agency=world.agency, user=user, on=on, province=province, sex=sex)


def shown(
    reader: User, indicator: str, period: Period, breakdowns: tuple[str, ...]
) -> selectors.NationalTable:
    """A table as a page shows it: built by the selector, then remembered by the action."""
    table = selectors.national_table(reader, indicator, period, breakdowns)
    actions.drafts_shown(reader, table.drafts)
    return table
