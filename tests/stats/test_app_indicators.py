"""Proceedings, cooperation, the registry and outreach hand their figures as indicators:
offered by the table builder, broken down, and audited against earlier drafts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ctip.cooperation.models import Arrival, HandoverPerson
from ctip.core.engine.periods import Period, parse_period
from ctip.proceedings.models import CriminalCase
from ctip.registry.models import Incident
from ctip.stats import registry, selectors
from tests.conftest import World
from tests.cooperation.factories import make_handover, make_verification
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
    "proceedings.cases_under_investigation",
    "cooperation.persons_received",
    "cooperation.persons_asked",
    "cooperation.persons_confirmed",
    "registry.incidents",
    "registry.incidents_with_signs",
    "outreach.messages_delivered",
    "outreach.officers_trained",
    "outreach.officers_passed",
    "hotline.tracing_requests",
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


def test_cases_under_investigation_are_those_open_at_any_time_in_the_period(
    world: World,
) -> None:
    """Initiated before the period and still investigated, or initiated in it: counted;
    concluded before the period starts, or initiated after it ends: not."""
    today = timezone.localdate()
    still = make_criminal_case(world, initiated_on=today - timedelta(days=200))
    concluded = make_criminal_case(world, initiated_on=today - timedelta(days=300))
    CriminalCase.objects.filter(pk=concluded.pk).update(
        investigation_concluded_on=today - timedelta(days=100)
    )
    make_criminal_case(world, initiated_on=today - timedelta(days=5))
    window = Period(today - timedelta(days=60), today - timedelta(days=30))
    found = registry.figures("proceedings.cases_under_investigation", window, ("agency_type",))
    assert found.total == 1
    assert found.as_dict() == {(still.initiating_agency_type,): 1}
    earlier = Period(today - timedelta(days=150), today - timedelta(days=120))
    both = registry.figures("proceedings.cases_under_investigation", earlier, ("under16",))
    assert both.total == 2  # the concluded one was still investigated then
    assert registry.indicator("proceedings.cases_under_investigation").additive is False


def test_persons_asked_about_are_those_of_the_requests_from_abroad(world: World) -> None:
    today = timezone.localdate()
    make_verification(world, received_on=today)  # three persons
    make_verification(world, received_on=today, direction="to_abroad")
    make_verification(world, received_on=today - timedelta(days=40))
    found = registry.figures("cooperation.persons_asked", Period(today, today), ("month",))
    assert found.total == 3
    assert found.as_dict() == {(f"{today:%Y-%m}",): 3}


def test_incidents_with_signs_of_trafficking_are_counted_apart(world: World) -> None:
    make_incident(world, kind="unpaid_wages", country="JP")
    make_incident(world, kind="abuse", country="KR", signs=("cannot_leave",))
    make_incident(world, kind="passport", country="KR", signs=("unpaid_wages",))
    year = parse_period(str(timezone.localdate().year))
    signs = registry.figures("registry.incidents_with_signs", year, ("country",))
    assert signs.as_dict() == {("KR",): 2}
    assert registry.figures("registry.incidents", year, ()).total == 3
    assert Incident.objects.filter(trafficking_signs=True).count() == signs.total


def test_officers_who_passed_are_counted_apart_from_those_trained(world: World) -> None:
    from ctip.outreach import actions as outreach_actions
    from tests.outreach.factories import training_session

    officer = world.users["communication_officer"]
    session = training_session(officer)
    outreach_actions.attendance_record(
        actor=officer,
        session_id=session.pk,
        attendees=(
            outreach_actions.AttendeeInput(world.users["investigator"].pk, "passed"),
            outreach_actions.AttendeeInput(world.users["analyst"].pk, "failed"),
            outreach_actions.AttendeeInput(world.users["case_worker"].pk, "passed"),
            outreach_actions.AttendeeInput(world.users["statistician"].pk, "absent"),
        ),
    )
    day = Period(session.starts_on, session.starts_on)
    passed = registry.figures("outreach.officers_passed", day, ("training_topic",))
    assert passed.as_dict() == {("identification",): 2}
    assert registry.figures("outreach.officers_trained", day, ()).total == 3


def test_relatives_sought_are_counted_by_what_became_of_them(world: World) -> None:
    from ctip.hotline.models import TracingRequest
    from tests.hotline.factories import make_request

    operator = world.users["hotline_operator"]
    found = [make_request(operator, name=f"Trần Văn {i}") for i in range(4)]
    now = timezone.now()
    TracingRequest.objects.filter(pk=found[0].pk).update(located_at=now)
    TracingRequest.objects.filter(pk=found[1].pk).update(located_at=now, returned_at=now)
    TracingRequest.objects.filter(pk=found[2].pk).update(returned_at=now)
    today = Period(timezone.localdate(), timezone.localdate())
    sought = registry.figures("hotline.tracing_requests", today, ("tracing_outcome",))
    assert sought.as_dict() == {("located",): 1, ("returned",): 2, ("not_located",): 1}
    assert registry.indicator("hotline.tracing_requests").additive is False
