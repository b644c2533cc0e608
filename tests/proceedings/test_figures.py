"""A year of records built to match seed 000 §4 for 2023 gives those figures back, with
the change on 2022 the seed states."""

from __future__ import annotations

import datetime as dt
from itertools import count

import pytest

from ctip.cases.models import Case, IdentificationDecision, Person
from ctip.core import actions as core_actions
from ctip.core.models import AgencyType
from ctip.proceedings.actions.common import recount
from ctip.proceedings.figures import Period, proceedings_table
from ctip.proceedings.models import (
    Accused,
    Charge,
    CriminalCase,
    Denunciation,
    ProceduralRole,
    Victim,
)

pytestmark = pytest.mark.django_db

D = dt.date
_acts = count()


def _cases(world, agency, n, *, initiated, concluded=None, accepted=None, judged=None):
    user = world.users["investigator"]
    rows = [
        CriminalCase(
            title="vụ án",
            initiated_on=initiated,
            initiating_agency=agency,
            initiating_agency_type=agency.type,
            agency_in_charge=agency,
            stage="investigation" if concluded is None else "first_instance",
            stage_began_on=initiated,
            last_decided_on=judged or accepted or concluded or initiated,
            investigation_concluded_on=concluded,
            court_accepted_on=accepted,
            first_instance_judged_on=judged,
            created_by=user,
        )
        for _ in range(n)
    ]
    return CriminalCase.objects.bulk_create(rows)


def _accused(cases, per_case, *, role=ProceduralRole.ACCUSED, article="150"):
    people = [
        Accused(case=c, full_name="Bị can", role=role, nationality="VN")
        for c, k in zip(cases, per_case, strict=True)
        for _ in range(k)
    ]
    people = Accused.objects.bulk_create(people)
    Charge.objects.bulk_create(
        [
            Charge(case_id=p.case_id, accused=p, article=article, act=f"hành vi {next(_acts)}")
            for p in people
        ]
    )


def _denunciations(world, n, decided_on):
    Denunciation.objects.bulk_create(
        [
            Denunciation(
                kind="denunciation",
                received_by=world.agency,
                received_on=decided_on - dt.timedelta(days=10),
                summary="tố giác",
                due_on=decided_on + dt.timedelta(days=10),
                resolution="do_not_prosecute",
                decided_on=decided_on,
                created_by=world.users["investigator"],
            )
            for _ in range(n)
        ]
    )


def _identifications(world, verified, confirmed, on):
    user = world.users["case_worker"]
    persons = Person.objects.bulk_create([Person(full_name="NN") for _ in range(verified)])
    cases = Case.objects.bulk_create(
        [
            Case(
                person=p,
                intake_channel="handover",
                intake_date=on,
                lead_agency=world.agency,
                created_by=user,
            )
            for p in persons
        ]
    )
    IdentificationDecision.objects.bulk_create(
        [
            IdentificationDecision(
                case=c,
                outcome="victim" if i < confirmed else "not_victim",
                legal_basis="Điều 27",
                decided_by=user,
                decided_on=on,
            )
            for i, c in enumerate(cases)
        ]
    )


def _year_2023(world):
    border = core_actions.agency_create(
        actor=None,
        code="t-border-guard",
        type=AgencyType.BORDER_GUARD,
        name_vi="Bộ đội Biên phòng",
        name_en="Border Guard",
        country="VN",
        parent=world.national,
    )
    # 2023: 147 cases investigated (140 police, 7 border guard), 75 of them with an
    # under-16 charge and 213 offenders; 152 offenders in the other 72; 311 victims.
    under_16 = _cases(world, world.agency, 75, initiated=D(2023, 2, 1))
    _accused(under_16, [3] * 63 + [2] * 12, article="151")
    other = _cases(world, world.agency, 65, initiated=D(2023, 5, 1)) + _cases(
        world, border, 7, initiated=D(2023, 6, 1)
    )
    _accused(other, [3] * 8 + [2] * 64)
    investigated = under_16 + other
    per_case = [3] * 17 + [2] * 130
    sexes = ["male"] * 116 + ["female"] * 195
    victims = [c for c, k in zip(investigated, per_case, strict=True) for _ in range(k)]
    Victim.objects.bulk_create([Victim(case=c, sex=s) for c, s in zip(victims, sexes, strict=True)])
    # Courts adjudicated 131 cases / 373 defendants in 2023 (investigated in 2021).
    judged = _cases(
        world,
        world.agency,
        131,
        initiated=D(2021, 3, 1),
        concluded=D(2021, 9, 1),
        accepted=D(2021, 10, 1),
        judged=D(2023, 4, 1),
    )
    _accused(judged, [3] * 111 + [2] * 20, role=ProceduralRole.DEFENDANT)
    _denunciations(world, 160, D(2023, 8, 1))
    _identifications(world, 650, 311, D(2023, 9, 1))
    # 2022: 90 cases investigated (57 fewer), 77 cases / 202 defendants adjudicated.
    _cases(world, world.agency, 90, initiated=D(2022, 3, 1), concluded=D(2022, 10, 1))
    before = _cases(
        world,
        world.agency,
        77,
        initiated=D(2020, 3, 1),
        concluded=D(2020, 9, 1),
        accepted=D(2020, 10, 1),
        judged=D(2022, 5, 1),
    )
    _accused(before, [3] * 48 + [2] * 29, role=ProceduralRole.DEFENDANT)


def test_the_2023_figures_of_seed_000_come_back(world):
    _year_2023(world)
    # The bulk load bypasses the actions: count what each case keeps, as they would.
    assert recount(CriminalCase.objects.all()) == 147 + 131 + 90 + 77
    table = proceedings_table(D(2023, 1, 1), D(2023, 12, 31))
    now = table.current
    assert now.denunciations_handled == 160
    assert (now.cases_investigated, now.offenders_investigated, now.victims_investigated) == (
        147,
        365,
        311,
    )
    assert (now.victims_male, now.victims_female) == (116, 195)
    assert (now.cases_under_16, now.offenders_under_16) == (75, 213)
    assert (now.police_cases, now.border_guard_cases) == (140, 7)
    assert now.police_offenders + now.border_guard_offenders == 365
    assert now.border_guard_offenders == 14
    assert now.police_victims + now.border_guard_victims == 311
    assert (now.first_instance_resolved_cases, now.first_instance_resolved_defendants) == (131, 373)
    assert (now.suspected_cases_verified, now.victims_confirmed) == (650, 311)
    assert now.prosecutions_initiated == 147
    assert table.change["cases_investigated"] == 57
    assert table.change["first_instance_resolved_cases"] == 54
    assert table.change["first_instance_resolved_defendants"] == 171
    assert table.previous.first_instance_accepted_cases == 0
    assert table.period.previous() == Period(D(2022, 1, 1), D(2022, 12, 31))


def test_the_previous_period_of_a_quarter_and_of_days():
    assert Period(D(2025, 1, 1), D(2025, 3, 31)).previous() == Period(
        D(2024, 10, 1), D(2024, 12, 31)
    )
    assert Period(D(2025, 2, 1), D(2025, 2, 28)).previous() == Period(D(2025, 1, 1), D(2025, 1, 31))
    assert Period(D(2025, 3, 5), D(2025, 3, 14)).previous() == Period(D(2025, 2, 23), D(2025, 3, 4))
