"""Text messages per second to an SMPP 3.4 server on loopback (the tests' ``smpp34`` SMSC).

    uv run python bench/outreach/bench_sms.py gateway --messages 5000 --window 1 64
    uv run python bench/outreach/bench_sms.py campaign --subscribers 20000
    uv run python bench/outreach/bench_sms.py plan --subscribers 1000000

``plan`` is the worker's work before any PDU leaves, at a million recipients: subscribers
written straight into a fresh SQLite database (not timed as an import), then the planning
(one message a number) and the slotting (every batch claimed as the worker claims it: the
do-not-contact list checked, a daily slot taken, the state marked), each with its time and
the process's peak resident memory after it. The SMPP send itself is measured at a
smaller count by ``campaign``.

``gateway`` times ``SmppGateway.submit`` alone (bind once, then windowed submit_sm, every
answer read). ``campaign`` runs the whole path in a fresh SQLite database with the test
settings: a subscriber list imported from CSV, a campaign drafted and scheduled, then
``sending.send`` (planning one message a number, the do-not-contact and daily-limit checks,
each batch's state committed before and after its PDUs leave), with delivery receipts
read at the end. Throttling is off (``max_tps`` 0) to show the ceiling.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def gateway(messages: int, windows: list[int]) -> None:
    from tests.outreach.smsc import LoopbackSmsc

    from ctip.outreach.sms import Outbound, Outcome, SmppConfig, SmppGateway

    for window in windows:
        smsc = LoopbackSmsc(receipts=False)
        gw = SmppGateway(SmppConfig("127.0.0.1", smsc.port, "bench", "x", window=window))
        batch = [
            Outbound(i, f"+8491{i:07d}", "Canh bao: viec nhe luong cao la lua dao. Goi 111.")
            for i in range(messages)
        ]
        gw.submit(batch[:10])  # bind
        start = time.perf_counter()
        results = gw.submit(batch[10:])
        elapsed = time.perf_counter() - start
        gw.close()
        smsc.stop()
        ok = sum(r.outcome == Outcome.ACCEPTED for r in results)
        print(f"window {window:>3}: {ok} accepted in {elapsed:.2f} s = {ok / elapsed:,.0f} msg/s")


def _fresh_instance() -> None:
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.test")
    home = tempfile.mkdtemp(prefix="ctip-bench-outreach-")
    os.environ["DATABASE_URL"] = f"sqlite:///{home}/ctip.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def plan(subscribers: int, batch: int) -> None:
    _fresh_instance()
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.db import transaction
    from django.utils import timezone

    from ctip.core import actions as core_actions
    from ctip.core import provinces
    from ctip.core.models import Province
    from ctip.outreach import actions, sending
    from ctip.outreach.models import Message, MessageState, Subscriber, SubscriberList

    if not Province.objects.exists():
        provinces.load(Province)
    hanoi = Province.objects.get(code="ha-noi")
    agency = core_actions.agency_create(
        actor=None, code="bench", type="police", name_vi="Bench", name_en="Bench",
        country="VN", province=hanoi,
    )  # fmt: skip
    user = core_actions.user_create(
        actor=None,
        agency=agency,
        username="bench",
        password="correct horse battery staple",  # noqa: S106 - a throwaway bench database
        roles=["communication_officer"],
    )
    target = SubscriberList.objects.create(name="bench", agency=agency, created_by=user)
    now = timezone.now()
    t0 = time.perf_counter()
    for start in range(0, subscribers, 10_000):
        with transaction.atomic():
            Subscriber.objects.bulk_create(
                [
                    Subscriber(
                        list=target,
                        phone=f"+849{i:08d}",
                        province=hanoi,
                        age_group="18_24",
                        channel="sms",
                        consented_at=now,
                    )
                    for i in range(start, min(subscribers, start + 10_000))
                ],
                batch_size=2000,
            )
    t_setup = time.perf_counter() - t0
    print(
        f"set-up: {subscribers:,} subscribers written in {t_setup:.0f} s; peak {_peak_mb():.0f} MB"
    )
    draft = actions.campaign_draft(
        actor=user,
        data=actions.CampaignInput(
            name="bench",
            text_vi="Cảnh báo: việc nhẹ lương cao là lừa đảo. Gọi 111.",
            lists=(target.pk,),
            provinces=("ha-noi",),
        ),
    )
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    nine = datetime.combine(
        datetime.now(tz).date() + timedelta(days=1), datetime.min.time(), tz
    ).replace(hour=9)
    actions.campaign_schedule(actor=user, campaign_id=draft.pk, data=actions.ScheduleInput(nine))
    t0 = time.perf_counter()
    planned = sending.plan(draft)
    t_plan = time.perf_counter() - t0
    print(
        f"plan: {planned:,} messages in {t_plan:.0f} s ({planned / t_plan:,.0f}/s); "
        f"peak {_peak_mb():.0f} MB"
    )
    day = nine.date()
    t0 = time.perf_counter()
    claimed = 0
    while claimed_batch := sending._claim(draft, batch, day):  # the worker's own step
        claimed += len(claimed_batch)
        Message.objects.filter(pk__in=[m.pk for m in claimed_batch]).update(
            state=MessageState.SUBMITTED
        )  # as if sent: the next claim takes the next batch
    t_slot = time.perf_counter() - t0
    print(
        f"slotting: {claimed:,} messages claimed in batches of {batch} in {t_slot:.0f} s "
        f"({claimed / t_slot:,.0f}/s); peak {_peak_mb():.0f} MB"
    )


def campaign(subscribers: int) -> None:
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.test")
    home = tempfile.mkdtemp(prefix="ctip-bench-outreach-")
    os.environ["DATABASE_URL"] = f"sqlite:///{home}/ctip.sqlite3"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.CTIP_SMS_MAX_TPS = 0.0
    call_command("migrate", verbosity=0)
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from tests.outreach.smsc import LoopbackSmsc

    from ctip.core import actions as core_actions
    from ctip.core import provinces
    from ctip.core.models import Province
    from ctip.outreach import actions, sending
    from ctip.outreach.models import Message, MessageState
    from ctip.outreach.sms import SmppConfig, SmppGateway

    if not Province.objects.exists():
        provinces.load(Province)
    agency = core_actions.agency_create(
        actor=None,
        code="bench",
        type="police",
        name_vi="Bench",
        name_en="Bench",
        country="VN",
        province=Province.objects.get(code="ha-noi"),
    )
    user = core_actions.user_create(
        actor=None,
        agency=agency,
        username="bench",
        password="correct horse battery staple",  # noqa: S106 - a throwaway bench database
        roles=["communication_officer"],
    )
    rows = "".join(f"0912{i:06d},Hà Nội,18_24,sms,yes\n" for i in range(subscribers))
    t0 = time.perf_counter()
    result = actions.subscriber_list_import(
        actor=user,
        data=actions.ListImportInput(
            "bench", ("phone,province,age_group,channel,consent\n" + rows).encode()
        ),
    )
    t_import = time.perf_counter() - t0
    draft = actions.campaign_draft(
        actor=user,
        data=actions.CampaignInput(
            name="bench",
            text_vi="Cảnh báo: việc nhẹ lương cao là lừa đảo. Gọi 111.",
            lists=(result.list_id,),
            provinces=("ha-noi",),
        ),
    )
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    nine = datetime.combine(
        datetime.now(tz).date() + timedelta(days=1), datetime.min.time(), tz
    ).replace(hour=9)
    actions.campaign_schedule(actor=user, campaign_id=draft.pk, data=actions.ScheduleInput(nine))
    smsc = LoopbackSmsc()
    gw = SmppGateway(SmppConfig("127.0.0.1", smsc.port, "bench", "x", window=64))
    t0 = time.perf_counter()
    sending.plan(draft)
    t_plan = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = sending.send(draft.pk, gateway=gw, now=lambda: nine, receipt_wait=0)
    t_send = time.perf_counter() - t0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        gw.listen(0.5)
        sending.apply_inbound(gw.take_inbound())
        if Message.objects.filter(state=MessageState.DELIVERED).count() >= report.submitted:
            break
    t_receipts = time.perf_counter() - t0
    gw.close()
    smsc.stop()
    delivered = Message.objects.filter(state=MessageState.DELIVERED).count()
    print(f"import {subscribers} rows: {t_import:.1f} s ({subscribers / t_import:,.0f} rows/s)")
    print(f"plan: {t_plan:.1f} s ({subscribers / t_plan:,.0f} messages/s)")
    print(
        f"send: {report.submitted} submitted in {t_send:.1f} s = "
        f"{report.submitted / t_send:,.0f} msg/s (database states before and after)"
    )
    print(f"receipts: {delivered} delivered, all read {t_receipts:.1f} s after the start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    g = sub.add_parser("gateway")
    g.add_argument("--messages", type=int, default=5000)
    g.add_argument("--window", type=int, nargs="+", default=[1, 64])
    c = sub.add_parser("campaign")
    c.add_argument("--subscribers", type=int, default=20000)
    p = sub.add_parser("plan")
    p.add_argument("--subscribers", type=int, default=1_000_000)
    p.add_argument("--batch", type=int, default=200, help="CTIP_SMS_BATCH")
    args = parser.parse_args()
    if args.what == "gateway":
        gateway(args.messages, args.window)
    elif args.what == "plan":
        plan(args.subscribers, args.batch)
    else:
        campaign(args.subscribers)


if __name__ == "__main__":
    main()
