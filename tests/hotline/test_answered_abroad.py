"""A request passed abroad may go to a Vietnamese embassy or consulate in the country
where the person is held, and the answer (confirmed, not found, more information) moves
the request's status, tells the family in words and the operator who recorded it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ctip.cooperation import actions as cooperation_actions
from ctip.cooperation import selectors as cooperation_selectors
from ctip.cooperation.models import VerificationRequest
from ctip.core import actions as core_actions
from ctip.core.models import Agency, AgencyType, AuditEvent, Notification
from ctip.hotline import actions, selectors
from ctip.hotline.models import FamilyNotice, TracingRequest
from tests.cooperation.factories import counterpart, partner_user
from tests.hotline.factories import record_request

pytestmark = pytest.mark.django_db


def consulate(code: str = "vn-consulate-sihanoukville", country: str = "KH") -> Agency:
    return core_actions.agency_create(
        actor=None,
        code=code,
        type=AgencyType.FOREIGN_AFFAIRS,
        name_vi="Tổng Lãnh sự quán Việt Nam tại Sihanoukville",
        name_en="Consulate General of Viet Nam in Sihanoukville",
        country=country,
    )


def _passed(world, **abroad):
    recorded = record_request(world.users["hotline_operator"], country="KH", place="Bavet")
    actions.request_pass_abroad(
        actor=world.users["investigator"],
        request=recorded.request,
        data=actions.AbroadInput(**abroad),
    )
    recorded.request.refresh_from_db()
    return recorded


def test_a_consulate_abroad_receives_the_request_and_reads_it(world) -> None:
    mission = consulate()
    officer = partner_user(mission, "consul-kh")
    row = _passed(world).request
    sent = VerificationRequest.objects.get(pk=row.verification_id)
    assert (sent.direction, sent.counterpart_id) == ("to_abroad", mission.pk)
    assert Notification.objects.filter(agency=mission, kind="verification").exists()
    assert [r.id for r in cooperation_selectors.verification_list(officer)] == [sent.pk]


def test_with_a_counterpart_and_a_consulate_there_the_police_choose(world) -> None:
    police_kh = counterpart()
    mission = consulate()
    thai = counterpart("th-police", "TH", "Thai Police")
    recorded = record_request(world.users["hotline_operator"], country="KH")
    investigator = world.users["investigator"]
    # None chosen with two there, one of another country, one in Viet Nam: refused.
    choices = (
        actions.AbroadInput(),
        actions.AbroadInput(thai.pk),
        actions.AbroadInput(world.national.pk),
    )
    for data in choices:
        with pytest.raises(ValidationError):
            actions.request_pass_abroad(actor=investigator, request=recorded.request, data=data)
    assert not VerificationRequest.objects.exists()
    assert [(r.id, r.mission) for r in cooperation_selectors.recipients_abroad("KH")] == [
        (police_kh.pk, False),
        (mission.pk, True),
    ]
    actions.request_pass_abroad(
        actor=investigator, request=recorded.request, data=actions.AbroadInput(mission.pk)
    )
    assert VerificationRequest.objects.get().counterpart_id == mission.pk


@pytest.mark.parametrize(
    ("answer", "status", "family_words"),
    [
        ("confirmed", "located", "Located: the police know where the person is."),
        ("not_found", "not_found", "Not found yet: the authorities abroad"),
        ("more_info", "more_info", "please call the hotline 111"),
    ],
)
def test_the_answer_moves_the_request_and_tells_the_family_and_the_operator(
    world, answer, status, family_words
) -> None:
    mission = consulate()
    officer = partner_user(mission, "consul-kh")
    recorded = _passed(world)
    row = recorded.request
    person = VerificationRequest.objects.get(pk=row.verification_id).persons.get()
    cooperation_actions.verification_person_answer(
        actor=officer,
        person=person,
        data=cooperation_actions.AnswerInput(answer, note="Ảnh chân dung rõ hơn"),
    )
    row.refresh_from_db()
    assert row.status == status
    assert (row.located_at is not None) == (status == "located")
    notice = FamilyNotice.objects.filter(request=row).order_by("-pk").first()
    assert notice.status_told == status
    with translation.override("en"):
        told = selectors.family_status(row.follow_code, recorded.secret)
    assert family_words in told.status
    operator = world.users["hotline_operator"]
    note = Notification.objects.get(message=f"hotline.abroad_{answer}", user=operator)
    assert note.params["request"] == row.follow_code
    assert "Nguyễn" not in str(note.params)
    event = AuditEvent.objects.get(event_type="HOTLINE_REQUEST_ANSWERED_ABROAD")
    assert (event.data["answer"], event.data["to"]) == (answer, status)


def test_an_answer_does_not_move_a_request_already_past_it(world) -> None:
    mission = consulate()
    officer = partner_user(mission, "consul-kh")
    row = _passed(world).request
    police = world.users["investigator"]
    for step in ("located", "rescued"):
        actions.request_status(actor=police, request=row, data=actions.StatusInput(step))
    person = VerificationRequest.objects.get(pk=row.verification_id).persons.get()
    cooperation_actions.verification_person_answer(
        actor=officer, person=person, data=cooperation_actions.AnswerInput("not_found")
    )
    assert TracingRequest.objects.get(pk=row.pk).status == "rescued"
    # The operator still learns what was answered.
    assert Notification.objects.filter(message="hotline.abroad_not_found").exists()


def test_the_police_may_set_the_answer_by_hand_and_go_on_from_it(world) -> None:
    row = record_request(world.users["hotline_operator"]).request
    police = world.users["investigator"]
    actions.request_status(actor=police, request=row, data=actions.StatusInput("not_found"))
    actions.request_status(actor=police, request=row, data=actions.StatusInput("verifying"))
    with pytest.raises(ValidationError):
        actions.request_status(actor=police, request=row, data=actions.StatusInput("rescued"))
    assert TracingRequest.objects.get(pk=row.pk).status == "verifying"


def test_the_request_page_sends_it_to_the_chosen_consulate(world, client_for) -> None:
    counterpart()
    mission = consulate()
    row = record_request(world.users["hotline_operator"], country="KH").request
    police = client_for(world.users["investigator"])
    page = police.get(f"/hotline/requests/{row.pk}/").content.decode()
    assert 'data-testid="abroad-form"' in page
    assert "Tổng Lãnh sự quán Việt Nam tại Sihanoukville" in page
    refused = police.post(f"/hotline/requests/{row.pk}/abroad/", {}, follow=True)
    assert '<li class="error">' in refused.content.decode()
    assert not VerificationRequest.objects.exists()
    police.post(f"/hotline/requests/{row.pk}/abroad/", {"counterpart_id": mission.pk})
    assert VerificationRequest.objects.get().counterpart_id == mission.pk
