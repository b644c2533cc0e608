"""Public reports reach the competent police, are triaged, followed by their reporter
without an account, counted as verified only once accepted, and disputed by owners."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.utils.translation import override

from ctip.core import actions as core_actions
from ctip.core.models import AgencyType, Notification, Province
from ctip.intel import actions, selectors, triage
from ctip.intel.models import Dispute, Indicator, Report
from tests.intel.factories import PHONE, make_dispute, make_report


def _public(**values):
    values.setdefault("type", "investment")
    return actions.report_file(
        actor=None,
        data=actions.ReportInput(narrative="Lừa đầu tư", indicators=[PHONE], **values),
    )


def _triage(*, actor, report, **values):
    return actions.report_triage(actor=actor, report=report, data=actions.TriageInput(**values))


def test_routing_by_province_then_type_then_national(world):
    nghe_an = Province.objects.get(code="nghe-an")
    assert _public(province=nghe_an).report.agency == world.other
    # A province with no police agency on the platform: by type, else national.
    elsewhere = Province.objects.exclude(pk__in=[world.agency.province_id, nghe_an.pk]).first()
    assert _public(province=elsewhere).report.agency == world.national
    with override_settings(CTIP_INTEL_ROUTES_BY_TYPE={"investment": world.agency.code}):
        assert _public().report.agency == world.agency
        assert _public(type="romance").report.agency == world.national
    # The highest police agency of the province, not a unit under it.
    core_actions.agency_create(
        actor=None,
        code="t-police-na-unit",
        type=AgencyType.POLICE,
        name_vi="Đội",
        name_en="Unit",
        province=nghe_an,
        parent=world.other,
    )
    filed = _public(province=nghe_an)
    assert filed.report.agency == world.other
    assert Notification.objects.filter(
        agency=world.other, message=triage.NEW_REPORT, permission="intel.triage"
    ).exists()


def test_triage_moves_and_counts_verified_reports(world):
    investigator = world.users["investigator"]
    first = make_report(investigator, PHONE)
    second = make_report(investigator, PHONE)
    phone = Indicator.objects.get(kind="phone")
    look = selectors.public_lookup("phone", PHONE.value)
    assert (look.reports, look.verified, look.verified_reports, look.unverified_reports) == (
        2,
        False,
        0,
        2,
    )
    queue = triage.queue(investigator)
    assert queue.counts["new"] == 2
    _triage(actor=investigator, report=first, status="assigned")
    look = selectors.public_lookup("phone", PHONE.value)
    assert (look.verified, look.verified_reports, look.unverified_reports) == (True, 1, 1)
    _triage(actor=investigator, report=second, status="merged", merged_into=first)
    look = selectors.public_lookup("phone", PHONE.value)
    assert (look.verified_reports, look.unverified_reports) == (1, 0)
    # Closing the accepted one as unfounded takes its verification back.
    _triage(actor=investigator, report=first, status="unfounded", note="trùng số")
    phone.refresh_from_db()
    assert (phone.verified_reports, phone.dismissed_reports) == (0, 2)
    assert triage.queue(investigator).counts == {
        "new": 0,
        "assigned": 0,
        "merged": 1,
        "unfounded": 1,
    }


@override("en")
def test_bad_triage_is_refused_with_nothing_changed(world):
    investigator = world.users["investigator"]
    report = make_report(investigator)
    theirs = make_report(world.other_users["investigator"])
    with pytest.raises(ValidationError, match="Say why"):
        _triage(actor=investigator, report=report, status="unfounded")
    with pytest.raises(ValidationError, match="another report"):
        _triage(actor=investigator, report=report, status="merged", merged_into=report)
    with pytest.raises(ValidationError, match="no such report"):
        _triage(actor=investigator, report=report, status="merged", merged_into=theirs)
    with pytest.raises(ValidationError, match="Assign an officer"):
        _triage(
            actor=investigator,
            report=report,
            status="assigned",
            assignee=world.other_users["investigator"],
        )
    with pytest.raises(PermissionDenied):
        _triage(actor=world.users["analyst"], report=report, status="assigned")
    with pytest.raises(PermissionDenied):
        _triage(actor=investigator, report=theirs, status="assigned")
    assert Report.objects.get(pk=report.pk).status == "new"


def test_reporter_follows_the_status_with_reference_and_secret_only(world):
    filed = _public()
    code, secret = filed.report.follow_code, filed.follow_secret
    assert code.startswith("TG-")
    assert len(secret) >= 20
    stored = Report.objects.get(pk=filed.report.pk)
    assert stored.follow_secret_hash != secret
    assert secret not in stored.follow_secret_hash
    with override("en"):
        assert "waiting" in triage.follow_status(code.lower(), secret)
        with pytest.raises(triage.FollowRefused, match="No report matches"):
            triage.follow_status(code, secret + "x")
        with pytest.raises(triage.FollowRefused, match="No report matches"):
            triage.follow_status("TG-AAAA-AAAA", secret)


def test_guessing_a_secret_locks_the_reference(world):
    filed = _public()
    code = filed.report.follow_code
    for _ in range(triage.MAX_FOLLOW_FAILURES):
        with pytest.raises(triage.FollowRefused):
            triage.follow_status(code, "guess")
    # Even the right secret is refused once the reference is locked.
    with override("en"), pytest.raises(triage.FollowRefused, match="Too many"):
        triage.follow_status(code, filed.follow_secret)


def test_public_pages_report_follow_and_see_only_the_status(world, client_for):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        "/report/",
        {
            "type": "investment",
            "province": Province.objects.get(code="nghe-an").pk,
            "narrative": "Lừa đầu tư",
            "amount_lost_vnd": "5000000",
            "ind-TOTAL_FORMS": "1",
            "ind-INITIAL_FORMS": "0",
            "ind-0-kind": "phone",
            "ind-0-value": "0912 345 678",
        },
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "no-store" in response["Cache-Control"]
    report = Report.objects.get()
    assert report.agency == world.other
    text = response.content.decode()
    assert report.follow_code in text
    secret = text.split('data-testid="follow-secret">')[1].split("<")[0]
    _triage(actor=world.other_users["investigator"], report=report, status="assigned")
    status = client.post("/report/status/", {"code": report.follow_code, "secret": secret})
    body = status.content.decode()
    assert "Accepted: an officer is handling it." in body
    assert world.other.name_en not in body
    assert "investigator" not in body
    wrong = client.post("/report/status/", {"code": report.follow_code, "secret": "nope"})
    assert wrong.status_code == 400
    assert "No report matches" in wrong.content.decode()
    staff = client_for(world.other_users["investigator"])
    queue = staff.get("/intel/triage/?status=assigned").content.decode()
    assert report.reference in queue


def test_dispute_upheld_clears_the_indicator(world):
    investigator = world.users["investigator"]
    report = make_report(investigator, PHONE)
    _triage(actor=investigator, report=report, status="assigned")
    with override("en"), pytest.raises(ValidationError, match="nothing to dispute"):
        actions.dispute_open(
            data=actions.DisputeInput(kind="phone", value="0987 654 321", statement="mine")
        )
    dispute = make_dispute(world)
    assert Dispute.objects.get(pk=dispute.pk).statement == "Số này là của tôi từ năm 2015."
    with pytest.raises(PermissionDenied):
        actions.dispute_answer(
            actor=world.other_users["investigator"], dispute=dispute, uphold=True, answer="x"
        )
    actions.dispute_answer(actor=investigator, dispute=dispute, uphold=True, answer="đã xác minh")
    look = selectors.public_lookup("phone", PHONE.value)
    assert look.cleared
    assert not look.verified
    assert look.verified_reports == 0
    with pytest.raises(ValidationError):
        actions.dispute_answer(actor=investigator, dispute=dispute, uphold=False, answer="again")


def test_dispute_page_is_public_and_refuses_unknown_numbers(world):
    make_report(world.users["investigator"], PHONE)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    bad = client.post(
        "/lookup/dispute/", {"kind": "phone", "value": "0987 654 321", "statement": "mine"}
    )
    assert bad.status_code == 400
    assert "nothing to dispute" in bad.content.decode()
    good = client.post(
        "/lookup/dispute/", {"kind": "phone", "value": PHONE.value, "statement": "mine"}
    )
    assert good.status_code == 200
    assert "KN-" in good.content.decode()
    assert Dispute.objects.count() == 1
