"""Who sees a case: the lead agency, an agency with an open referral or a share; nobody else."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ctip.cases import actions, selectors
from ctip.cases.models import Case, Person
from ctip.core import actions as core_actions
from ctip.core.models import AuditEvent
from tests.cases.factories import days_ago, make_case


def test_other_agency_cannot_see_the_case(world, case):
    outsider = world.other_users["case_worker"]
    assert not selectors.cases(outsider).exists()
    with pytest.raises(Http404):
        selectors.open_case(outsider, case.pk)
    assert not Person.objects.filter(Person.scope_q(outsider)).exists()


def test_the_national_office_above_does_not_see_it(world, case):
    boss = core_actions.user_create(
        actor=None, agency=world.national, username="nat-cw", password=None, roles=["case_worker"]
    )
    assert not selectors.cases(boss).exists()


def test_referral_grants_access_while_open(world, case, worker, other_provider):
    receiver = world.other_users["case_worker"]
    referral = actions.referral_send(
        actor=world.users["supervisor"],
        case=case,
        data=actions.ReferralInput(
            provider=other_provider, services=["shelter"], override_reason="urgent shelter"
        ),
    )
    assert selectors.open_case(receiver, case.pk) == case
    actions.referral_answer(actor=receiver, referral=referral, answer="decline", reason="full")
    with pytest.raises(Http404):
        selectors.open_case(receiver, case.pk)


def test_share_grants_access_until_revoked(world, case, worker):
    actions.consent_record(
        actor=worker,
        case=case,
        data=actions.ConsentInput(
            processing=True, later_contact=True, share_agencies=[world.other], given_on=days_ago(0)
        ),
    )
    share = actions.case_share(
        actor=worker, case=case, data=actions.ShareInput(agency=world.other, reason="police")
    )
    outsider = world.other_users["investigator"]
    assert selectors.cases(outsider).get() == case
    actions.share_revoke(actor=worker, share=share)
    assert not selectors.cases(outsider).exists()


def test_reading_a_case_is_audited(world, case):
    selectors.open_case(world.users["investigator"], case.pk)
    event = AuditEvent.objects.get(event_type="RECORD_VIEWED")
    assert event.target_type == "cases.person"
    assert "full_name" in event.fields


def test_sensitive_answers_hidden_without_the_permission(world, case, worker):
    from tests.cases.factories import screened

    screened(case, worker)
    interview = case.screenings.get()
    investigator = world.users["investigator"]
    hidden = [a for a in selectors.screening_answers(investigator, interview, "en") if a.hidden]
    assert hidden
    assert all(a.answer == "" for a in hidden)
    shown = selectors.screening_answers(worker, interview, "en")
    assert not any(a.hidden for a in shown)
    assert not any(
        i["question"] == "e_sexual_violence"
        for i in selectors.screening_indicators(investigator, interview)
    )


def test_health_support_hidden_without_the_permission(world, case, worker):
    actions.delivery_record(
        actor=worker,
        case=case,
        data=actions.DeliveryInput(support_type="medical_care", delivered_on=days_ago(0)),
    )
    assert selectors.deliveries(world.users["investigator"], case)[0].support_type == ""
    assert selectors.deliveries(worker, case)[0].support_type == "medical_care"


def test_actions_refuse_out_of_scope_actors(world, case):
    with pytest.raises(PermissionDenied):
        actions.case_transition(
            actor=world.other_users["case_worker"], case=case, target="screening", version=1
        )
    assert Case.objects.get(pk=case.pk).status == "intake"


def test_duplicates_from_other_agencies_show_no_identity(world, worker):
    outsider = world.other_users["case_worker"]
    make_case(outsider, "Võ Thị Hoa", birth_date=None, phone="0987654321")
    mine = make_case(worker, "Vo Thi Hoa", birth_date=None, phone="+84 98 765 4321")
    rows = selectors.duplicate_candidates(worker, mine)
    assert rows
    assert rows[0].person is None
    assert rows[0].person_id is None
    assert rows[0].agency is None
    assert rows[0].held_elsewhere is True


def test_duplicate_check_does_not_name_the_agency_holding_the_person(world, worker, client_for):
    """Typing a known identity number at intake must not tell where the person is."""
    outsider = world.other_users["case_worker"]
    make_case(outsider, "Võ Thị Hoa", identity_number="038190000123")
    mine = make_case(worker, "Nguyễn Thị Lan", identity_number="038190000123")
    client = client_for(worker)
    page = client.get(f"/cases/{mine.pk}/duplicates/").content.decode()
    assert "Held elsewhere" in page or "Được lưu ở nơi khác" in page
    for name in (world.other.name_vi, world.other.name_en, world.other.code):
        assert name not in page
    rows = client.get(f"/api/v1/cases/{mine.pk}/duplicates").json()
    assert rows
    assert rows[0] == rows[0] | {"agency": None, "held_elsewhere": True, "person_id": None}
    assert world.other.code not in str(rows)


def test_duplicate_check_names_the_agency_of_a_record_the_actor_may_read(world, worker):
    first = make_case(worker, "Võ Thị Hoa", identity_number="038190000124")
    mine = make_case(worker, "Nguyễn Thị Lan", identity_number="038190000124")
    rows = selectors.duplicate_candidates(worker, mine)
    assert rows[0].person_id == first.person_id
    assert rows[0].agency == world.agency
    assert rows[0].held_elsewhere is False


def test_duplicate_page_says_how_likely_and_why_in_words(world, worker, client_for):
    make_case(worker, "Võ Thị Hoa", identity_number="038190000125")
    mine = make_case(worker, "Vo Thi Hoa", identity_number="038190000125")
    page = client_for(worker).get(f"/cases/{mine.pk}/duplicates/", HTTP_ACCEPT_LANGUAGE="vi")
    text = page.content.decode()
    assert "Nhiều khả năng là cùng một người" in text
    assert "Cùng số giấy tờ tùy thân" in text
    for code in ("likely", "identity_number_equal", "name_equal"):
        assert code not in text
