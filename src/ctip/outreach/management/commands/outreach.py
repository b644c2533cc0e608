"""``ctip outreach listen`` (a long-running receiver of delivery receipts and opt-out
replies), ``ctip outreach send CAMPAIGN`` (send a scheduled campaign now, in the
foreground, as the worker would) and ``ctip outreach due`` (hand campaigns whose start has
come to the worker, for a queue that cannot defer tasks)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ctip.outreach import sending, sms
from ctip.outreach.models import Campaign, CampaignState


class Command(BaseCommand):
    help = "Text-message warning campaigns: receive receipts and replies, send, hand over."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listen = sub.add_parser("listen", help="Bind to the SMSC and apply receipts and replies.")
        listen.add_argument("--seconds", type=float, default=0, help="0: until stopped")
        send = sub.add_parser("send", help="Send a scheduled campaign now (foreground).")
        send.add_argument("campaign", type=int)
        sub.add_parser("due", help="Queue the campaigns whose start has come.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "listen":
            self._listen(options["seconds"])
        elif action == "send":
            report = sending.send(options["campaign"])
            self.stdout.write(
                f"campaign {report.campaign_id}: {report.state}, {report.submitted} submitted, "
                f"{report.skipped} skipped, {report.unknown} unknown, {report.rejected} rejected"
            )
        else:
            due = Campaign.objects.filter(
                state__in=(CampaignState.SCHEDULED, CampaignState.PAUSED),
                starts_at__lte=timezone.now(),
            )
            for campaign in due:
                sending.enqueue_later(campaign)
            self.stdout.write(f"{len(due)} campaign(s) queued")

    def _listen(self, seconds: float) -> None:
        gateway = sms.gateway()
        end = time.monotonic() + seconds if seconds else None
        receipts = opted = 0
        try:
            while end is None or time.monotonic() < end:
                gateway.listen(5.0)
                r, o = sending.apply_inbound(gateway.take_inbound())
                receipts, opted = receipts + r, opted + o
        except KeyboardInterrupt:
            pass
        finally:
            gateway.close()
        self.stdout.write(f"{receipts} receipt(s) applied, {opted} opt-out(s)")
