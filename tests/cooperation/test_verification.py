"""Verification requests: a counterpart sends a list, the Vietnamese agency answers per
person before the deadline; partners see only their own exchange, in English."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test import Client
from django.utils import translation

from ctip.cases import actions as case_actions
from ctip.cooperation import actions, ports, selectors
from ctip.cooperation.models import Answer, RequestStatus, VerificationPerson, VerificationRequest
from ctip.core import actions as core_actions
from ctip.core.models import Notification, Province
from tests.conftest import sign_in
from tests.cooperation.factories import counterpart, make_verification, partner_user, people

pytestmark = pytest.mark.django_db


def _token(user: Any, scopes: list[str]) -> dict[str, str]:
    issued = core_actions.token_create(actor=None, user=user, name="gateway", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


LIST = {
    "persons": [
        {"full_name": "NGUYEN VAN AN", "sex": "M", "birth": "02/05/1998", "home_place": "Nghe An"},
        {"full_name": "Tran Thi Binh", "sex": "F", "birth": "1995", "home_place": "Kien Giang"},
        {"full_name": "LE VAN CUONG", "sex": "M", "birth": "30", "document_number": "C7654321"},
    ],
}


def test_a_partner_sends_a_list_by_token_and_the_agency_is_told(world: Any) -> None:
    partner = partner_user(counterpart())
    headers = _token(partner, ["cooperation.verify"])
    body = {**LIST, "verifying_agency": world.agency.pk, "their_reference": "KH-77"}
    answer = Client().post(
        "/api/v1/cooperation/verifications", body, content_type="application/json", **headers
    )
    assert answer.status_code == 201, answer.content
    sent = answer.json()
    request = VerificationRequest.objects.get(pk=sent["request"]["id"])
    assert request.counterpart_id == partner.agency_id
    assert request.deadline == request.received_on + dt.timedelta(days=30)
    assert [p["on_file"] for p in sent["persons"]] == ["", "", ""]  # never to a partner
    provinces = list(request.persons.values_list("home_province__name", flat=True))
    assert provinces == ["Nghệ An", "An Giang", None]  # Kiên Giang is part of An Giang now
    notice = Notification.objects.get(
        agency=world.agency, message="cooperation.verification_received"
    )
    assert notice.params["count"] == 3
    assert "NGUYEN" not in str(notice.params)


def test_persons_are_stored_encrypted(world: Any) -> None:
    make_verification(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT full_name, birth_date, home_place, document_number FROM "
            "cooperation_verificationperson"
        )
        stored = " ".join(str(v) for row in cursor.fetchall() for v in row)
    for clear in ("NGUYEN", "Binh", "1998-05-02", "Nghe An", "C1234567"):
        assert clear not in stored


def test_a_partner_cannot_read_another_partners_exchange(world: Any) -> None:
    ours = actions.verification_create(
        actor=partner_user(counterpart()),
        data=actions.VerificationInput(persons=people(), verifying_agency_id=world.agency.pk),
    )
    thai = partner_user(counterpart("th-police", "TH", "Royal Thai Police"), "partner-th")
    with pytest.raises(Http404):
        selectors.verification_page(thai, ours.pk)
    assert selectors.verification_list(thai) == []
    api = Client().get(
        f"/api/v1/cooperation/verifications/{ours.pk}", **_token(thai, ["cooperation.verify"])
    )
    assert api.status_code == 404
    person = ours.persons.first()
    assert person is not None
    with pytest.raises(Http404):
        selectors.verification_person(thai, person.pk)
    # Nor can it send a list in another counterpart's name.
    with pytest.raises(PermissionDenied):
        actions.verification_create(
            actor=thai,
            data=actions.VerificationInput(
                persons=people(),
                counterpart_id=ours.counterpart_id,
                verifying_agency_id=world.agency.pk,
            ),
        )


def test_bad_lists_are_refused_whole_with_each_persons_reason(world: Any) -> None:
    bad = (
        actions.PersonInput("ស៊ុន ដារ៉ា", "M", "1990"),  # Khmer script
        actions.PersonInput("NGUYEN VAN AN", "M", "31/02/1990"),  # no such day
        actions.PersonInput("Tran Binh", "X", "2030"),  # unknown sex, future year
        actions.PersonInput("LE VAN CUONG", "M", "1990"),
        actions.PersonInput("Cuong Le Van", "M", "1990"),  # the same person, name order
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        actions.verification_create(
            actor=world.users["investigator"],
            data=actions.VerificationInput(persons=bad, counterpart_id=counterpart().pk),
        )
    text = " ".join(error.value.message_dict["persons"])
    for expected in ("Person 1:", "Person 2:", "Person 3:", "Person 5 is the same as person 4"):
        assert expected in text
    assert not VerificationRequest.objects.exists()


def test_answers_per_person_close_the_request_and_tell_the_partner(world: Any) -> None:
    partner = partner_user(counterpart())
    request = actions.verification_create(
        actor=partner,
        data=actions.VerificationInput(persons=people(), verifying_agency_id=world.agency.pk),
    )
    officer = world.users["investigator"]
    first, second, third = request.persons.order_by("row")
    with pytest.raises(PermissionDenied):  # the partner does not answer its own list
        actions.verification_person_answer(
            actor=partner, person=first, data=actions.AnswerInput("confirmed")
        )
    with pytest.raises(PermissionDenied):  # nor does another Vietnamese agency
        actions.verification_person_answer(
            actor=world.other_users["investigator"],
            person=first,
            data=actions.AnswerInput("confirmed"),
        )
    actions.verification_person_answer(
        actor=officer, person=first, data=actions.AnswerInput("confirmed")
    )
    with pytest.raises(ValidationError):
        actions.verification_person_answer(
            actor=officer, person=first, data=actions.AnswerInput("not_found")
        )
    with pytest.raises(ValidationError):  # more information needs to say which
        actions.verification_person_answer(
            actor=officer, person=second, data=actions.AnswerInput("more_info")
        )
    actions.verification_person_answer(
        actor=officer, person=second, data=actions.AnswerInput("more_info", "Send a photo.")
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    actions.verification_person_answer(
        actor=officer, person=third, data=actions.AnswerInput("not_found")
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert Notification.objects.filter(
        agency=partner.agency, message="cooperation.verification_answered"
    ).exists()
    assert (
        Notification.objects.get(
            agency=world.agency, message="cooperation.verification_received"
        ).resolved_at
        is not None
    )
    page = sign_in(Client(), partner).get(f"/cooperation/verifications/{request.pk}/")
    assert page.status_code == 200
    assert page["Content-Language"] == "en"
    assert b"Confirmed citizen" in page.content
    assert b"Send a photo." in page.content
    assert b"On file" not in page.content


def test_reminders_before_and_after_the_deadline_go_once(world: Any) -> None:
    request = make_verification(world, days=10)
    today = request.received_on
    assert actions.verification_remind(today=today) == 0
    assert actions.verification_remind(today=today + dt.timedelta(days=3)) == 1
    assert actions.verification_remind(today=today + dt.timedelta(days=4)) == 0
    assert actions.verification_remind(today=today + dt.timedelta(days=11)) == 1
    messages = set(
        Notification.objects.filter(agency=world.agency).values_list("message", flat=True)
    )
    assert {"cooperation.verification_reminder", "cooperation.verification_overdue"} <= messages


def test_a_person_on_file_is_flagged_without_naming_them(world: Any) -> None:
    case_actions.case_open(
        actor=world.other_users["case_worker"],
        data=case_actions.CaseOpenInput(
            full_name="Nguyễn Văn An",
            intake_channel="walk_in",
            intake_date=dt.date(2025, 1, 5),
            birth_date=dt.date(1998, 5, 2),
            sex="male",
            home_province=Province.objects.get(code="nghe-an"),
        ),
    )
    request = make_verification(world)
    levels = list(request.persons.order_by("row").values_list("match_level", flat=True))
    assert levels[0] in {"likely", "possible"}
    assert levels[1:] == ["", ""]
    page = selectors.verification_page(world.users["investigator"], request.pk)
    assert page.persons[0].on_file  # "Probably on file": the level, not whose record


def test_a_confirmed_citizen_is_matched_against_tracing_requests(world: Any) -> None:
    calls: list[ports.FoundPerson] = []

    class Hotline:
        def person_found(self, *, actor: Any, person: ports.FoundPerson) -> int:
            calls.append(person)
            return 1

    ports.register_tracing("test", Hotline())
    try:
        request = make_verification(world)
        person = request.persons.order_by("row").first()
        assert person is not None
        actions.verification_person_answer(
            actor=world.users["investigator"],
            person=person,
            data=actions.AnswerInput(Answer.CONFIRMED),
        )
    finally:
        ports._MATCHERS.pop("test")
    person.refresh_from_db()
    assert person.tracing_matches == 1
    assert calls[0].full_name == "NGUYEN VAN AN"
    assert calls[0].context_kind == "verification"


def test_pages_of_the_verifying_agency(world: Any, client_for: Any) -> None:
    client = client_for(world.users["investigator"])
    kh = counterpart()
    answer = client.post(
        "/cooperation/verifications/new/",
        {
            "counterpart": kh.pk,
            "verifying_agency": world.agency.pk,
            "days": 30,
            "persons": "NGUYEN VAN AN; M; 1998; Nghe An; C1\nTRAN THI BINH; F; 1995; Ha Tinh;",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    request = VerificationRequest.objects.get()
    assert request.persons.count() == 2
    listing = client.get("/cooperation/verifications/")
    assert request.number.encode() in listing.content
    person = VerificationPerson.objects.filter(request=request).order_by("row").first()
    assert person is not None
    # A list received from abroad is answered here; one sent abroad is answered there.
    client.post(f"/cooperation/verification-persons/{person.pk}/answer/", {"answer": "confirmed"})
    person.refresh_from_db()
    assert person.answer == "confirmed"
    sent = actions.verification_create(
        actor=world.users["investigator"],
        data=actions.VerificationInput(
            persons=people(1), counterpart_id=kh.pk, direction="to_abroad"
        ),
    )
    ours = sent.persons.get()
    refused = client.post(
        f"/cooperation/verification-persons/{ours.pk}/answer/", {"answer": "confirmed"}
    )
    assert refused.status_code == 403
    actions.verification_person_answer(
        actor=partner_user(kh), person=ours, data=actions.AnswerInput("not_found")
    )


def test_the_daily_command_sends_the_reminders(world: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    request = make_verification(world, days=5)
    out = StringIO()
    call_command("cooperation", "remind", stdout=out)
    assert "1 reminder(s) sent." in out.getvalue()
    assert Notification.objects.filter(
        agency=world.agency,
        message="cooperation.verification_reminder",
        key__endswith=str(request.pk),
    ).exists()


def test_the_request_travels_as_a_packet_in_the_counterparts_language(
    world: Any, client_for: Any
) -> None:
    request = make_verification(world)
    person = request.persons.order_by("row").first()
    assert person is not None
    actions.verification_person_answer(
        actor=world.users["investigator"], person=person, data=actions.AnswerInput("not_found")
    )
    client = client_for(world.users["investigator"])
    for lang, word in (("km", "រកមិនឃើញ"), ("th", "ไม่พบข้อมูล"), ("my", "ရှာမတွေ့ပါ"), ("lo", "ບໍ່ພົບ")):
        page = client.get(f"/cooperation/verifications/{request.pk}/packet/?lang={lang}")
        assert page.status_code == 200
        assert word in page.content.decode()
        assert "Not found" in page.content.decode()
    vietnamese = client.get(f"/cooperation/verifications/{request.pk}/packet/?lang=vi")
    assert "Không tìm thấy" in vietnamese.content.decode()
    assert client.get(f"/cooperation/verifications/{request.pk}/packet/?lang=xx").status_code == 200


def test_a_partners_api_answers_in_english(world: Any) -> None:
    partner = partner_user(counterpart())
    headers = _token(partner, ["cooperation.verify"])
    request = actions.verification_create(
        actor=partner,
        data=actions.VerificationInput(persons=people(1), verifying_agency_id=world.agency.pk),
    )
    answer = Client().get(
        f"/api/v1/cooperation/verifications/{request.pk}", HTTP_ACCEPT_LANGUAGE="vi", **headers
    )
    assert answer.json()["request"]["status_label"] == "Waiting for answers"
    assert answer.json()["persons"][0]["answer_label"] == "Not answered yet"


def test_the_dashboard_counts_requests_to_answer(world: Any, client_for: Any) -> None:
    make_verification(world)
    from ctip.core import worklist

    with translation.override("en"):
        items = {i.label: i.count for i in worklist.items(world.users["investigator"])}
    assert items["verification requests to answer"] == 1
    assert client_for(world.users["investigator"]).get("/").status_code == 200


def test_a_counterpart_abroad_needs_its_country(world: Any) -> None:
    from ctip.core.models import AgencyType

    with pytest.raises(ValidationError):
        core_actions.agency_create(
            actor=None,
            code="nowhere",
            type=AgencyType.COUNTERPART,
            name_vi="X",
            name_en="X",
            country="VN",
        )
    with pytest.raises(ValidationError):  # a Vietnamese agency is not a counterpart
        actions.verification_create(
            actor=world.users["investigator"],
            data=actions.VerificationInput(persons=people(1), counterpart_id=world.other.pk),
        )


def test_a_partner_sends_photos_that_are_sealed_and_read_with_an_audit(
    world: Any, client_for: Any
) -> None:
    from pathlib import Path

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ctip.core.models import AuditEvent
    from tests.cooperation.factories import PNG

    partner = partner_user(counterpart())
    request = actions.verification_create(
        actor=partner,
        data=actions.VerificationInput(persons=people(2), verifying_agency_id=world.agency.pk),
    )
    first, second = request.persons.order_by("row")
    sent = Client().post(
        f"/api/v1/cooperation/verification-persons/{first.pk}/photo",
        {"file": SimpleUploadedFile("a.png", PNG, "image/png")},
        **_token(partner, ["cooperation.verify"]),
    )
    assert sent.status_code == 201, sent.content
    not_a_photo = Client().post(
        f"/api/v1/cooperation/verification-persons/{second.pk}/photo",
        {"file": SimpleUploadedFile("a.png", b"%PDF-1.7 not a photo", "image/png")},
        **_token(partner, ["cooperation.verify"]),
    )
    assert not_a_photo.status_code == 422
    with pytest.raises(ValidationError):  # one photo per person
        actions.photo_add(actor=partner, person=first, content=PNG)
    with pytest.raises(PermissionDenied):  # the answering side does not add photos
        actions.photo_add(actor=world.users["investigator"], person=second, content=PNG)
    stored = list((Path(settings.MEDIA_ROOT) / "cooperation").glob("*.bin"))
    assert stored
    assert all(PNG not in f.read_bytes() for f in stored)
    officer = client_for(world.users["investigator"])
    photo = officer.get(f"/cooperation/verification-persons/{first.pk}/photo/")
    assert photo.status_code == 200
    assert photo.content == PNG
    assert photo["Content-Type"] == "image/png"
    assert any("photo" in e.fields for e in AuditEvent.objects.filter(event_type="RECORD_VIEWED"))
    assert officer.get(f"/cooperation/verification-persons/{second.pk}/photo/").status_code == 404
    thai = partner_user(counterpart("th-police", "TH", "Royal Thai Police"), "partner-th")
    stranger = sign_in(Client(), thai).get(f"/cooperation/verification-persons/{first.pk}/photo/")
    assert stranger.status_code == 404
