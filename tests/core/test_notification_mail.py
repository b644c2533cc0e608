"""Notices reach people by e-mail too (a real SMTP server on loopback), carry a link and a
sentence only, and resolve themselves when the item they announce is handled."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ctip.cases import actions as case_actions
from ctip.cases import notices as case_notices
from ctip.core import actions, selectors
from ctip.core.models import Notification, User
from ctip.intel import actions as intel_actions
from ctip.intel import freezing
from ctip.intel import notices as intel_notices
from tests.cases.factories import make_case, make_decision, make_referral, to_identification
from tests.conftest import PASSWORD, sign_in
from tests.intel.factories import make_bank, make_freeze


def _with_emails(world) -> dict[str, str]:
    addresses = {}
    for role, user in world.users.items():
        address = f"{role}@police.example.vn"
        User.objects.filter(pk=user.pk).update(email=address)
        addresses[role] = address
    return addresses


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def test_a_notice_is_emailed_with_a_link_and_no_personal_data(
    world, smtp_server, django_capture_on_commit_callbacks
):
    mail = _with_emails(world)
    User.objects.filter(pk=world.users["supervisor"].pk).update(preferred_language="en")
    worker = world.users["case_worker"]
    case = make_case(worker, name="Nguyễn Văn An")
    with django_capture_on_commit_callbacks(execute=True):
        to_identification(world, case)
    [message] = smtp_server.to(mail["supervisor"])
    body = _body(message)
    assert "https://ctip.example.vn/notifications/" in body
    assert "A new notice is waiting for you" in body
    for private in ("Nguyễn", "An", case.reference):
        assert private not in body
        assert private not in message["Subject"]
    # Only those who may identify are told: not the worker, not the auditor.
    assert smtp_server.to(mail["case_worker"]) == []
    assert smtp_server.to(mail["auditor"]) == []


def test_the_email_is_in_the_readers_language(
    world, smtp_server, django_capture_on_commit_callbacks
):
    mail = _with_emails(world)
    with django_capture_on_commit_callbacks(execute=True):
        make_decision(world)
    [message] = smtp_server.to(mail["supervisor"])
    assert "Có thông báo mới" in _body(message) or "thông báo mới" in _body(message)


def test_case_awaiting_identification_resolves_when_decided(world):
    worker, supervisor = world.users["case_worker"], world.users["supervisor"]
    case = to_identification(world, make_case(worker))
    awaiting = Notification.objects.get(message=case_notices.AWAITING_IDENTIFICATION)
    assert awaiting.permission == "cases.identify"
    assert selectors.unread_count(supervisor) == 1
    assert selectors.unread_count(worker) == 0
    case_actions.identification_decide(
        actor=supervisor,
        case=case,
        data=case_actions.DecisionInput(
            outcome="victim",
            legal_basis="Law 53/2024/QH15",
            evidence=["interview"],
            decided_on=timezone.localdate(),
        ),
    )
    awaiting.refresh_from_db()
    assert awaiting.resolved_at is not None


def test_decision_awaiting_approval_goes_to_approvers_only_and_resolves(world):
    decision = make_decision(world)
    notice = Notification.objects.get(message=case_notices.DECIDED)
    assert (notice.agency_id, notice.permission) == (world.agency.pk, "cases.approve")
    assert selectors.unread_count(world.users["case_worker"]) == 0
    second = actions.user_create(
        actor=None,
        agency=world.agency,
        username="second-supervisor",
        password=PASSWORD,
        roles=["supervisor"],
    )
    assert selectors.unread_count(second) >= 1
    case_actions.identification_approve(actor=second, decision=decision)
    notice.refresh_from_db()
    assert notice.resolved_at is not None
    assert notice.read_at is not None


def test_referral_waiting_resolves_when_answered(world):
    referral = make_referral(world)
    waiting = Notification.objects.get(message=case_notices.REFERRAL_SENT)
    assert waiting.resolved_at is None
    case_actions.referral_answer(
        actor=world.users["case_worker"], referral=referral, answer="accept"
    )
    waiting.refresh_from_db()
    assert waiting.resolved_at is not None


def test_freeze_request_notified_reminded_once_and_resolved(
    world, smtp_server, django_capture_on_commit_callbacks
):
    bank_liaison = actions.user_create(
        actor=None,
        agency=make_bank(world.agency),
        username="bank-liaison",
        password=PASSWORD,
        roles=["liaison"],
        email="liaison@bank.example.vn",
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = make_freeze(world, deadline=timezone.now() + dt.timedelta(hours=5))
    issued = Notification.objects.get(message=freezing.ISSUED)
    assert issued.permission == "intel.answer_freeze"
    assert len(smtp_server.to(bank_liaison.email)) == 1
    far = make_freeze(world, deadline=timezone.now() + dt.timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("intel", "remind", "--hours", "24")
        call_command("intel", "remind", "--hours", "24")
    due = Notification.objects.filter(message=freezing.REMINDER)
    assert [n.key for n in due] == [intel_notices.freeze_key(request.pk)]
    assert len(smtp_server.to(bank_liaison.email)) == 2
    assert far.pk != request.pk
    intel_actions.freeze_request_answer(
        actor=bank_liaison,
        request=request,
        data=intel_actions.FreezeAnswerInput(status="done", amount_held_vnd=0),
    )
    assert not Notification.objects.filter(
        key=intel_notices.freeze_key(request.pk), resolved_at__isnull=True
    ).exists()
    inbox = sign_in(Client(), bank_liaison)
    inbox.cookies["ctip_language"] = "en"
    assert "Handled" in inbox.get("/notifications/").content.decode()


def test_a_mail_server_that_is_down_does_not_stop_the_work(
    world, settings, django_capture_on_commit_callbacks
):
    _with_emails(world)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with django_capture_on_commit_callbacks(execute=True):
        decision = make_decision(world)
    assert Notification.objects.filter(key=case_notices.decision_key(decision.pk)).exists()
