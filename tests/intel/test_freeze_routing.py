"""Freeze requests reach the institution holding each account and come back per account."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from ctip.core import actions as core_actions
from ctip.core.models import AgencyType, AuditEvent, Notification
from ctip.intel import actions, freezing
from ctip.intel.actions import IndicatorInput
from ctip.intel.models import FreezeAccount, FreezeRequest, Indicator, InstitutionCode
from tests.conftest import PASSWORD
from tests.intel.factories import make_bank, make_report

VCB = IndicatorInput("bank_account", "0011 0012 3456", bank="Vietcombank")
TCB = IndicatorInput("bank_account", "1903 5566 7788 01", bank="Techcombank")
PHONE = IndicatorInput("phone", "0323 456 789")  # a Viettel range


@pytest.fixture
def banks(world):
    vcb = make_bank(world.national, "t-vcb", bin="970436", name="VCB")
    tcb = make_bank(world.national, "t-tcb", bin="970407", name="TCB")
    liaisons = {
        bank.code: core_actions.user_create(
            actor=None,
            agency=bank,
            username=f"liaison-{bank.code}",
            password=PASSWORD,
            roles=["liaison"],
        )
        for bank in (vcb, tcb)
    }
    return vcb, tcb, liaisons


def _accounts(report):
    return list(Indicator.objects.filter(named_in=report).order_by("key"))


def _issue(world, indicators, report):
    return actions.freeze_requests_issue(
        actor=world.users["investigator"],
        data=actions.FreezeRequestInput(
            indicators=indicators,
            reports=[report],
            legal_basis="Điều 12 Luật Phòng, chống rửa tiền",
            deadline=timezone.now() + dt.timedelta(days=2),
        ),
    )


def test_each_account_goes_to_its_bank_and_answers_come_back_per_account(world, banks):
    vcb, tcb, liaisons = banks
    report = make_report(world.users["investigator"], VCB, TCB)
    sent = _issue(world, _accounts(report), report)
    assert {r.institution for r in sent} == {vcb, tcb}
    for request in sent:
        assert request.accounts.count() == 1
        assert Notification.objects.filter(
            agency=request.institution, message=freezing.ISSUED, permission="intel.answer_freeze"
        ).exists()
    by_bank = {r.institution.code: r for r in sent}
    row = FreezeAccount.objects.get(request=by_bank["t-vcb"])
    # The other bank's liaison cannot answer for this account.
    with pytest.raises(PermissionDenied):
        actions.freeze_account_answer(
            actor=liaisons["t-tcb"],
            account=row,
            data=actions.AccountAnswerInput(outcome="frozen", amount_held_vnd=1),
        )
    actions.freeze_account_answer(
        actor=liaisons["t-vcb"],
        account=row,
        data=actions.AccountAnswerInput(outcome="frozen", amount_held_vnd=150_000_000),
    )
    done = FreezeRequest.objects.get(pk=by_bank["t-vcb"].pk)
    assert done.status == "done"
    assert done.amount_held_vnd == 150_000_000
    assert done.time_to_freeze is not None
    assert Notification.objects.filter(
        agency=world.agency, message=freezing.ANSWERED, permission="intel.request_freeze"
    ).exists()
    with pytest.raises(ValidationError):
        actions.freeze_account_answer(
            actor=liaisons["t-vcb"], account=row, data=actions.AccountAnswerInput(outcome="closed")
        )
    other = FreezeAccount.objects.get(request=by_bank["t-tcb"])
    with override("en"), pytest.raises(ValidationError, match="Say why"):
        actions.freeze_account_answer(
            actor=liaisons["t-tcb"],
            account=other,
            data=actions.AccountAnswerInput(outcome="refused"),
        )
    actions.freeze_account_answer(
        actor=liaisons["t-tcb"], account=other, data=actions.AccountAnswerInput(outcome="not_found")
    )
    assert FreezeRequest.objects.get(pk=by_bank["t-tcb"].pk).status == "rejected"
    # Release and return to victims, never more than was frozen.
    row.refresh_from_db()
    actions.freeze_account_return(actor=liaisons["t-vcb"], account=row, amount_vnd=100_000_000)
    with pytest.raises(ValidationError):
        actions.freeze_account_return(actor=liaisons["t-vcb"], account=row, amount_vnd=60_000_000)
    actions.freeze_account_release(actor=liaisons["t-vcb"], account=row)
    row.refresh_from_db()
    assert row.returned_vnd == 100_000_000
    assert row.released_at is not None
    assert AuditEvent.objects.filter(event_type="FREEZE_FUNDS_RETURNED").exists()


@override("en")
def test_accounts_no_institution_holds_are_refused_and_nothing_is_sent(world, banks):
    report = make_report(world.users["investigator"], VCB, PHONE)
    with pytest.raises(ValidationError, match="operator viettel is not on the platform"):
        _issue(world, _accounts(report), report)
    assert not FreezeRequest.objects.exists()
    telco = core_actions.agency_create(
        actor=None, code="t-viettel", type=AgencyType.TELCO, name_vi="Viettel", name_en="Viettel"
    )
    InstitutionCode.objects.create(agency=telco, kind="telco", code="viettel")
    assert {r.institution.code for r in _issue(world, _accounts(report), report)} == {
        "t-vcb",
        "t-viettel",
    }


@override("en")
def test_an_account_of_the_wrong_bank_is_refused(world, banks):
    _vcb, tcb, _liaisons = banks
    report = make_report(world.users["investigator"], VCB)
    with pytest.raises(ValidationError, match="held by VCB, not by TCB"):
        actions.freeze_request_issue(
            actor=world.users["investigator"],
            data=actions.FreezeRequestInput(
                institution=tcb,
                indicators=_accounts(report),
                reports=[report],
                legal_basis="x",
                deadline=timezone.now() + dt.timedelta(days=1),
            ),
        )
    assert not FreezeRequest.objects.exists()


def test_liaisons_are_reminded_once_before_the_deadline(world, banks):
    report = make_report(world.users["investigator"], VCB)
    (request,) = actions.freeze_requests_issue(
        actor=world.users["investigator"],
        data=actions.FreezeRequestInput(
            indicators=_accounts(report),
            reports=[report],
            legal_basis="x",
            deadline=timezone.now() + dt.timedelta(hours=30),
        ),
    )
    assert actions.freeze_requests_remind() == 0
    later = timezone.now() + dt.timedelta(hours=10)
    assert actions.freeze_requests_remind(later) == 1
    assert actions.freeze_requests_remind(later) == 0
    assert (
        Notification.objects.filter(agency=request.institution, message=freezing.REMINDER).count()
        == 1
    )


def test_api_issues_and_answers_per_account(world, banks):
    vcb, _tcb, liaisons = banks
    report = make_report(world.users["investigator"], VCB, TCB)
    investigator = core_actions.token_create(
        actor=None, user=world.users["investigator"], name="t", scopes=["intel.request_freeze"]
    ).secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {investigator}")
    body = {
        "indicators": [i.pk for i in _accounts(report)],
        "reports": [report.pk],
        "legal_basis": "x",
        "deadline": (timezone.now() + dt.timedelta(days=1)).isoformat(),
    }
    response = client.post("/api/v1/intel/freeze-requests", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert {r["institution"] for r in response.json()} == {"t-vcb", "t-tcb"}
    bad = client.post(
        "/api/v1/intel/freeze-requests",
        {**body, "indicators": [999999]},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad["Content-Type"] == "application/problem+json"
    request = FreezeRequest.objects.get(institution=vcb)
    row = FreezeAccount.objects.get(request=request)
    liaison = core_actions.token_create(
        actor=None, user=liaisons["t-vcb"], name="t", scopes=["intel.answer_freeze"]
    ).secret
    answer = Client(HTTP_AUTHORIZATION=f"Bearer {liaison}").post(
        f"/api/v1/intel/freeze-requests/{request.pk}/accounts/{row.pk}/answer",
        {"outcome": "frozen", "amount_held_vnd": 150_000_000},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["accounts"][0]["amount_held_vnd"] == 150_000_000
    assert answer.json()["status"] == "done"


def test_remind_command(world, banks):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("intel", "remind", stdout=out)
    assert "0 freeze requests reminded." in out.getvalue()
