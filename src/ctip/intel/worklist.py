"""What waits on an intel user, for the dashboard (``ctip.core.worklist``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import worklist
from ctip.core.models import User
from ctip.core.scope import visible
from ctip.intel import selectors
from ctip.intel.models import Dispute, DisputeStatus, FreezeRequest, FreezeStatus, Report


def items(actor: User) -> Iterable[worklist.Item]:
    found: list[worklist.Item] = []
    if actor.has_ctip_perm("intel.triage"):
        reports = visible(Report.objects.all(), actor, "intel.view_reports")
        found.append(
            worklist.Item(
                _("reports to triage"),
                reports.filter(status="new").count(),
                reverse("intel:triage"),
                urgent=True,
            )
        )
        found.append(
            worklist.Item(
                _("disputes to answer"),
                visible(Dispute.objects.all(), actor, "intel.triage")
                .filter(status=DisputeStatus.OPEN)
                .count(),
                reverse("intel:triage"),
            )
        )
    if actor.has_ctip_perm("intel.answer_freeze"):
        found.append(
            worklist.Item(
                _("freeze requests to answer"),
                selectors.inbox(actor, open_only=True).count(),
                reverse("intel:inbox"),
                urgent=True,
            )
        )
    if actor.has_ctip_perm("intel.request_freeze"):
        overdue = (
            visible(FreezeRequest.objects.all(), actor, "intel.request_freeze")
            .filter(
                issuing_agency__path__startswith=actor.agency.path,
                status=FreezeStatus.SENT,
                deadline__lt=timezone.now(),
            )
            .count()
        )
        found.append(
            worklist.Item(
                _("freeze requests past their deadline"),
                overdue,
                reverse("intel:freeze_list") + "?show=overdue",
            )
        )
    return found


def chart(actor: User) -> worklist.Series | None:
    if not actor.has_ctip_perm("intel.view_reports"):
        return None
    months = worklist.last_twelve_months()
    start = dt.datetime.combine(months[0], dt.time(), tzinfo=timezone.get_current_timezone())
    rows = (
        visible(Report.objects.all(), actor, "intel.view_reports")
        .filter(reported_at__gte=start)
        .annotate(month=TruncMonth("reported_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return worklist.Series(
        _("Scam reports received, last twelve months"),
        worklist.monthly({timezone.localdate(row["month"]): row["n"] for row in rows}),
    )


def register() -> None:
    worklist.register_items(items)
    worklist.register_chart(chart)
