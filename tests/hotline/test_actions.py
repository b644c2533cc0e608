"""Calls, tracing requests, ransom demands, evidence, status and the family's follow-up,
through the actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ctip.core import follow
from ctip.core.models import AuditEvent, Notification, Province
from ctip.core.values import read_money
from ctip.hotline import actions, selectors
from ctip.hotline.models import Call, FamilyNotice, RansomDemand, TracingRequest
from tests.hotline.factories import make_call, make_request, record_request
from tests.intel.factories import make_bank

pytestmark = pytest.mark.django_db


def _raw(table: str, column: str, pk: int) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return str(cursor.fetchone()[0])


@pytest.fixture
def operator(world):
    return world.users["hotline_operator"]


@pytest.fixture
def police(world):
    return world.users["investigator"]


def test_an_anonymous_call_is_logged_and_its_caller_stays_encrypted(operator) -> None:
    call = make_call(operator, summary="Con tôi bị giữ ở Campuchia")
    assert call.anonymous
    named = make_call(operator, caller_name="Trần Thị Hoa", caller_phone="0987 654 321")
    assert not named.anonymous
    assert "Hoa" not in _raw("hotline_call", "caller_name", named.pk)
    assert AuditEvent.objects.filter(event_type="HOTLINE_CALL_LOGGED").count() == 2


def test_a_call_without_its_closed_choices_is_refused_in_words_and_not_written(operator) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.call_log(
            actor=operator,
            data=actions.CallInput(
                channel="", caller_type="robot", language="vi", topic="ransom", outcome="callback"
            ),
        )
    errors = refused.value.message_dict
    assert set(errors) >= {"channel", "caller_type", "callback_at"}
    assert Call.objects.count() == 0


def test_a_callback_due_is_in_the_operators_worklist_until_done(operator) -> None:
    from ctip.hotline.worklist import items

    soon = timezone.now() + dt.timedelta(minutes=1)
    call = make_call(operator, outcome="callback", callback_at=soon)
    assert selectors.callbacks_due(operator).count() == 1
    Call.objects.filter(pk=call.pk).update(callback_at=timezone.now() - dt.timedelta(minutes=1))
    assert [i.count for i in items(operator) if i.url.endswith("/callbacks/")] == [1]
    actions.call_called_back(actor=operator, call=call)
    assert selectors.callbacks_due(operator).count() == 0
    with pytest.raises(ValidationError):
        actions.call_called_back(actor=operator, call=call)


def test_a_call_opens_a_case_and_a_report_once_without_retyping(operator) -> None:
    call = make_call(
        operator,
        caller_type="victim",
        caller_name="Lê Văn Cường",
        caller_phone="0912 000 111",
        summary="Bị lừa sang Campuchia, vừa trốn về",
        topic="support",
    )
    case_id = actions.call_open_case(actor=operator, call=call)
    assert actions.call_open_case(actor=operator, call=call) == case_id
    report_id = actions.call_open_report(actor=operator, call=call)
    call.refresh_from_db()
    assert (call.case_id, call.report_id) == (case_id, report_id)
    from ctip.cases.models import Case
    from ctip.intel.models import Report

    case = Case.objects.select_related("person").get(pk=case_id)
    assert case.person.full_name == "Lê Văn Cường"
    assert case.intake_channel == "hotline"
    assert Report.objects.get(pk=report_id).narrative == "Bị lừa sang Campuchia, vừa trốn về"


def test_a_request_goes_to_the_police_of_the_province_and_they_are_told(world, operator) -> None:
    call = make_call(operator)
    recorded = record_request(operator, call=call, violence=True)
    row = recorded.request
    assert row.police == world.agency
    assert row.urgency == 8
    assert Call.objects.get(pk=call.pk).request_id == row.pk
    assert Notification.objects.filter(agency=world.agency, message="hotline.request_assigned")
    assert "Văn" not in _raw("hotline_tracingrequest", "full_name", row.pk)
    # The secret is returned once, stored hashed.
    assert row.follow_secret_hash == follow.secret_hash(recorded.secret)


def test_a_request_of_another_province_goes_to_its_police(world, operator) -> None:
    row = make_request(operator, home_province=Province.objects.get(code="nghe-an"))
    assert row.police == world.other


def test_a_request_without_a_name_is_refused_in_words(operator) -> None:
    with pytest.raises(ValidationError) as refused:
        record_request(operator, "  ", departure_mode="teleport", birth_year=1800)
    assert set(refused.value.message_dict) == {"full_name", "departure_mode", "birth_year"}
    assert TracingRequest.objects.count() == 0


def test_urgency_orders_the_queue(operator, police) -> None:
    calm = make_request(operator, "Phạm Văn Dũng")
    urgent = make_request(operator, "Hoàng Văn Em", minor=True, violence=True)
    medical = make_request(operator, "Đỗ Thị Giang", medical=True)
    assert [r.reference for r in selectors.queue(police).rows] == [
        urgent.follow_code,
        medical.follow_code,
        calm.follow_code,
    ]


def test_a_ransom_deadline_coming_within_three_days_raises_the_request_without_a_write(
    world, operator, police
) -> None:
    make_bank(world.national)
    medical = make_request(operator, "Đỗ Thị Giang", medical=True)
    ransom = make_request(operator, "Hoàng Văn Em")
    deadline = timezone.now() + dt.timedelta(days=5)
    actions.ransom_record(
        actor=operator,
        request=ransom,
        data=actions.RansomInput(
            account_kind="bank_account", account="0011.0012.3456", bank="VCB", deadline=deadline
        ),
    )
    ransom.refresh_from_db()
    stored = (ransom.urgency, TracingRequest.objects.get(pk=medical.pk).urgency)
    assert stored == (2, 2)
    today = selectors.queue(police)
    assert [(r.reference, r.urgency) for r in today.rows] == [
        (medical.follow_code, 2),
        (ransom.follow_code, 2),
    ]
    later = selectors.queue(police, now=deadline - dt.timedelta(days=2))
    assert [(r.reference, r.urgency) for r in later.rows] == [
        (ransom.follow_code, 4),
        (medical.follow_code, 2),
    ]
    # Nothing was written to get there.
    ransom.refresh_from_db()
    assert ransom.urgency == 2


def test_a_ransom_account_as_typed_becomes_an_indicator_and_a_freeze_in_one_step(
    world, operator, police
) -> None:
    bank = make_bank(world.national)
    row = make_request(operator)
    # The operator records it: the account feeds intel; no freeze (no permission).
    deadline = timezone.now() + dt.timedelta(hours=20)
    first = actions.ransom_record(
        actor=operator,
        request=row,
        data=actions.RansomInput(
            account_kind="bank_account",
            account="0011.0012.3456",
            bank="Vietcombank",
            amount=read_money("100 triệu"),
            deadline=deadline,
        ),
    )
    assert first.demand.indicator_id
    assert first.demand.amount_vnd == 100_000_000
    row.refresh_from_db()
    assert row.ransom_deadline == deadline
    assert row.urgency == 4
    with pytest.raises(PermissionDenied):
        actions.ransom_record(
            actor=operator,
            request=row,
            data=actions.RansomInput(
                account_kind="bank_account",
                account="0011 0012 3456",
                bank="VCB",
                freeze=True,
                legal_basis="Điều 150",
            ),
        )
    # The police record the next demand and ask for the freeze in the same step.
    second = actions.ransom_record(
        actor=police,
        request=row,
        data=actions.RansomInput(
            account_kind="bank_account",
            account="001100123456",
            bank="VCB",
            amount=read_money("1,5 tỷ"),
            freeze=True,
            legal_basis="Điều 150 Bộ luật Hình sự",
        ),
    )
    assert second.freeze_requests
    from ctip.intel.models import FreezeRequest

    sent = FreezeRequest.objects.get(pk=second.demand.freeze_request_ids[0])
    assert sent.institution == bank
    assert second.demand.indicator_id == first.demand.indicator_id


def test_an_account_no_institution_holds_is_refused_and_nothing_is_written(
    operator, police
) -> None:
    row = make_request(operator)
    with pytest.raises(ValidationError) as refused:
        actions.ransom_record(
            actor=police,
            request=row,
            data=actions.RansomInput(
                account_kind="bank_account",
                account="0011 0012 3456",
                bank="Vietcombank",
                freeze=True,
                legal_basis="Điều 150",
            ),
        )
    assert "indicators" in refused.value.message_dict
    assert RansomDemand.objects.count() == 0


def test_an_unreadable_account_is_refused_with_the_reason(operator) -> None:
    row = make_request(operator)
    with pytest.raises(ValidationError) as refused:
        actions.ransom_record(
            actor=operator,
            request=row,
            data=actions.RansomInput(account_kind="bank_account", account="abc", bank="???"),
        )
    assert "account" in refused.value.message_dict
    assert RansomDemand.objects.count() == 0


def test_evidence_is_sealed_with_its_hash_and_a_lying_extension_is_refused(operator) -> None:
    import hashlib

    row = make_request(operator)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 40
    item = actions.evidence_add(
        actor=operator, request=row, data=actions.EvidenceInput("beaten.png", png)
    )
    assert item.sha256 == hashlib.sha256(png).hexdigest()
    assert actions.evidence_read(actor=operator, item=item) == png
    with pytest.raises(ValidationError) as refused:
        actions.evidence_add(
            actor=operator, request=row, data=actions.EvidenceInput("photo.jpg", b"%PDF-1.4 x")
        )
    assert "PDF" in refused.value.message_dict["file"][0]
    with pytest.raises(ValidationError):
        actions.evidence_add(
            actor=operator, request=row, data=actions.EvidenceInput("a.exe", b"MZ\x90\x00")
        )


def test_the_family_follows_the_status_and_is_texted_at_each_change(operator, police) -> None:
    recorded = record_request(operator)
    row = recorded.request
    seen = selectors.family_status(row.follow_code.lower(), recorded.secret)
    assert seen.reference == row.follow_code
    assert "Đã tiếp nhận" in seen.status
    actions.request_status(
        actor=police,
        request=row,
        data=actions.StatusInput("verifying", note="Nguồn tin: người quen ở Bavet"),
    )
    seen = selectors.family_status(row.follow_code, recorded.secret)
    assert "đang xác minh" in seen.status
    assert "Bavet" not in str(seen)
    assert FamilyNotice.objects.filter(request=row).count() == 2
    assert all("An" not in n.body for n in FamilyNotice.objects.all())


def test_a_guessed_reference_or_secret_says_nothing_about_which(operator) -> None:
    recorded = record_request(operator)
    with pytest.raises(follow.FollowRefused) as wrong_secret:
        selectors.family_status(recorded.request.follow_code, "guess")
    with pytest.raises(follow.FollowRefused) as unknown:
        selectors.family_status("TR-AAAA-AAAA", "guess")
    assert str(wrong_secret.value) == str(unknown.value)


def test_status_moves_only_forward_and_only_for_the_police(operator, police) -> None:
    row = make_request(operator)
    with pytest.raises(PermissionDenied):
        actions.request_status(actor=operator, request=row, data=actions.StatusInput("located"))
    with pytest.raises(ValidationError):
        actions.request_status(actor=police, request=row, data=actions.StatusInput("returned"))
    actions.request_status(actor=police, request=row, data=actions.StatusInput("located"))
    row.refresh_from_db()
    assert row.located_at is not None


def test_another_agency_cannot_touch_a_request(world, operator) -> None:
    row = make_request(operator)
    stranger = world.other_users["investigator"]
    with pytest.raises(PermissionDenied):
        actions.request_status(actor=stranger, request=row, data=actions.StatusInput("located"))
    with pytest.raises(PermissionDenied):
        actions.ransom_record(
            actor=stranger,
            request=row,
            data=actions.RansomInput(account_kind="phone", account="0912345678"),
        )
    assert not selectors.requests(stranger).exists()


def test_a_second_request_for_the_same_person_names_the_first(operator) -> None:
    first = make_request(operator, "Nguyễn Văn Tú", birth_year=2001)
    second = record_request(operator, "Tu Nguyen Van", birth_year=2001)
    assert second.similar == (first.follow_code,)


def test_figures_count_calls_by_month_with_the_year_before_and_requests_by_status(
    operator, police
) -> None:
    from ctip.hotline import figures

    now = timezone.now()
    make_call(operator, channel="zalo")
    make_call(operator, channel="phone", province=None)
    old = make_call(operator, channel="zalo")
    Call.objects.filter(pk=old.pk).update(
        taken_at=now.replace(year=now.year - 1, day=min(now.day, 28))
    )
    month = figures.calls_by_month(timezone.localdate(), timezone.localdate())[0]
    assert (month.total, month.total_year_before) == (2, 1)
    zalo = next(c for c in month.by["channel"] if c.value == "zalo")
    assert (zalo.count, zalo.year_before, zalo.change) == (1, 1, 0)
    assert {c.value for c in month.by["province"]} >= {"ha-noi", ""}
    row = make_request(operator)
    actions.request_status(actor=police, request=row, data=actions.StatusInput("located"))
    summary = figures.requests_summary(timezone.localdate(), timezone.localdate())
    assert summary.by_status["located"] == 1
    assert summary.located == 1
    assert summary.median_days_to_locate is not None
