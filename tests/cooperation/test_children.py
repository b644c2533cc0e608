"""A person whose list makes them possibly under 18 is received as a (presumed) child."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone, translation

from ctip.cases import selectors as case_selectors
from ctip.cases.age import band
from ctip.cases.engine.children import AgeBand
from ctip.cooperation import actions, selectors
from ctip.cooperation.models import HandoverPerson
from tests.cooperation.factories import counterpart, make_handover

pytestmark = pytest.mark.django_db


def _manifest() -> str:
    today = timezone.localdate()
    fifteen = today.replace(year=today.year - 15).strftime("%d/%m/%Y")
    return (
        "No.,Full name,Sex,Date of birth,Place of origin,Passport No.,Remarks\n"
        f"1,LO THI MAI,F,{fifteen},Lao Cai,,\n"
        f"2,VU A DINH,M,{today.year - 18},Ha Giang,,\n"  # 17 or 18: presumed a child
        "3,DO TUAN,M,19/04/1998,An Giang,,\n"
    )


def _receive(world: Any, person: HandoverPerson) -> Any:
    officer = world.users["reception_officer"]
    received = actions.person_receive(
        actor=officer,
        person=person,
        data=actions.ReceptionInput(
            arrival="arrived", identity_checked=True, outcome="victim_support"
        ),
    )
    return case_selectors.case(officer, received.case_id)


def test_a_received_child_becomes_a_childs_case_with_the_age_basis(
    world: Any, client_for: Any
) -> None:
    operation = make_handover(world, manifest=_manifest())
    with translation.override("en"):
        page = selectors.handover_page(world.users["reception_officer"], operation.pk)
    shown = {p.full_name: p.child for p in page.persons}
    expected = {
        "LO THI MAI": "Child under 16",
        "VU A DINH": "Presumed a child until the age is determined",
        "DO TUAN": "",
    }
    assert shown == expected
    api = client_for(world.users["reception_officer"]).get(
        f"/api/v1/cooperation/handovers/{operation.pk}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert {p["full_name"]: p["child"] for p in api.json()["persons"]} == expected
    mai, dinh, tuan = (_receive(world, operation.persons.get(row=row)) for row in (2, 3, 4))
    assert mai.child
    assert band(mai) is AgeBand.UNDER_16
    assert mai.person.age_basis == "document"
    assert dinh.child
    assert band(dinh) is AgeBand.PRESUMED_CHILD
    assert (dinh.person.age_min, dinh.person.age_max) == (17, 18)
    assert dinh.person.age_basis == "document"
    assert not tuan.child
    assert band(tuan) is AgeBand.ADULT


def test_a_verification_list_shows_who_may_be_a_child(world: Any, client_for: Any) -> None:
    request = actions.verification_create(
        actor=world.users["investigator"],
        data=actions.VerificationInput(
            persons=(
                actions.PersonInput("LO THI MAI", "F", "15", "Lao Cai", ""),
                actions.PersonInput("LE VAN CUONG", "M", "30", "HCM city", "C7654321"),
            ),
            counterpart_id=counterpart().pk,
        ),
    )
    with translation.override("vi"):
        page = selectors.verification_page(world.users["investigator"], request.pk)
    assert [p.child for p in page.persons] == ["Trẻ em dưới 16 tuổi", ""]
    api = client_for(world.users["investigator"]).get(
        f"/api/v1/cooperation/verifications/{request.pk}", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert [p["child"] for p in api.json()["persons"]] == ["Trẻ em dưới 16 tuổi", ""]
