"""Proceedings, cooperation, the registry and outreach hand their figures as indicators:
offered by the table builder, broken down, and audited against earlier drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ctip.cooperation.models import Arrival, HandoverPerson
from ctip.core.engine.periods import Period, parse_period
from ctip.registry.models import Incident
from ctip.stats import registry, selectors
from tests.conftest import World
from tests.cooperation.factories import make_handover
from tests.proceedings.factories import judged_case, make_criminal_case
from tests.registry.factories import make_incident
from tests.stats.factories import shown

pytestmark = pytest.mark.django_db

NEW = {
    "proceedings.cases_initiated",
    "proceedings.victims_in_cases_initiated",
    "proceedings.accused_in_cases_initiated",
    "proceedings.cases_judged",
    "proceedings.defendants_judged",
    "cooperation.persons_received",
    "cooperation.persons_confirmed",
    "registry.incidents",
    "outreach.messages_delivered",
    "outreach.officers_trained",
}


def test_the_table_builder_offers_the_figures_of_the_four_apps(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    assert {i.code for i in registry.indicators()} >= NEW
    page = client_for(world.users["statistician"]).get("/stats/").content.decode()
    for code in NEW:
        assert f'value="{code}"' in page, code


def test_each_counts_its_records_by_its_breakdowns(world: World) -> None:
    year = parse_period(str(timezone.localdate().year))
    make_criminal_case(world, initiated_on=timezone.localdate() - timedelta(days=1))
    cases = registry.figures("proceedings.cases_initiated", year, ("agency_type",))
    assert cases.total == 1
    operation = make_handover(world)
    persons = HandoverPerson.objects.filter(operation=operation)
    persons.filter(pk=persons.first().pk).update(arrival=Arrival.ARRIVED)  # type: ignore[union-attr]
    today = Period(operation.on, operation.on)
    assert registry.figures("cooperation.persons_received", today, ("month",)).total == 1
    make_incident(world, country="JP")
    make_incident(world, country="KR", kind="unpaid_wages")
    incidents = registry.figures("registry.incidents", year, ("country",)).as_dict()
    assert incidents == {("JP",): 1, ("KR",): 1}


def test_offenders_are_counted_as_accused_at_initiation_and_defendants_at_judgment(
    world: World,
) -> None:
    """The seeds' counting units: a case initiated with its accused, a case judged with its
    defendants, each by the day of its own step."""
    found = judged_case(world)
    assert found.initiated_on is not None
    assert found.first_instance_judged_on is not None
    started = Period(found.initiated_on, found.initiated_on)
    judged = Period(found.first_instance_judged_on, found.first_instance_judged_on)
    accused = registry.figures("proceedings.accused_in_cases_initiated", started, ("under16",))
    assert accused.total == found.accused_count == 1
    assert registry.figures("proceedings.defendants_judged", started, ()).total == 0
    defendants = registry.figures("proceedings.defendants_judged", judged, ("agency_type",))
    assert defendants.total == found.defendant_count == 1
    assert registry.figures("proceedings.accused_in_cases_initiated", judged, ()).total == 0


def test_a_draft_is_audited_against_every_earlier_draft(world: World) -> None:
    """Twelve incidents over two days, then eleven on the second day: shown alone, the
    eleven would give away the one of the first day (12 - 11), to this reader or to any
    reader who pools drafts with them."""
    today = timezone.localdate()
    for _i in range(12):
        make_incident(world)
    first = Incident.objects.order_by("pk").first()
    assert first is not None
    Incident.objects.filter(pk=first.pk).update(reported_at=timezone.now() - timedelta(days=1))
    reader = world.users["statistician"]
    both = shown(reader, "registry.incidents", Period(today - timedelta(days=1), today), ())
    assert both.total.value == 12
    second = shown(reader, "registry.incidents", Period(today, today), ())
    assert second.total.value is None  # 11 on its own, but linked to the 12 shown before
    other = shown(
        world.users["national_statistician"], "registry.incidents", Period(today, today), ()
    )
    assert other.total.value is None  # pooled with the first reader's, it would give it away


def test_a_child_breakdown_follows_the_stricter_threshold(world: World) -> None:
    indicator = registry.indicator("proceedings.cases_initiated")
    assert selectors.threshold_for(indicator, ("under16",)) == selectors.child_threshold()


def test_officers_trained_are_counted_by_province_agency_and_topic(world: World) -> None:
    from ctip.outreach import actions as outreach_actions
    from tests.outreach.factories import training_session

    officer = world.users["communication_officer"]
    session = training_session(officer)
    attendees = (world.users["investigator"], world.users["analyst"], world.users["case_worker"])
    outreach_actions.attendance_record(
        actor=officer,
        session_id=session.pk,
        attendees=(
            outreach_actions.AttendeeInput(attendees[0].pk, "passed"),
            outreach_actions.AttendeeInput(attendees[1].pk, "failed"),
            outreach_actions.AttendeeInput(attendees[2].pk, "absent"),
        ),
    )
    fig = registry.figures(
        "outreach.officers_trained",
        Period(session.starts_on, session.starts_on),
        ("province", "training_topic"),
    )
    assert fig.as_dict() == {("ha-noi", "identification"): 2}  # the absent one is left out
