"""Handing a case to another agency: who reads it when, answers, notices, bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import override

from ctip.cases import selectors
from ctip.cases.actions import handover
from ctip.cases.models import Case, CaseHandover
from ctip.core import actions as core_actions
from ctip.core.models import AgencyType, AuditEvent, Notification
from tests.cases.factories import make_case
from tests.conftest import PASSWORD


def _sees(user, case):
    return Case.objects.filter(Case.scope_q(user), pk=case.pk).exists()


def _send(world, case, to=None, reason="home province"):
    return handover.handover_send(
        actor=world.users["case_worker"],
        case=case,
        to_agency=to or world.other,
        reason=reason,
        version=case.version,
    )


@pytest.fixture
def unit_of_other(world):
    """A unit under the receiving agency, with a case worker of its own."""
    unit = core_actions.agency_create(
        actor=None,
        code="t-police-na-unit",
        type=AgencyType.POLICE,
        name_vi="Đội Nghệ An",
        name_en="Nghe An unit",
        province=world.other.province,
        parent=world.other,
    )
    user = core_actions.user_create(
        actor=None, agency=unit, username="unit-cw", password=PASSWORD, roles=["case_worker"]
    )
    return user


def test_accepted_handover_moves_the_lead_and_the_sender_reads_until_ended(
    world, case, unit_of_other
):
    receiver = world.other_users["case_worker"]
    sender = world.users["case_worker"]
    assert not _sees(receiver, case)
    sent = _send(world, case)
    # Waiting: exactly the receiving agency reads the case, not the unit under it.
    assert _sees(receiver, case)
    assert _sees(sender, case)
    assert not _sees(unit_of_other, case)
    assert Notification.objects.filter(agency=world.other, message="cases.handed_over").exists()
    assert list(selectors.incoming_handovers(receiver)) == [sent]
    handover.handover_answer(actor=receiver, handover=sent, accept=True)
    case.refresh_from_db()
    assert case.lead_agency == world.other
    assert case.assigned_worker is None
    assert Notification.objects.filter(
        agency=world.agency, message="cases.handover_accepted"
    ).exists()
    # The sender keeps reading; its units do not gain access through the hand-over.
    assert _sees(sender, case)
    handover.handover_end_access(actor=receiver, handover=sent)
    assert not _sees(sender, case)
    events = list(
        AuditEvent.objects.filter(target_id=str(case.pk), target_type="cases.case").values_list(
            "event_type", flat=True
        )
    )
    assert {"CASE_HANDED_OVER", "HANDOVER_ACCEPTED", "HANDOVER_ACCESS_ENDED"} <= set(events)


def test_a_returned_handover_leaves_the_case_where_it_was(world, case):
    receiver = world.other_users["case_worker"]
    sent = _send(world, case)
    with pytest.raises(ValidationError):
        handover.handover_answer(actor=receiver, handover=sent, accept=False, reason="  ")
    handover.handover_answer(actor=receiver, handover=sent, accept=False, reason="not ours")
    case.refresh_from_db()
    assert case.lead_agency == world.agency
    assert not _sees(receiver, case)
    assert Notification.objects.filter(
        agency=world.agency, message="cases.handover_returned"
    ).exists()
    with pytest.raises(ValidationError):
        handover.handover_answer(actor=receiver, handover=sent, accept=True)


def test_only_the_receiving_agency_answers(world, case, unit_of_other):
    sent = _send(world, case)
    for outsider in (world.users["case_worker"], unit_of_other):
        with pytest.raises(PermissionDenied):
            handover.handover_answer(actor=outsider, handover=sent, accept=True)
    assert CaseHandover.objects.get(pk=sent.pk).status == "sent"


@override("en")
def test_bad_handovers_are_refused_with_nothing_written(world, case):
    with pytest.raises(ValidationError, match="already leads"):
        _send(world, case, to=world.agency)
    with pytest.raises(ValidationError, match="Say why"):
        _send(world, case, reason=" ")
    with pytest.raises(ValidationError, match="no such agency"):
        handover.receiving_agency(987654)
    with pytest.raises(ValidationError, match="no such agency"):
        handover.receiving_agency("not-a-number")
    _send(world, case)
    with pytest.raises(ValidationError, match="already waiting"):
        _send(world, case)
    assert CaseHandover.objects.filter(case=case).count() == 1
    with pytest.raises(PermissionDenied):
        handover.handover_send(
            actor=world.other_users["case_worker"],
            case=case,
            to_agency=world.national,
            reason="x",
            version=case.version,
        )


def test_pages_hand_over_and_answer(world, client_for, case):
    sender = client_for(world.users["case_worker"])
    page = sender.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Hand the case to another agency" in page.content.decode()
    # An agency that does not exist, and the lead agency itself: form errors, nothing sent.
    for bad in (999999, world.agency.pk):
        response = sender.post(
            f"/cases/{case.pk}/handover/",
            {"version": case.version, "agency": bad, "reason": "x"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert "There is no such agency" in response.content.decode()
    assert not CaseHandover.objects.exists()
    sender.post(
        f"/cases/{case.pk}/handover/",
        {"version": case.version, "agency": world.other.pk, "reason": "home province"},
    )
    sent = CaseHandover.objects.get()
    receiver = client_for(world.other_users["case_worker"])
    listing = receiver.get("/cases/?show=open").content.decode()
    assert f"/cases/handovers/{sent.pk}/" in listing
    assert receiver.post(f"/cases/handovers/{sent.pk}/", {"answer": "return"}).status_code == 400
    done = receiver.post(f"/cases/handovers/{sent.pk}/", {"answer": "accept"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.lead_agency == world.other
    # The old lead still opens the case, read only: it is not offered to hand it on.
    again = sender.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hand the case to another agency" not in again


def test_gate_says_held_elsewhere_without_the_identity(world, client_for):
    earlier = make_case(
        world.other_users["case_worker"], name="Trần Thị Bình", identity_number="001199004321"
    )
    newcomer = make_case(
        world.users["intake_officer"], name="Tran Thi Binh", identity_number="001199004321"
    )
    page = client_for(world.users["intake_officer"]).get(
        f"/cases/{newcomer.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    text = page.content.decode()
    warning = text[text.index('data-testid="held-elsewhere"') :]
    warning = warning[: warning.index("</div>")]
    assert "held elsewhere" in warning
    # Neither the record nor the agency holding it is named (a typed identity number
    # would otherwise tell where the person is protected).
    for named in (world.other.name_en, world.other.name_vi, world.other.code):
        assert named not in warning
    assert earlier.reference not in text
    assert AuditEvent.objects.filter(event_type="ON_FILE_CHECKED").exists()
