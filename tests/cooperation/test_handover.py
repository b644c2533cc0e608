"""Handovers: planned at a gate, the manifest imported row by row, persons received one by
one at the gate becoming cases with their province told; closed once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone, translation

from ctip.cases import selectors as case_selectors
from ctip.cooperation import actions, figures, ports, selectors
from ctip.cooperation.models import Arrival, HandoverOperation, HandoverPerson
from ctip.core import actions as core_actions
from ctip.core import worklist
from ctip.core.models import AgencyType, Job, Notification, Province
from tests.conftest import sign_in
from tests.cooperation.factories import counterpart, make_handover, partner_user

pytestmark = pytest.mark.django_db

SAMPLE = Path("/work/shared/data/handover_manifest_sample.csv")
BROKEN = (
    "No.,Full name,Sex,Date of birth,Place of origin,Passport No.,Remarks\n"
    "1,DO TUAN,M,19/04/1998,An Giang,,\n"
    "2,ស៊ុន ដារ៉ា,M,1990,Kampot,,name in Khmer\n"
    "3,Pham Van Dung,M,31/02/1997,Thanh Hoa,,\n"
    "4,,F,1990,Ha Noi,,\n"
    "5,TUAN DO,M,19/04/1998,An Giang,,same as row 1\n"
    "6,Mai Dang Kim,F,12/12/2099,Dak Lak,,\n"
    "7,Le Van Em,Q,1990,Nghe An,,\n"
    ",,,,,,\n"
    "8,Bui Thi Thao,F,07/04/1987,Dak Lak,C7924801,\n"
)


def _receive(world: Any, person: HandoverPerson, **kw: Any) -> HandoverPerson:
    data = actions.ReceptionInput(
        arrival=kw.get("arrival", "arrived"),
        identity_checked=kw.get("identity_checked", True),
        outcome=kw.get("outcome", "victim_support"),
    )
    return actions.person_receive(actor=world.users["reception_officer"], person=person, data=data)


def test_a_manifest_with_broken_rows_keeps_the_good_ones_and_says_why(world: Any) -> None:
    operation = make_handover(world, manifest="")
    report = actions.manifest_import(
        actor=world.users["reception_officer"],
        operation=operation,
        file_name="broken.csv",
        content=BROKEN.encode(),
    )
    assert report.rows_total == 8
    assert report.added == 2
    refused = {p.row: p.field for p in report.problems}
    assert refused == {
        3: "full_name",
        4: "birth",
        5: "full_name",
        6: "full_name",
        7: "birth",
        8: "sex",
    }
    assert report.duplicates == (6,)
    again = actions.manifest_import(
        actor=world.users["reception_officer"],
        operation=operation,
        file_name="broken.csv",
        content=BROKEN.encode(),
    )
    assert again.already_imported
    assert operation.persons.count() == 2


def test_the_sample_manifest_imports_as_the_foreign_side_sent_it(world: Any) -> None:
    operation = make_handover(world, manifest="")
    report = actions.manifest_import(
        actor=world.users["reception_officer"],
        operation=operation,
        file_name=SAMPLE.name,
        content=SAMPLE.read_bytes(),
    )
    assert report.rows_total == 40
    assert report.added + len({p.row for p in report.problems}) == 40
    assert report.added >= 38
    kien_giang = operation.persons.get(row=13)
    assert kien_giang.home_province is not None
    assert kien_giang.home_province.name == "An Giang"


def test_an_unreadable_file_writes_nothing(world: Any) -> None:
    operation = make_handover(world, manifest="")
    for content, name in ((b"PK\x03\x04junk", "list.xlsx"), (b"a,b\n1,2\n", "list.csv")):
        with pytest.raises(ValidationError):
            actions.manifest_import(
                actor=world.users["reception_officer"],
                operation=operation,
                file_name=name,
                content=content,
            )
    assert not operation.persons.exists()


def test_a_received_person_becomes_a_case_and_the_home_province_is_told(world: Any) -> None:
    an_giang = core_actions.agency_create(
        actor=None,
        code="ag-social",
        type=AgencyType.SOCIAL_PROTECTION,
        name_vi="Sở Y tế An Giang",
        name_en="An Giang Health Department",
        province=Province.objects.get(code="an-giang"),
    )
    found: list[ports.FoundPerson] = []

    class Hotline:
        def person_found(self, *, actor: Any, person: ports.FoundPerson) -> int:
            found.append(person)
            return 0

    ports.register_tracing("test", Hotline())
    try:
        operation = make_handover(world)
        first = operation.persons.get(row=2)  # DO TUAN, An Giang
        with pytest.raises(ValidationError):  # identity first
            _receive(world, first, identity_checked=False)
        with pytest.raises(ValidationError):  # and where they go
            _receive(world, first, outcome="")
        received = _receive(world, first)
    finally:
        ports._MATCHERS.pop("test")
    assert received.arrival == Arrival.ARRIVED
    assert received.case_id
    case = case_selectors.case(world.users["reception_officer"], received.case_id)
    assert case.person.home_province.name == "An Giang"
    assert case.intake_channel == "handover"
    # Its screening interview is scheduled for the day after reception, on the receiving
    # agency's worklist ("cases to screen", then due on that day).
    assert case.screening_on == max(operation.on, timezone.localdate()) + dt.timedelta(days=1)
    with translation.override("en"):
        waiting = {i.label: i.count for i in worklist.items(world.users["reception_officer"])}
    assert waiting["cases to screen"] == 1
    assert waiting["screening interviews due today or earlier"] == 0
    assert case.exploitation_country == "KH"
    notice = Notification.objects.get(agency=an_giang, message="cooperation.citizen_received")
    assert notice.params["case"] == case.reference
    assert "DO TUAN" not in str(notice.params)
    assert found[0].context_reference == operation.number
    with pytest.raises(ValidationError):  # received once
        _receive(world, first)
    absent = _receive(world, operation.persons.get(row=3), arrival="absent", outcome="")
    assert absent.case_id is None


def test_a_handover_is_closed_once(world: Any, client_for: Any) -> None:
    operation = make_handover(world)
    officer = world.users["reception_officer"]
    actions.handover_close(actor=officer, operation=operation)
    with pytest.raises(ValidationError):
        actions.handover_close(actor=officer, operation=operation)
    assert set(operation.persons.values_list("arrival", flat=True)) == {"absent"}
    with pytest.raises(ValidationError):
        _receive(world, operation.persons.first())  # type: ignore[arg-type]
    api = client_for(officer).post(f"/api/v1/cooperation/handovers/{operation.pk}/close")
    assert api.status_code == 422
    assert api["Content-Type"].startswith("application/problem+json")


def test_only_the_leading_or_receiving_agencies_receive(world: Any) -> None:
    operation = make_handover(world)
    person = operation.persons.first()
    assert person is not None
    partner = partner_user(counterpart())
    with pytest.raises(PermissionDenied):  # the counterpart reads, does not receive
        actions.person_receive(
            actor=partner,
            person=person,
            data=actions.ReceptionInput("arrived", True, "plain_return"),
        )
    with pytest.raises(Http404):
        selectors.handover_person(world.other_users["reception_officer"], person.pk)
    thai = partner_user(counterpart("th-police", "TH", "Royal Thai Police"), "partner-th")
    with pytest.raises(Http404):
        selectors.handover_page(thai, operation.pk)
    page = sign_in(Client(), partner).get(f"/cooperation/handovers/{operation.pk}/")
    assert page.status_code == 200
    assert page["Content-Language"] == "en"
    assert b"DO TUAN" in page.content
    assert b"On file" not in page.content


def test_plans_refuse_unknown_gates_and_transit_over_land(world: Any) -> None:
    officer = world.users["reception_officer"]
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        actions.handover_plan(
            actor=officer,
            data=actions.HandoverInput(on=today, gate="atlantis", counterpart_id=world.agency.pk),
        )
    assert {"gate", "counterpart"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        actions.handover_plan(
            actor=officer,
            data=actions.HandoverInput(
                on=today,
                gate="moc-bai",
                counterpart_id=counterpart().pk,
                transit_countries=("Trung Quốc",),
            ),
        )
    assert "transit_countries" in error.value.message_dict
    evacuation = actions.handover_plan(
        actor=officer,
        data=actions.HandoverInput(
            on=today,
            gate="noi-bai-international-airport",
            counterpart_id=counterpart("mm-embassy", "MM", "Myanmar authorities").pk,
            transit_countries=("Trung Quốc", "CN"),
        ),
    )
    assert evacuation.transit_countries == ["CN"]
    assert HandoverOperation.objects.count() == 1


def test_repatriation_needs_are_recorded_and_met_once(world: Any) -> None:
    operation = make_handover(world)
    person = operation.persons.first()
    assert person is not None
    officer = world.users["reception_officer"]
    need = actions.need_record(
        actor=officer,
        person=person,
        data=actions.NeedInput("travel_document", world.agency.pk, "Passport kept by the compound"),
    )
    actions.need_done(actor=officer, need=need, on=timezone.localdate())
    with pytest.raises(ValidationError):
        actions.need_done(actor=officer, need=need, on=timezone.localdate())
    with pytest.raises(ValidationError):
        actions.need_record(
            actor=officer, person=person, data=actions.NeedInput("spaceship", world.agency.pk)
        )


def test_the_manifest_page_runs_a_background_job(world: Any, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    operation = make_handover(world, manifest="")
    client = client_for(world.users["reception_officer"])
    answer = client.post(
        f"/cooperation/handovers/{operation.pk}/manifest/",
        {"file": SimpleUploadedFile("broken.csv", BROKEN.encode(), "text/csv")},
    )
    assert answer.status_code == 302
    assert "/jobs/" in answer["Location"]
    assert Job.objects.get().kind == "cooperation.manifest"


def test_figures_count_handovers_by_gate_and_answers_in_time(world: Any) -> None:
    operation = make_handover(world)
    _receive(world, operation.persons.get(row=2))
    today = timezone.localdate()
    period = figures.Period(today - dt.timedelta(days=30), today)
    counted = figures.handovers(period)
    assert counted.handovers == 1
    assert counted.persons_received == 1
    assert counted.by_gate == (figures.GateCount("moc-bai", 1, 1),)
    assert figures.verifications(period).requests == 0


def test_the_reception_page_fits_a_phone_and_records(world: Any, client_for: Any) -> None:
    operation = make_handover(world)
    person = operation.persons.get(row=4)
    client = client_for(world.users["reception_officer"])
    page = client.get(f"/cooperation/handover-persons/{person.pk}/")
    assert page.status_code == 200
    assert b"NGO THANH PHUC" in page.content
    # Posted with nothing chosen, the page comes back refused, its errors on the form.
    refused = client.post(f"/cooperation/handover-persons/{person.pk}/", {})
    assert refused.status_code == 400
    assert refused.context["form"].errors["arrival"]
    answer = client.post(
        f"/cooperation/handover-persons/{person.pk}/",
        {"arrival": "arrived", "identity_checked": "on", "outcome": "criminal_police"},
    )
    assert answer.status_code == 302
    person.refresh_from_db()
    assert person.outcome == "criminal_police"
    assert person.case_id


def test_a_handover_refers_to_a_compound_whose_page_lists_it(world: Any) -> None:
    from ctip.compounds import selectors as compound_selectors
    from tests.compounds.factories import make_compound

    compound = make_compound(world.users["investigator"])
    officer = world.users["reception_officer"]
    operation = actions.handover_plan(
        actor=officer,
        data=actions.HandoverInput(
            on=timezone.localdate(),
            gate="moc-bai",
            counterpart_id=counterpart().pk,
            compound_id=compound.pk,
        ),
    )
    page = compound_selectors.compound_page(officer, compound.pk)
    labels = [item.label for group in page.links for item in group.items]
    assert labels == [operation.number]
    # Another province's officer neither links to it nor sees the handover through it.
    stranger = world.other_users["reception_officer"]
    with pytest.raises(ValidationError):
        actions.handover_plan(
            actor=stranger,
            data=actions.HandoverInput(
                on=timezone.localdate(),
                gate="moc-bai",
                counterpart_id=counterpart().pk,
                compound_id=compound.pk,
            ),
        )


def test_each_action_through_the_api(world: Any, client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.cooperation.factories import MANIFEST

    client = client_for(world.users["reception_officer"])
    gates = client.get("/api/v1/cooperation/gates").json()
    assert {"code": "moc-bai", "name_vi": "Mộc Bài"}.items() <= gates[0].items()
    planned = client.post(
        "/api/v1/cooperation/handovers",
        {
            "on": timezone.localdate().isoformat(),
            "gate": "moc-bai",
            "counterpart": counterpart().pk,
        },
        content_type="application/json",
    )
    assert planned.status_code == 201, planned.content
    operation_id = planned.json()["handover"]["id"]
    queued = client.post(
        f"/api/v1/cooperation/handovers/{operation_id}/manifest",
        {"file": SimpleUploadedFile("list.csv", MANIFEST.encode(), "text/csv")},
    )
    assert queued.status_code == 202
    assert queued.json()["progress_url"] == f"/api/v1/jobs/{queued.json()['job_id']}"
    unreadable = client.post(
        f"/api/v1/cooperation/handovers/{operation_id}/manifest",
        {"file": SimpleUploadedFile("list.xlsx", b"PK\x03\x04junk")},
    )
    assert unreadable.status_code == 422
    # The job ran in the worker; here the same action is called directly.
    operation = HandoverOperation.objects.get(pk=operation_id)
    actions.manifest_import(
        actor=world.users["reception_officer"],
        operation=operation,
        file_name="list.csv",
        content=MANIFEST.encode(),
    )
    person = operation.persons.get(row=2)
    received = client.post(
        f"/api/v1/cooperation/handover-persons/{person.pk}/reception",
        {"arrival": "arrived", "identity_checked": True, "outcome": "plain_return"},
        content_type="application/json",
    )
    assert received.status_code == 200
    assert received.json()["case_id"]
    need = client.post(
        f"/api/v1/cooperation/handover-persons/{person.pk}/needs",
        {"kind": "transport", "agency": world.agency.pk},
        content_type="application/json",
    )
    assert need.status_code == 201
    done = client.post(
        f"/api/v1/cooperation/needs/{need.json()['id']}/done",
        {"on": timezone.localdate().isoformat()},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["done_on"]
    first = client.post(f"/api/v1/cooperation/handovers/{operation_id}/close")
    second = client.post(f"/api/v1/cooperation/handovers/{operation_id}/close")
    assert (first.status_code, second.status_code) == (200, 422)


def test_the_planning_page_offers_the_compounds_the_officer_may_read(
    world: Any, client_for: Any
) -> None:
    from tests.compounds.factories import make_compound

    compound = make_compound(world.users["investigator"])
    client = client_for(world.users["reception_officer"])
    form = client.get("/cooperation/handovers/new/")
    assert b"KK Park" in form.content
    answer = client.post(
        "/cooperation/handovers/new/",
        {
            "on": timezone.localdate().strftime("%d/%m/%Y"),
            "gate": "moc-bai",
            "counterpart": counterpart().pk,
            "compound": compound.pk,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    assert HandoverOperation.objects.get().compound_id == compound.pk


def test_a_case_opened_at_the_gate_refers_to_the_compound_of_the_register(world: Any) -> None:
    from ctip.cases.models import Case
    from tests.compounds.factories import make_compound
    from tests.cooperation.factories import MANIFEST

    investigator = world.users["investigator"]
    compound = make_compound(investigator, "KK Park")
    # A second record the name alone would not tell apart.
    make_compound(investigator, "KK Park South", aliases=("KK Park",))
    officer = world.users["reception_officer"]
    operation = actions.handover_plan(
        actor=officer,
        data=actions.HandoverInput(
            on=timezone.localdate(),
            gate="moc-bai",
            counterpart_id=counterpart().pk,
            receiving_agency_ids=(world.agency.pk, world.other.pk),
            compound_id=compound.pk,
        ),
    )
    actions.manifest_import(
        actor=officer, operation=operation, file_name="list.csv", content=MANIFEST.encode()
    )
    first, second = HandoverPerson.objects.filter(operation=operation).order_by("row")[:2]
    arrived = actions.ReceptionInput("arrived", identity_checked=True, outcome="victim_support")
    actions.person_receive(actor=officer, person=first, data=arrived)
    case = Case.objects.get(pk=HandoverPerson.objects.get(pk=first.pk).case_id)
    assert (case.linked_compound_id, case.compound) == (compound.pk, "")
    # The other province's officer receives too; its register holds no record of the
    # compound, so its case keeps the name only.
    actions.person_receive(
        actor=world.other_users["reception_officer"], person=second, data=arrived
    )
    theirs = Case.objects.get(pk=HandoverPerson.objects.get(pk=second.pk).case_id)
    assert (theirs.linked_compound_id, theirs.compound) == (None, "KK Park")


def test_the_receiving_agency_moves_the_screening_interview_with_a_reason(
    world: Any, client_for: Any
) -> None:
    from ctip.cases.models import Case
    from ctip.core.models import AuditEvent

    officer = world.users["reception_officer"]
    operation = make_handover(world)
    person = HandoverPerson.objects.filter(operation=operation).order_by("row").first()
    assert person is not None
    arrived = actions.ReceptionInput("arrived", identity_checked=True, outcome="victim_support")
    actions.person_receive(actor=officer, person=person, data=arrived)
    person.refresh_from_db()
    first_day = Case.objects.get(pk=person.case_id).screening_on
    assert first_day is not None
    later = first_day + dt.timedelta(days=3)
    # A reason is needed; a day in the past is refused; nothing is written either way.
    translation.activate("en")
    with pytest.raises(ValidationError, match="Say why"):
        actions.screening_reschedule(
            actor=officer, person=person, data=actions.ScreeningChangeInput(later, " ")
        )
    with pytest.raises(ValidationError, match="in the past"):
        actions.screening_reschedule(
            actor=officer,
            person=person,
            data=actions.ScreeningChangeInput(timezone.localdate() - dt.timedelta(days=1), "x"),
        )
    assert Case.objects.get(pk=person.case_id).screening_on == first_day
    # Neither the counterpart nor another province's officer moves it.
    partner = partner_user(counterpart())
    with pytest.raises(PermissionDenied):
        actions.screening_reschedule(
            actor=partner, person=person, data=actions.ScreeningChangeInput(later, "x")
        )
    with pytest.raises(Http404):
        actions.screening_reschedule(
            actor=world.other_users["reception_officer"],
            person=selectors.handover_person(world.other_users["reception_officer"], person.pk),
            data=actions.ScreeningChangeInput(later, "x"),
        )
    # The receiving officer moves it, by the API, with the reason.
    answer = client_for(officer).post(
        f"/api/v1/cooperation/handover-persons/{person.pk}/screening",
        {"on": later.isoformat(), "reason": "Interpreter for Khmer available on that day"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"old_on": first_day.isoformat(), "new_on": later.isoformat()}
    assert Case.objects.get(pk=person.case_id).screening_on == later
    assert AuditEvent.objects.filter(
        event_type="SCREENING_RESCHEDULED", target_id=str(person.case_id)
    ).exists()
    assert AuditEvent.objects.filter(
        event_type="COOPERATION_SCREENING_RESCHEDULED", actor=officer
    ).exists()
    # The reception page shows the day and the move, and lets the officer move it again.
    page = client_for(officer).get(
        f"/cooperation/handover-persons/{person.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    assert "Interpreter for Khmer available on that day" in text
    assert "Move the interview" in text
    moved = client_for(officer).post(
        f"/cooperation/handover-persons/{person.pk}/screening/",
        {"on": (later + dt.timedelta(days=1)).isoformat(), "reason": "Officer on leave"},
    )
    assert moved.status_code == 302
    assert Case.objects.get(pk=person.case_id).screening_on == later + dt.timedelta(days=1)
    # The same day again is refused with a sentence, through the API.
    again = client_for(officer).post(
        f"/api/v1/cooperation/handover-persons/{person.pk}/screening",
        {"on": (later + dt.timedelta(days=1)).isoformat(), "reason": "x"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert again.status_code == 422
    assert "already scheduled" in again.json()["detail"]


def test_a_manifest_matched_as_a_whole_finds_what_each_row_alone_finds(world: Any) -> None:
    """The import matches the manifest as one list: each row's level is the one the
    search of that row alone gives."""
    from ctip.cooperation.actions import common

    for name, born in (("Đỗ Tuấn", dt.date(1998, 4, 19)), ("Trần Kim Lan", dt.date(1988, 6, 1))):
        _open_case(world, name, born)
    operation = make_handover(world, manifest="")
    officer = world.users["reception_officer"]
    actions.manifest_import(
        actor=officer, operation=operation, file_name=SAMPLE.name, content=SAMPLE.read_bytes()
    )
    persons = list(operation.persons.order_by("row"))
    imported = [person.match_level for person in persons]
    for person in persons:
        common.match_on_file(officer, person)
    assert imported == [person.match_level for person in persons]
    assert set(imported) & {"likely", "possible"}


def _open_case(world: Any, name: str, born: dt.date) -> None:
    from ctip.cases import actions as case_actions

    case_actions.case_open(
        actor=world.other_users["case_worker"],
        data=case_actions.CaseOpenInput(
            full_name=name,
            intake_channel="walk_in",
            intake_date=dt.date(2025, 1, 5),
            birth_date=born,
            sex="male" if name.startswith("Đỗ") else "female",
        ),
    )


def test_a_transit_country_not_read_is_said_on_its_field_and_nothing_is_planned(
    world: Any, client_for: Any
) -> None:
    client = client_for(world.users["reception_officer"])
    answer = client.post(
        "/cooperation/handovers/new/",
        {
            "on": timezone.localdate().strftime("%d/%m/%Y"),
            "gate": "moc-bai",
            "counterpart": counterpart().pk,
            "transit_countries": "Atlantis",
        },
    )
    assert answer.status_code == 400
    assert answer.context["form"].errors["transit_countries"]
    assert not HandoverOperation.objects.exists()
