"""A victim's age band comes from the protection case; a child is shown as one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ctip.proceedings import actions
from ctip.proceedings.figures import proceedings_table
from tests.cases.factories import make_case
from tests.proceedings.factories import days_ago, justice, make_criminal_case

pytestmark = pytest.mark.django_db


def _victim(world, found, years_old_at_intake):
    intake = days_ago(2)
    protection = make_case(
        world.users["case_worker"],
        sex="female",
        intake_date=intake,
        birth_date=dt.date(intake.year - years_old_at_intake, 1, 1),
    )
    return actions.victim_add(
        actor=world.users["investigator"],
        data=actions.VictimInput(case_id=found.pk, protection_case_id=protection.pk),
    )


def test_under_16_and_under_18_are_read_from_the_protection_case(world, client_for):
    found = make_criminal_case(world)
    fifteen = _victim(world, found, 15)
    seventeen = _victim(world, found, 17)
    adult = _victim(world, found, 25)
    assert (fifteen.under_16, fifteen.under_18) == (True, True)
    assert (seventeen.under_16, seventeen.under_18) == (False, True)
    assert (adult.under_16, adult.under_18) == (False, False)
    j = justice(world)
    actions.file_share(
        actor=world.users["investigator"],
        data=actions.ShareInput(case_id=found.pk, agency_id=j.procuracy.pk),
    )
    page = client_for(j.procurator).get(f"/proceedings/cases/{found.pk}/")
    assert page.status_code == 200
    assert page.content.decode().count('data-testid="child-victim"') == 2
    api = client_for(j.procurator).get(f"/api/v1/proceedings/cases/{found.pk}")
    assert [v["child"] for v in api.json()["victims"]] == [True, True, False]


def test_the_figures_count_victims_under_16_and_under_18_beside_each_other(world, client_for):
    found = make_criminal_case(world, initiated_on=days_ago(40))
    for years in (15, 17, 25):
        _victim(world, found, years)
    actions.victim_add(
        actor=world.users["investigator"],
        data=actions.VictimInput(case_id=found.pk, sex="male", under_18=True),
    )
    today = timezone.localdate()
    now = proceedings_table(days_ago(30), today).current
    assert (now.victims_investigated, now.victims_under_16, now.victims_under_18) == (4, 1, 3)
    # The charge is not one of trafficking in persons under 16: the seed's line stays at 0.
    assert now.cases_under_16 == 0
    page = client_for(world.users["statistician"]).get(
        "/proceedings/figures/",
        {"start": days_ago(30).isoformat(), "end": today.isoformat()},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = page.content.decode()
    assert "of whom under 16" in text
    assert "of whom under 18 (children, those under 16 included)" in text
    api = client_for(world.users["statistician"]).get(
        "/api/v1/proceedings/figures",
        {"start": days_ago(30).isoformat(), "end": today.isoformat()},
    )
    current = api.json()["current"]
    assert (current["victims_under_16"], current["victims_under_18"]) == (1, 3)
