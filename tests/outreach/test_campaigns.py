"""Subscriber lists, campaigns and their sending to a loopback SMSC."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ctip.outreach import actions, sending
from ctip.outreach.actions import ScheduleInput
from ctip.outreach.models import (
    CampaignState,
    DoNotContact,
    Message,
    MessageState,
    Subscriber,
)
from ctip.outreach.sms import SmppConfig, SmppGateway
from tests.conftest import World
from tests.outreach import factories as f
from tests.smsc import LoopbackSmsc


def _officer(world: World):  # type: ignore[no-untyped-def]
    return world.users["communication_officer"]


def _gateway(smsc: LoopbackSmsc, **kw: object) -> SmppGateway:
    return SmppGateway(SmppConfig("127.0.0.1", smsc.port, "ctip", "x", timeout=2, **kw))  # type: ignore[arg-type]


def test_an_import_reports_each_bad_row_and_keeps_one_subscriber_a_number(world: World) -> None:
    result = actions.subscriber_list_import(
        actor=_officer(world), data=actions.ListImportInput("Thanh niên", f.CSV.encode())
    )
    assert result.imported == 3
    assert [e.row for e in result.errors] == [5, 6, 7]
    messages = [e.message for e in result.errors]
    assert messages[0] == "This is not a Vietnamese mobile number."
    assert "No consent" in messages[1]
    assert "Atlantis" in messages[2]
    phones = sorted(s.phone for s in Subscriber.objects.all())
    assert phones == ["+84912345678", "+84913000111", "+84987654321"]
    # The same file again updates, adds nothing.
    again = actions.subscriber_list_import(
        actor=_officer(world), data=actions.ListImportInput("Thanh niên", f.CSV.encode())
    )
    assert (again.imported, again.updated) == (0, 3)


def test_a_file_without_the_columns_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="columns"):
        actions.subscriber_list_import(
            actor=_officer(world), data=actions.ListImportInput("x", b"tel,tinh\n0912345678,HN\n")
        )


def test_only_the_permission_imports(world: World) -> None:
    with pytest.raises(PermissionDenied):
        actions.subscriber_list_import(
            actor=world.users["case_worker"], data=actions.ListImportInput("x", f.CSV.encode())
        )


def test_the_preview_counts_parts_and_cost_of_the_unaccented_variant(world: World) -> None:
    lst = f.subscriber_list(_officer(world))
    campaign = f.campaign(_officer(world), lst, variant="vi_plain")
    preview = actions.preview(campaign)
    assert preview.text.startswith("Canh bao: viec nhe luong cao o Campuchia")
    assert (preview.encoding, preview.parts) == ("gsm7", 1)
    assert preview.recipients == 2  # Hà Nội only
    assert preview.cost == 2 * 850
    accented = f.campaign(_officer(world), lst, variant="vi")
    assert (actions.preview(accented).encoding, actions.preview(accented).parts) == ("ucs2", 2)


def test_a_template_too_long_for_its_encoding_is_refused(world: World) -> None:
    lst = f.subscriber_list(_officer(world))
    with pytest.raises(ValidationError, match="parts"):
        f.campaign(_officer(world), lst, variant="vi", max_parts=1)
    with pytest.raises(ValidationError, match="GSM-7 cannot carry"):
        f.campaign(_officer(world), lst, variant="vi", encoding="gsm7")


def test_a_schedule_outside_the_hours_is_refused(world: World) -> None:
    lst = f.subscriber_list(_officer(world))
    campaign = f.campaign(_officer(world), lst)
    for hour, minute in ((22, 0), (23, 30), (6, 59)):
        with pytest.raises(ValidationError, match="07:00 and 22:00"):
            actions.campaign_schedule(
                actor=_officer(world),
                campaign_id=campaign.pk,
                data=ScheduleInput(f.tomorrow_at(hour, minute)),
            )
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT


def _shift_to(hour: int) -> int:
    """Seconds that set the sending clock back to the last ``hour``:00 in Viet Nam."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    target = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if target > now:
        target -= timedelta(days=1)
    return int((target - now).total_seconds())


