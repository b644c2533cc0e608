"""Contracts, workers abroad, orientation, and incidents routed to the Board and the
enterprise; a report with trafficking signs opens a protection case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from ctip.core.models import AuditEvent, Notification
from ctip.registry import actions, selectors_abroad
from ctip.registry.models import Incident, Worker
from tests.registry.factories import make_board, make_enterprise, make_incident, make_worker

pytestmark = pytest.mark.django_db


def _contract(world, **overrides):
    enterprise = make_enterprise(world.users["labour_officer"])
    values = {
        "enterprise_id": enterprise.pk,
        "number": "HĐ-2025-001",
        "employer": "Yamada Kogyo K.K.",
        "destination": "JP",
        "job": "cơ khí",
        "starts_on": dt.date(2025, 4, 1),
        "ends_on": dt.date(2028, 4, 1),
        "registered_on": dt.date(2025, 3, 1),
        "service_fee_months": Decimal(3),
        "monthly_wage_vnd": 28_000_000,
    }
    values.update(overrides)
    return actions.contract_register(
        actor=world.users["labour_officer"], data=actions.ContractInput(**values)
    )


def test_a_contract_is_registered_only_within_the_licence_and_the_caps(world):
    contract = _contract(world)
    assert contract.destination == "JP"
    with pytest.raises(ValidationError) as refused:
        _contract(world, destination="KR", number="HĐ-2")
    assert "destination" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _contract(world, service_fee_months=Decimal(4), number="HĐ-3")
    assert "service_fee_months" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _contract(world, brokerage_vnd=10_000_000, number="HĐ-4")
    assert "brokerage_vnd" in refused.value.message_dict


def test_a_worker_abroad_is_stored_encrypted_with_the_board_of_the_destination(world):
    board = make_board(world)
    contract = _contract(world)
    worker = make_worker(world, contract_id=contract.pk)
    assert worker.board == board
    assert worker.enterprise == contract.enterprise
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM registry_worker")
        dump = repr(cursor.fetchall())
    for value in ("Nguyễn Thị Lan", "001190012345", "C1234567"):
        assert value not in dump
    assert Worker.objects.filter(passport_number_index=worker.passport_number_index).count() == 1
    actions.orientation_record(
        actor=world.users["labour_officer"],
        data=actions.OrientationInput(
            worker_id=worker.pk,
            course="Bồi dưỡng kiến thức cần thiết trước khi đi làm việc ở Nhật Bản",
            completed_on=dt.date(2025, 3, 20),
            certificate="GCN-0456",
        ),
    )
    detail = selectors_abroad.worker(world.users["labour_officer"], worker.pk)
    assert detail.orientations[0].certificate == "GCN-0456"
    assert AuditEvent.objects.filter(event_type="RECORD_VIEWED").exists()


def test_another_agency_does_not_see_the_worker(world, client_for):
    worker = make_worker(world)
    other = client_for(world.other_users["labour_officer"])
    assert other.get(f"/registry/workers/{worker.pk}/").status_code == 404


def test_a_family_reports_a_confiscated_passport_and_it_reaches_the_board(world, client_for):
    make_board(world)
    make_enterprise(world.users["labour_officer"])
    response = Client().post(
        "/abroad/report/",
        {
            "kind": "passport",
            "reporter": "family",
            "country": "Nhật Bản",
            "worker_name": "Nguyễn Thị Lan",
            "enterprise": "123/LĐTBXH-GP",
            "narrative": "Chủ giữ hộ chiếu của em tôi từ tháng trước.",
            "contact": "Zalo 0912 345 678",
        },
    )
    assert response.status_code == 200
    assert 'data-testid="incident-reference"' in response.content.decode()
    incident = Incident.objects.get()
    assert incident.board is not None
    assert incident.enterprise is not None
    assert incident.board_due_at - incident.reported_at == dt.timedelta(hours=48)
    assert incident.trafficking_signs is False  # a passport kept, alone: the Board handles it
    notices = Notification.objects.filter(agency=world.agency, message="registry.incident_routed")
    assert notices.count() == 1
    assert notices.get().link == f"/registry/incidents/{incident.pk}/"
    board_officer = client_for(world.users["board_officer"])
    inbox = board_officer.get("/registry/incidents/").content.decode()
    assert incident.reference in inbox
    page = board_officer.get(f"/registry/incidents/{incident.pk}/").content.decode()
    assert "Chủ giữ hộ chiếu" in page
    # Staff of another agency see nothing of it.
    stranger = client_for(world.other_users["board_officer"])
    assert stranger.get(f"/registry/incidents/{incident.pk}/").status_code == 404


def test_a_report_with_signs_of_trafficking_opens_a_protection_case(world):
    make_board(world)
    officer = world.users["board_officer"]
    incident = actions.incident_report(
        actor=officer,
        data=actions.IncidentInput(
            kind="passport",
            reporter="staff",
            country="JP",
            signs=("debt", "cannot_leave"),
            worker_name="Nguyễn Thị Lan",
        ),
    ).incident
    assert incident.trafficking_signs is True
    assert incident.case_id is not None
    assert incident.board_due_at - incident.reported_at == dt.timedelta(hours=24)
    from ctip.cases.models import Case

    case = Case.objects.get(pk=incident.case_id)
    assert case.person.full_name == "Nguyễn Thị Lan"
    assert case.exploitation_country == "JP"


def test_a_public_report_with_signs_waits_for_staff_to_open_the_case(world, client_for):
    make_board(world, covers=("MY",))
    incident = actions.incident_report(
        actor=None,
        data=actions.IncidentInput(
            kind="unpaid_wages", reporter="family", country="MY", signs=("debt",)
        ),
    ).incident
    assert incident.trafficking_signs is True
    assert incident.case_id is None
    assert Notification.objects.filter(message="registry.incident_trafficking").exists()
    officer = world.users["board_officer"]
    with pytest.raises(ValidationError):  # no name given: no case
        actions.incident_open_case(actor=officer, incident_id=incident.pk)
    client = client_for(officer)
    response = client.post(f"/registry/incidents/{incident.pk}/case/", {"full_name": "Lò Văn Páo"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.case_id is not None


def test_an_incident_is_taken_in_hand_and_closed_with_its_outcome(world, client_for):
    make_board(world)
    incident = make_incident(world)
    client = client_for(world.users["board_officer"])
    client.post(f"/registry/incidents/{incident.pk}/acknowledge/")
    incident.refresh_from_db()
    assert incident.status == "acknowledged"
    response = client.post(
        f"/registry/incidents/{incident.pk}/close/", {"outcome": "resolved", "note": "Đã trả đủ."}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.outcome) == ("closed", "resolved")
    again = client.post(f"/registry/incidents/{incident.pk}/close/", {"outcome": "resolved"})
    assert again.status_code == 400


def test_bad_incident_reports_are_clear_errors(world):
    bad = Client().post("/abroad/report/", {"kind": "lost", "reporter": "family", "country": ""})
    assert bad.status_code == 400
    assert Incident.objects.count() == 0
    with pytest.raises(ValidationError) as refused:
        actions.incident_report(
            actor=None,
            data=actions.IncidentInput(
                kind="abuse", reporter="family", country="Xứ Sở", signs=("magic",)
            ),
        )
    assert {"country", "signs"} <= set(refused.value.message_dict)
    assert Incident.objects.count() == 0
