"""Joint investigations with counterparts abroad, through cooperation's exchange."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.utils import timezone, translation

from ctip.cooperation import actions as cooperation_actions
from ctip.cooperation import selectors as cooperation_selectors
from ctip.cooperation.models import AssistanceRequest, PersonTransfer
from ctip.core import actions as core_actions
from ctip.core import mail, notifications
from ctip.core import selectors as core_selectors
from ctip.core.models import Agency, AgencyType, AuditEvent, Notification
from ctip.proceedings import actions
from tests.conftest import sign_in
from tests.cooperation.factories import counterpart, partner_user
from tests.proceedings.factories import charged_case, days_ago, joint_case, justice

pytestmark = pytest.mark.django_db


def _token(user: Any) -> dict[str, str]:
    issued = core_actions.token_create(
        actor=None, user=user, name="gateway", scopes=["cooperation.joint"]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def _thai() -> Any:
    return partner_user(counterpart("th-police", "TH", "Royal Thai Police"), "partner-th")


def test_the_partner_reads_only_what_was_shared_in_english(world, client_for):
    khmer = partner_user(counterpart())
    found, _person, joint_id = joint_case(world, khmer.agency_id)
    page = sign_in(Client(), khmer).get(
        f"/cooperation/joint-investigations/{joint_id}/", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert page.status_code == 200
    assert page["Content-Language"] == "en"
    text = page.content.decode()
    assert "Trafficking of three women" in text
    assert found.reference in text
    assert "Requests for legal assistance" in text
    # Nothing of the investigation file: its title, the act charged, the accused's name.
    for secret in ("Mộc Bài", "Bán 3 phụ nữ", "Lê Văn C"):
        assert secret not in text
    # The file itself stays closed to the partner.
    assert sign_in(Client(), khmer).get(f"/proceedings/cases/{found.pk}/").status_code in (403, 404)
    assert AuditEvent.objects.filter(
        event_type="RECORD_VIEWED", actor=khmer, target_type="cooperation.jointinvestigation"
    ).exists()
    # The investigator's case page lists the joint investigation.
    mine = client_for(world.users["investigator"]).get(f"/proceedings/cases/{found.pk}/")
    assert "Royal" not in mine.content.decode()
    assert counterpart().name in mine.content.decode()


def test_a_second_counterpart_and_a_sibling_agency_see_nothing(world):
    _found, _person, joint_id = joint_case(world, counterpart().pk)
    thai = _thai()
    assert cooperation_selectors.joint_list(thai) == []
    with pytest.raises(Http404):
        cooperation_selectors.joint_page(thai, joint_id)
    answer = Client().get(f"/api/v1/cooperation/joint-investigations/{joint_id}", **_token(thai))
    assert answer.status_code == 404
    listed = Client().get("/api/v1/cooperation/joint-investigations", **_token(thai))
    assert listed.status_code == 200
    assert listed.json() == []
    with pytest.raises(Http404):
        cooperation_actions.assistance_send(
            actor=thai, data=cooperation_actions.AssistanceInput(joint_id=joint_id, subject="x")
        )
    sibling = world.other_users["investigator"]
    assert cooperation_selectors.joint_list(sibling) == []
    with pytest.raises(Http404):
        cooperation_selectors.joint_page(sibling, joint_id)
    # The national agency above the sharing one reads it.
    assert [r.id for r in cooperation_selectors.joint_list(world.users["investigator"])] == [
        joint_id
    ]


def test_a_request_for_legal_assistance_is_sent_and_answered_by_the_partner(world, client_for):
    khmer = partner_user(counterpart())
    found, _person, joint_id = joint_case(world, khmer.agency_id)
    sent = client_for(world.users["investigator"]).post(
        f"/cooperation/joint-investigations/{joint_id}/requests/",
        {"subject": "Bank records of account 0123 at ACLEDA", "days": "45"},
    )
    assert sent.status_code == 302
    request = AssistanceRequest.objects.get(joint_id=joint_id)
    assert request.deadline == timezone.localdate() + dt.timedelta(days=45)
    # The asking side cannot answer its own request.
    translation.activate("en")  # the page above answered in the reader's language
    with pytest.raises(ValidationError, match="other side"):
        cooperation_actions.assistance_answer(
            actor=world.users["investigator"],
            data=cooperation_actions.AssistanceAnswerInput(request_id=request.pk, answer="x"),
        )
    answer = Client().post(
        f"/api/v1/cooperation/assistance-requests/{request.pk}/answer",
        {"answer": "Statements for 2025 attached."},
        content_type="application/json",
        **_token(khmer),
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["requests"][0]["answer"] == "Statements for 2025 attached."
    assert body["requests"][0]["answered_on"] == timezone.localdate().isoformat()
    again = Client().post(
        f"/api/v1/cooperation/assistance-requests/{request.pk}/answer",
        {"answer": "Again"},
        content_type="application/json",
        **_token(khmer),
    )
    assert again.status_code == 422
    assert "already been answered" in again.json()["detail"]
    page = client_for(world.users["investigator"]).get(
        f"/cooperation/joint-investigations/{joint_id}/"
    )
    assert "Statements for 2025 attached." in page.content.decode()
    # A request from the partner is answered by the Vietnamese agency.
    theirs = cooperation_actions.assistance_send(
        actor=khmer,
        data=cooperation_actions.AssistanceInput(joint_id=joint_id, subject="Hear the victim"),
    )
    # Called outside a request: the language is the caller's to set, as the API and the
    # pages set it for the partner (English).
    with translation.override("en"), pytest.raises(ValidationError, match="other side"):
        cooperation_actions.assistance_answer(
            actor=khmer,
            data=cooperation_actions.AssistanceAnswerInput(request_id=theirs.pk, answer="x"),
        )
    cooperation_actions.assistance_answer(
        actor=world.users["investigator"],
        data=cooperation_actions.AssistanceAnswerInput(request_id=theirs.pk, answer="Done."),
    )
    assert found.pk  # the case itself is untouched by the exchange


def test_the_assistance_pages_refuse_on_the_form_and_answer_once(world, client_for):
    khmer = partner_user(counterpart())
    _found, _person, joint_id = joint_case(world, khmer.agency_id)
    investigator = client_for(world.users["investigator"])
    # Nothing asked, a deadline out of range: the page again, the reasons on the form.
    refused = investigator.post(
        f"/cooperation/joint-investigations/{joint_id}/requests/",
        {"subject": "  ", "days": "0"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400
    assert not AssistanceRequest.objects.exists()
    assert set(refused.context["form"].errors) == {"subject", "days"}
    # Another counterpart cannot post to it.
    thai = sign_in(Client(), _thai())
    assert (
        thai.post(
            f"/cooperation/joint-investigations/{joint_id}/requests/",
            {"subject": "Records", "days": "30"},
        ).status_code
        == 404
    )
    assert not AssistanceRequest.objects.exists()
    sent = investigator.post(
        f"/cooperation/joint-investigations/{joint_id}/requests/",
        {"subject": "Bank records", "days": "30"},
    )
    assert sent.status_code == 302
    request = AssistanceRequest.objects.get(joint_id=joint_id)
    partner = sign_in(Client(), khmer)
    url = f"/cooperation/assistance-requests/{request.pk}/answer/"
    empty = partner.post(url, {"answer": ""}, follow=True)
    assert "Answer: This field is required." in empty.content.decode()
    answered = partner.post(url, {"answer": "Statements attached."}, follow=True)
    assert "The answer was sent." in answered.content.decode()
    again = partner.post(url, {"answer": "Again"}, follow=True)
    assert "already been answered" in again.content.decode()
    request.refresh_from_db()
    assert request.answer == "Statements attached."


def test_an_accused_transferred_is_recorded_once_and_the_partner_sees_it(world):
    khmer = partner_user(counterpart())
    found, person, joint_id = joint_case(world, khmer.agency_id)
    investigator = world.users["investigator"]
    data = actions.TransferInput(
        accused_id=person,
        joint_id=joint_id,
        kind="extradition",
        direction="to_vn",
        transferred_on=days_ago(10),
    )
    actions.accused_transfer(actor=investigator, data=data)
    seen = cooperation_selectors.joint_page(khmer, joint_id)
    assert [(t.full_name, t.kind) for t in seen.transfers] == [("Lê Văn C", "extradition")]
    with pytest.raises(ValidationError, match="already recorded"):
        actions.accused_transfer(actor=investigator, data=data)
    # A joint investigation of another case is not this person's.
    other, other_person = charged_case(world)
    with pytest.raises(ValidationError, match="joint investigation of this case"):
        actions.accused_transfer(
            actor=investigator,
            data=actions.TransferInput(
                accused_id=other_person,
                joint_id=joint_id,
                kind="extradition",
                direction="to_vn",
                transferred_on=days_ago(10),
            ),
        )
    # A sibling agency cannot record one in our case.
    with pytest.raises(Http404):
        actions.accused_transfer(actor=world.other_users["investigator"], data=data)
    assert PersonTransfer.objects.count() == 1
    assert other.pk != found.pk


def test_sharing_refuses_bad_input_and_the_file_never_goes_abroad(world, client_for):
    found, _person = charged_case(world)
    khmer = counterpart()
    with pytest.raises(ValidationError, match="joint investigation"):
        actions.file_share(
            actor=world.users["investigator"],
            data=actions.ShareInput(case_id=found.pk, agency_id=khmer.pk),
        )
    page = client_for(world.users["investigator"]).post(
        f"/proceedings/cases/{found.pk}/joint/", {"counterpart": khmer.pk, "summary": " "}
    )
    assert page.status_code == 400
    api = client_for(world.users["investigator"]).post(
        f"/api/v1/proceedings/cases/{found.pk}/joint-investigations",
        {"counterpart_id": world.other.pk, "summary": "Shared"},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api["Content-Type"].startswith("application/problem+json")
    ok = client_for(world.users["investigator"]).post(
        f"/api/v1/proceedings/cases/{found.pk}/joint-investigations",
        {"counterpart_id": khmer.pk, "summary": "Shared"},
        content_type="application/json",
    )
    assert ok.status_code == 201
    twice = client_for(world.users["investigator"]).post(
        f"/api/v1/proceedings/cases/{found.pk}/joint-investigations",
        {"counterpart_id": khmer.pk, "summary": "Shared"},
        content_type="application/json",
    )
    assert twice.status_code == 422
    # A sibling agency cannot share our case.
    with pytest.raises(Http404):
        actions.joint_share(
            actor=world.other_users["investigator"],
            data=actions.JointShareInput(case_id=found.pk, counterpart_id=khmer.pk, summary="x"),
        )


def _joint_notices(agency: Agency) -> list[tuple[str, dict[str, Any]]]:
    rows = Notification.objects.filter(agency=agency, kind="joint").order_by("pk")
    return [(n.message, n.params) for n in rows]


def test_the_counterpart_is_told_of_the_case_and_each_side_of_requests_and_answers(world):
    khmer = partner_user(counterpart())
    thai = _thai()
    investigator = world.users["investigator"]
    found, _person, joint_id = joint_case(world, khmer.agency_id)
    number = cooperation_selectors.joint_page(investigator, joint_id).number
    shared = Notification.objects.get(agency=khmer.agency, message="cooperation.joint_shared")
    assert shared.params == {"case": found.reference, "joint": number}
    assert shared.permission == "cooperation.joint"
    assert shared.link == f"/cooperation/joint-investigations/{joint_id}/"
    # Partner staff read in English: their inbox and their e-mail.
    assert khmer.preferred_language == "en"
    with translation.override(khmer.preferred_language):
        assert notifications.render(shared.message, shared.params) == (
            f"Criminal case {found.reference} is shared with your agency in joint "
            f"investigation {number}."
        )
    khmer.email = "liaison@police.gov.kh"
    assert mail.message_for(khmer).subject == "CTIP: a new notice is waiting for you"
    assert [n.pk for n in core_selectors.inbox(khmer)] == [shared.pk]
    # A request from the Vietnamese side waits for the counterpart ...
    ours = cooperation_actions.assistance_send(
        actor=investigator,
        data=cooperation_actions.AssistanceInput(joint_id=joint_id, subject="Bank records"),
    )
    waiting = Notification.objects.get(
        agency=khmer.agency, message="cooperation.assistance_received"
    )
    assert waiting.params == {"joint": number, "deadline": ours.deadline.isoformat()}
    # ... and its answer reaches the Vietnamese agency, resolving the counterpart's notice.
    cooperation_actions.assistance_answer(
        actor=khmer,
        data=cooperation_actions.AssistanceAnswerInput(request_id=ours.pk, answer="Attached."),
    )
    waiting.refresh_from_db()
    assert waiting.resolved_at is not None
    assert _joint_notices(world.agency) == [("cooperation.assistance_answered", {"joint": number})]
    told = core_selectors.inbox(investigator).get(message="cooperation.assistance_answered")
    with translation.override("vi"):
        assert number in notifications.render(told.message, told.params)
    # The other way round: the counterpart asks, the Vietnamese agency answers.
    theirs = cooperation_actions.assistance_send(
        actor=khmer,
        data=cooperation_actions.AssistanceInput(joint_id=joint_id, subject="Hear the victim"),
    )
    assert _joint_notices(world.agency)[-1] == (
        "cooperation.assistance_received",
        {"joint": number, "deadline": theirs.deadline.isoformat()},
    )
    cooperation_actions.assistance_answer(
        actor=investigator,
        data=cooperation_actions.AssistanceAnswerInput(request_id=theirs.pk, answer="Done."),
    )
    assert [m for m, _params in _joint_notices(khmer.agency)] == [
        "cooperation.joint_shared",
        "cooperation.assistance_received",
        "cooperation.assistance_answered",
    ]
    # A second counterpart and a sibling agency are told nothing.
    assert _joint_notices(thai.agency) == []
    assert not core_selectors.inbox(thai).exists()
    assert _joint_notices(world.other) == []
    assert not core_selectors.inbox(world.other_users["investigator"]).filter(kind="joint")


def test_the_procurator_in_charge_shares_the_case_abroad_and_no_other_province(world):
    j = justice(world)
    khmer = partner_user(counterpart())
    found, _person = charged_case(world)
    actions.case_decide(
        actor=world.users["investigator"],
        data=actions.DecisionInput(
            case_id=found.pk,
            kind="conclude_investigation",
            decided_on=days_ago(60),
            agency_id=j.procuracy.pk,
        ),
    )
    share = actions.JointShareInput(case_id=found.pk, counterpart_id=khmer.agency_id, summary="x")
    # The police handed the case to the procuracy: it reads the file, no longer shares it.
    with pytest.raises(ValidationError, match="Only the agency in charge"):
        actions.joint_share(actor=world.users["investigator"], data=share)
    # A procurator of another province does not reach the case at all.
    elsewhere = core_actions.agency_create(
        actor=None,
        code="t-procuracy-na",
        type=AgencyType.PROCURACY,
        name_vi="VKSND Nghệ An",
        name_en="Nghe An Procuracy",
        country="VN",
        parent=world.national,
    )
    stranger = core_actions.user_create(
        actor=None, agency=elsewhere, username="procurator-na", password=None, roles=["procurator"]
    )
    with pytest.raises(Http404):
        actions.joint_share(actor=stranger, data=share)
    # The procuracy in charge shares it, reads the exchange and answers the counterpart.
    joint = actions.joint_share(actor=j.procurator, data=share)
    assert joint.agency_id == j.procuracy.pk
    assert Notification.objects.filter(
        agency=khmer.agency, message="cooperation.joint_shared"
    ).exists()
    assert [r.id for r in cooperation_selectors.joint_list(j.procurator)] == [joint.pk]
    asked = cooperation_actions.assistance_send(
        actor=khmer,
        data=cooperation_actions.AssistanceInput(joint_id=joint.pk, subject="Hear the victim"),
    )
    assert _joint_notices(j.procuracy)[-1][0] == "cooperation.assistance_received"
    cooperation_actions.assistance_answer(
        actor=j.procurator,
        data=cooperation_actions.AssistanceAnswerInput(request_id=asked.pk, answer="Done."),
    )
    assert cooperation_selectors.joint_list(stranger) == []
    with pytest.raises(Http404):
        cooperation_selectors.joint_page(stranger, joint.pk)
