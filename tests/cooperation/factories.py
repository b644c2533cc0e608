"""Counterparts abroad, their partner staff, requests and handovers for the tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from ctip.cooperation import actions
from ctip.cooperation.models import (
    HandoverOperation,
    HandoverPerson,
    RepatriationNeed,
    VerificationRequest,
)
from ctip.core import actions as core_actions
from ctip.core.models import Agency, AgencyType, User
from tests.conftest import PASSWORD

# The smallest PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)

MANIFEST = (
    "No.,Full name,Sex,Date of birth,Place of origin,Passport No.,Remarks\n"
    "1,DO TUAN,M,19/04/1998,An Giang,,\n"
    "2,Tran Kim Lan,F,1988,Can Tho,C3675809,\n"
    "3,NGO THANH PHUC,M,18/09/1993,Ha Noi,C4545182,escaped\n"
)


def counterpart(
    code: str = "kh-police", country: str = "KH", name: str = "Cambodian Police"
) -> Agency:
    found = Agency.objects.filter(code=code).first()
    if found is not None:
        return found
    return core_actions.agency_create(
        actor=None,
        code=code,
        type=AgencyType.COUNTERPART,
        name_vi=name,
        name_en=name,
        country=country,
    )


def partner_user(agency: Agency, username: str = "partner-kh") -> User:
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    return core_actions.user_create(
        actor=None, agency=agency, username=username, password=PASSWORD, roles=["partner"]
    )


def people(n: int = 3) -> tuple[actions.PersonInput, ...]:
    rows = [
        actions.PersonInput("NGUYEN VAN AN", "M", "02/05/1998", "Nghe An", "C1234567"),
        actions.PersonInput("Tran Thi Binh", "F", "1995", "Kien Giang", ""),
        actions.PersonInput("LE VAN CUONG", "M", "30", "HCM city", "C7654321"),
    ]
    return tuple(rows[:n])


def make_verification(world: Any, **kw: Any) -> VerificationRequest:
    return actions.verification_create(
        actor=world.users["investigator"],
        data=actions.VerificationInput(persons=people(), counterpart_id=counterpart().pk, **kw),
    )


def make_handover(world: Any, *, manifest: str = MANIFEST) -> HandoverOperation:
    officer = world.users["reception_officer"]
    operation = actions.handover_plan(
        actor=officer,
        data=actions.HandoverInput(
            on=timezone.localdate(),
            gate="moc-bai",
            counterpart_id=counterpart().pk,
            receiving_agency_ids=(world.agency.pk,),
        ),
    )
    if manifest:
        actions.manifest_import(
            actor=officer, operation=operation, file_name="list.csv", content=manifest.encode()
        )
    return operation


def make_handover_person(world: Any) -> HandoverPerson:
    return HandoverPerson.objects.filter(operation=make_handover(world)).order_by("row").first()  # type: ignore[return-value]


def make_need(world: Any) -> RepatriationNeed:
    person = make_handover_person(world)
    return actions.need_record(
        actor=world.users["reception_officer"],
        person=person,
        data=actions.NeedInput(kind="travel_document", agency_id=world.agency.pk),
    )
