"""Pages of routing and triage (``ctip.intel.triage``): the triage queue, the triage form
on a report, following a public report, and disputes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.core import posting
from ctip.core.access import public, requires
from ctip.core.auth import actor_of
from ctip.core.follow_views import follow_page
from ctip.core.models import User
from ctip.core.throttle import rate_limited
from ctip.intel import actions, selectors, triage
from ctip.intel.forms import DisputeAnswerForm, DisputeForm, FollowForm, TriageForm
from ctip.intel.models import Report, TriageStatus


def _officers(report: Report) -> Any:
    return User.objects.filter(
        is_active=True, agency__path__startswith=report.agency.path
    ).order_by("username")


def _with_view_reports(report: Report) -> Any:
    ids = [u.pk for u in _officers(report) if u.has_ctip_perm("intel.view_reports")]
    return User.objects.filter(pk__in=ids).order_by("username")


def report_context(actor: User, report: Report) -> dict[str, Any]:
    """The triage part of the report page."""
    may = actor.has_ctip_perm("intel.triage") and report.status in (
        TriageStatus.NEW,
        TriageStatus.ASSIGNED,
    )
    return {
        "triage_form": (
            TriageForm(initial={"assignee": actor.pk}, officers=_with_view_reports(report))
            if may
            else None
        ),
    }


@requires("intel.triage")
def triage_queue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", TriageStatus.NEW)
    found = triage.queue(actor, status)
    if status not in found.counts:
        status = TriageStatus.NEW
    return render(
        request,
        "intel/triage.html",
        {
            "queue": found,
            "status": status,
            "tabs": [(s.value, s.label, found.counts[s.value]) for s in TriageStatus],
            "reports": found.reports[:100],
            "disputes": found.disputes[:100],
        },
    )


@requires("intel.triage")
@require_POST
def report_triage(request: HttpRequest, report_id: int) -> HttpResponse:
    def triage(actor: User, report: Report, data: dict[str, Any]) -> Report:
        merged_into = None
        if data["status"] == TriageStatus.MERGED:
            merged_into = _report_by_reference(data["merged_into"])
        actions.report_triage(
            actor=actor,
            report=report,
            data=actions.TriageInput(
                status=data["status"],
                assignee=data["assignee"],
                merged_into=merged_into,
                note=data["note"],
            ),
        )
        return report

    return posting.post(
        request,
        lambda actor: selectors.open_report(actor, report_id),
        lambda report: redirect("intel:report_detail", report_id=report.pk),
        triage,
        lambda report: [_("Report %(ref)s triaged.") % {"ref": report.reference}],
        form_class=TriageForm,
        form_kwargs=lambda _actor, report: {"officers": _with_view_reports(report)},
        then=lambda _: redirect("intel:triage"),
    )


def _report_by_reference(reference: str) -> Report | None:
    digits = reference.strip().upper().removeprefix("SR-")
    if not digits.isdigit():
        return None
    return Report.objects.filter(pk=int(digits)).first()


follow = follow_page(
    scope="intel-follow",
    template="intel/follow.html",
    form_class=FollowForm,
    lookup=triage.follow_status,
    key="status",
)


@public
@require_http_methods(["GET", "POST"])
@rate_limited(
    "intel-report",
    lambda: settings.CTIP_INTEL_REPORTS_PER_MINUTE,
    page="intel/dispute_open.html",
    context=lambda request: {"form": DisputeForm(request.POST)},
)
def dispute_open(request: HttpRequest) -> HttpResponse:
    form = DisputeForm(posting.posted(request))
    context: dict[str, Any] = {"form": form}

    def opened(found: Any) -> HttpResponse:
        context["code"] = found.code
        return render(request, "intel/dispute_open.html", context)

    return posting.submit(
        request,
        form,
        lambda data: actions.dispute_open(
            data=actions.DisputeInput(
                kind=data["kind"],
                value=data["value"],
                detail=data["detail"],
                statement=data["statement"],
                contact=data["contact"],
            )
        ),
        opened,
        lambda: posting.form_page(request, "intel/dispute_open.html", form, context),
    )


@requires("intel.triage")
@require_http_methods(["GET", "POST"])
def dispute_detail(request: HttpRequest, dispute_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = triage.dispute(actor, dispute_id)
    form = DisputeAnswerForm(request.POST or None)
    return posting.submit(
        request,
        form,
        lambda data: actions.dispute_answer(
            actor=actor, dispute=found, uphold=data["answer"] == "uphold", answer=data["reason"]
        ),
        lambda _answered: redirect("intel:triage"),
        lambda: posting.form_page(
            request,
            "intel/dispute.html",
            form,
            {"dispute": found, "form": form if found.status == "open" else None},
        ),
        _("Dispute answered."),
    )
