"""What waits on a cases user, for the dashboard (``ctip.core.worklist``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.cases import selectors
from ctip.cases.engine.workflow import CaseStatus
from ctip.cases.models import Case, IdentificationDecision, lineage
from ctip.core import worklist
from ctip.core.models import User


def items(actor: User) -> Iterable[worklist.Item]:
    if not actor.has_ctip_perm("cases.view_case"):
        return []
    found: list[worklist.Item] = []
    cases_url = reverse("cases:list") + "?show=open"
    led = Case.objects.filter(lead_agency_id__in=lineage(actor))
    if actor.has_ctip_perm("cases.screen"):
        to_screen = led.filter(status=CaseStatus.INTAKE.value)
        found.append(
            worklist.Item(
                _("screening interviews due today or earlier"),
                to_screen.filter(screening_on__lte=timezone.localdate()).count(),
                cases_url,
                urgent=True,
            )
        )
        found.append(worklist.Item(_("cases to screen"), to_screen.count(), cases_url))
    if actor.has_ctip_perm("cases.identify"):
        found.append(
            worklist.Item(
                _("cases awaiting identification"),
                led.filter(status=CaseStatus.IDENTIFICATION.value).count(),
                cases_url,
            )
        )
    if actor.has_ctip_perm("cases.approve"):
        waiting = (
            IdentificationDecision.objects.filter(
                case__in=led, approved_by__isnull=True, approved_at__isnull=True
            )
            .exclude(decided_by=actor)
            .count()
        )
        found.append(worklist.Item(_("decisions to approve"), waiting, cases_url, urgent=True))
    found.append(
        worklist.Item(
            _("overdue follow-ups"),
            selectors.overdue_followups(actor).count(),
            reverse("cases:list"),
            urgent=True,
        )
    )
    if actor.has_ctip_perm("cases.refer"):
        found.append(
            worklist.Item(
                _("referrals to your agency"),
                selectors.incoming_referrals(actor).filter(status="sent").count(),
                reverse("cases:list"),
            )
        )
    if actor.has_ctip_perm("cases.change_case"):
        found.append(
            worklist.Item(
                _("cases handed to your agency"),
                selectors.incoming_handovers(actor).count(),
                reverse("cases:list"),
                urgent=True,
            )
        )
    return found


def chart(actor: User) -> worklist.Series | None:
    if not actor.has_ctip_perm("cases.view_case"):
        return None
    months = worklist.last_twelve_months()
    rows = (
        Case.objects.filter(lead_agency_id__in=lineage(actor), intake_date__gte=months[0])
        .annotate(month=TruncMonth("intake_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return worklist.Series(
        _("Cases opened by your agency, last twelve months"),
        worklist.monthly({row["month"]: row["n"] for row in rows}),
    )


def register() -> None:
    worklist.register_items(items)
    worklist.register_chart(chart)