def test_a_start_now_is_judged_by_the_instance_clock(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    lst = f.subscriber_list(_officer(world))
    campaign = f.campaign(_officer(world), lst)
    settings.CTIP_OUTREACH_CLOCK_SHIFT = _shift_to(23)
    with pytest.raises(ValidationError, match="07:00 and 22:00"):
        actions.campaign_schedule(
            actor=_officer(world), campaign_id=campaign.pk, data=ScheduleInput(None)
        )
    settings.CTIP_OUTREACH_CLOCK_SHIFT = _shift_to(10)
    actions.campaign_schedule(
        actor=_officer(world), campaign_id=campaign.pk, data=ScheduleInput(None)
    )
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.SCHEDULED


def test_another_agency_cannot_schedule_it(world: World) -> None:
    lst = f.subscriber_list(_officer(world))
    campaign = f.campaign(_officer(world), lst)
    from django.http import Http404

    with pytest.raises(Http404):
        actions.campaign_schedule(
            actor=world.other_users["communication_officer"],
            campaign_id=campaign.pk,
            data=ScheduleInput(f.tomorrow_at(9)),
        )


def _scheduled(world: World, **kw: object):  # type: ignore[no-untyped-def]
    lst = f.subscriber_list(_officer(world))
    campaign = f.campaign(_officer(world), lst, **kw)
    actions.campaign_schedule(
        actor=_officer(world), campaign_id=campaign.pk, data=ScheduleInput(f.tomorrow_at(9))
    )
    return campaign


def _nine() -> object:
    return f.tomorrow_at(9)


def _drain(gateway: SmppGateway, want: int) -> None:
    deadline = time.monotonic() + 30  # ends as soon as all is in; long for a loaded machine
    while time.monotonic() < deadline:
        gateway.listen(0.1)
        sending.apply_inbound(gateway.take_inbound())
        if Message.objects.filter(state=MessageState.DELIVERED).count() >= want:
            return


def test_a_campaign_to_one_province_reaches_the_smsc_and_receipts_become_reach(
    world: World, smsc: LoopbackSmsc
) -> None:
    campaign = _scheduled(world, variant="vi_plain")
    gateway = _gateway(smsc)
    report = sending.send(campaign.pk, gateway=gateway, now=_nine, receipt_wait=0)
    assert report.state == CampaignState.DONE
    assert sorted(r.destination for r in smsc.received) == ["84912345678", "84987654321"]
    assert all(
        r.text == f.TEXT_VI.replace("Cảnh báo", "Canh bao").split(":")[0] + r.text[8:]
        for r in smsc.received
    )
    assert smsc.received[0].text.startswith("Canh bao: viec nhe luong cao")
    _drain(gateway, 2)
    gateway.close()
    assert Message.objects.filter(state=MessageState.DELIVERED).count() == 2


def test_the_do_not_contact_list_and_an_opt_out_reply_are_honoured(
    world: World, smsc: LoopbackSmsc
) -> None:
    actions.do_not_contact_add(
        actor=_officer(world), data=actions.DoNotContactInput(("0987 654 321",))
    )
    campaign = _scheduled(world)
    gateway = _gateway(smsc)
    report = sending.send(campaign.pk, gateway=gateway, now=_nine, receipt_wait=0)
    assert [r.destination for r in smsc.received] == ["84912345678"]
    assert report.skipped == 1
    smsc.reply("84912345678", "TU CHOI")
    deadline = time.monotonic() + 30  # ends as soon as all is in; long for a loaded machine
    while time.monotonic() < deadline and DoNotContact.objects.count() < 2:
        gateway.listen(0.1)
        sending.apply_inbound(gateway.take_inbound())
    gateway.close()
    assert DoNotContact.objects.count() == 2
    assert DoNotContact.objects.filter(reason="reply").get().phone == "+84912345678"


def test_the_daily_limit_per_number_is_honoured(
    world: World, smsc: LoopbackSmsc, settings: object
) -> None:
    settings.CTIP_SMS_DAILY_LIMIT = 1  # type: ignore[attr-defined]
    first = _scheduled(world)
    gateway = _gateway(smsc)
    sending.send(first.pk, gateway=gateway, now=_nine, receipt_wait=0)
    second = f.campaign(_officer(world), first.lists.get(), name="again")
    actions.campaign_schedule(
        actor=_officer(world), campaign_id=second.pk, data=ScheduleInput(f.tomorrow_at(9))
    )
    report = sending.send(second.pk, gateway=gateway, now=_nine, receipt_wait=0)
    gateway.close()
    assert report.skipped == 2
    assert len(smsc.received) == 2


def test_sending_pauses_at_22_and_sends_nothing(world: World, smsc: LoopbackSmsc) -> None:
    campaign = _scheduled(world)
    report = sending.send(
        campaign.pk, gateway=_gateway(smsc), now=lambda: f.tomorrow_at(22, 5), receipt_wait=0
    )
    assert report.state == CampaignState.PAUSED
    assert smsc.received == []


def test_a_dropped_connection_mid_campaign_resumes_without_sending_anyone_twice(
    world: World, smsc: LoopbackSmsc, settings: object
) -> None:
    settings.CTIP_SMS_BATCH = 5  # type: ignore[attr-defined]
    rows = "".join(f"09120{i:05d},Hà Nội,18_24,sms,yes\n" for i in range(40))
    lst = f.subscriber_list(_officer(world), "phone,province,age_group,channel,consent\n" + rows)
    campaign = f.campaign(_officer(world), lst)
    actions.campaign_schedule(
        actor=_officer(world), campaign_id=campaign.pk, data=ScheduleInput(f.tomorrow_at(9))
    )
    smsc.drop_after(12)
    gateway = _gateway(smsc, window=4)
    report = sending.send(campaign.pk, gateway=gateway, now=_nine, receipt_wait=0)
    gateway.close()
    assert report.state == CampaignState.DONE
    destinations = [r.destination for r in smsc.received]
    assert len(destinations) == len(set(destinations))  # nobody twice
    # The PDUs in flight when the connection fell (at most a window) are not known to
    # have arrived: they are counted apart and never sent again; every other one is sent.
    assert 1 <= report.unknown <= 4
    assert report.submitted + report.unknown == 40
    submitted = {
        m.phone.lstrip("+")
        for m in Message.objects.filter(campaign=campaign, state=MessageState.SUBMITTED)
    }
    assert submitted <= set(destinations)
    assert gateway.binds == 2


def test_a_crash_leaves_no_message_to_be_sent_twice(world: World, smsc: LoopbackSmsc) -> None:
    campaign = _scheduled(world)
    sending.plan(campaign)
    Message.objects.filter(campaign=campaign).update(state=MessageState.SUBMITTING)
    report = sending.send(campaign.pk, gateway=_gateway(smsc), now=_nine, receipt_wait=0)
    assert smsc.received == []
    assert report.unknown == 2


def test_the_listener_applies_receipts_that_arrive_after_the_sending(
    world: World, smsc: LoopbackSmsc, settings: object
) -> None:
    from io import StringIO

    from django.core.management import call_command

    campaign = _scheduled(world)
    gateway = _gateway(smsc)
    smsc.receipts = False
    sending.send(campaign.pk, gateway=gateway, now=_nine, receipt_wait=0)
    gateway.close()
    ids = [r.message_id for r in smsc.received]
    smsc.receipts = True
    settings.CTIP_SMPP_PORT = smsc.port  # type: ignore[attr-defined]
    settings.CTIP_SMS_SENDER = "CANHBAO"  # type: ignore[attr-defined]

    def later() -> None:
        smsc.wait_for_bind(2)
        for message_id in ids:
            smsc.send_receipt("84912345678", message_id)

    import threading

    thread = threading.Thread(target=later)
    thread.start()
    out = StringIO()
    call_command("outreach", "listen", "--seconds", "2", stdout=out)
    thread.join()
    assert "2 receipt(s) applied" in out.getvalue()
    assert Message.objects.filter(state=MessageState.DELIVERED).count() == 2


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not utf-8",
        b'phone,province,consent\n"0912345678,Ha Noi,yes\n' + b"x" * 140_000,
        b"",
    ],
)
def test_unreadable_files_are_refused_not_crashed(world: World, content: bytes) -> None:
    with pytest.raises(ValidationError):
        actions.subscriber_list_import(
            actor=_officer(world), data=actions.ListImportInput("x", content)
        )


def test_a_start_far_away_is_refused(world: World) -> None:
    lst = f.subscriber_list(_officer(world))
    campaign = f.campaign(_officer(world), lst)
    with pytest.raises(ValidationError, match="next year"):
        actions.campaign_schedule(
            actor=_officer(world),
            campaign_id=campaign.pk,
            data=ScheduleInput(f.tomorrow_at(9).replace(year=9999)),
        )


def test_an_unreachable_smsc_pauses_the_campaign_and_sends_it_later(
    world: World, smsc: LoopbackSmsc
) -> None:
    from tests.smsc import free_port

    campaign = _scheduled(world)
    down = SmppGateway(SmppConfig("127.0.0.1", free_port(), "ctip", "x", timeout=1))
    report = sending.send(campaign.pk, gateway=down, now=_nine, receipt_wait=0)
    assert report.state == CampaignState.PAUSED
    assert report.submitted == 0
    assert Message.objects.filter(state=MessageState.PLANNED).count() == 2
    again = sending.send(campaign.pk, gateway=_gateway(smsc), now=_nine, receipt_wait=0)
    assert again.state == CampaignState.DONE
    assert again.submitted == 2
