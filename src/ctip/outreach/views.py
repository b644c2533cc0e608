"""Pages of the outreach app: campaigns, subscriber lists, public warnings, training."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.core import jobs as core_jobs
from ctip.core import posting
from ctip.core.access import public, requires
from ctip.core.auth import actor_of
from ctip.core.models import User
from ctip.core.scope import visible
from ctip.core.throttle import rate_limited
from ctip.outreach import actions, jobs, presentation, selectors
from ctip.outreach.forms import (
    AttendeeForm,
    CampaignForm,
    CourseForm,
    DoNotContactForm,
    ListImportForm,
    ScheduleForm,
    SessionForm,
    WarningForm,
)
from ctip.outreach.models import Course

MAX_UPLOAD = 50 * 1024 * 1024
PUBLIC_PER_MINUTE = 120


@requires("outreach.run_campaigns")
def campaigns(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return render(
        request,
        "outreach/campaigns.html",
        {
            "campaigns": selectors.campaigns(actor),
            "lists": selectors.subscriber_lists(actor),
            "can_import": actor.has_ctip_perm("outreach.manage_subscribers"),
        },
    )


@requires("outreach.run_campaigns")
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    posted = request.method == "POST"
    form = CampaignForm(request.POST if posted else None, lists=selectors.subscriber_lists(actor))
    return posting.submit(
        request,
        form,
        lambda d: actions.campaign_draft(
            actor=actor,
            data=actions.CampaignInput(
                name=d["name"],
                text_vi=d["text_vi"],
                text_en=d["text_en"],
                variant=d["variant"],
                encoding=d["encoding"],
                max_parts=d["max_parts"],
                lists=tuple(int(x) for x in d["lists"]),
                provinces=tuple(d["provinces"]),
                age_groups=tuple(d["age_groups"]),
                channels=tuple(d["channels"]),
            ),
        ),
        lambda campaign: redirect("outreach:campaign", campaign_id=campaign.pk),
        lambda: posting.form_page(request, "outreach/campaign_new.html", form),
    )


@requires("outreach.run_campaigns")
@require_http_methods(["GET", "POST"])
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    actor = actor_of(request)
    view = selectors.campaign(actor, campaign_id)
    posted = request.method == "POST"
    form = ScheduleForm(request.POST if posted else None)
    return posting.submit(
        request,
        form,
        lambda d: actions.campaign_schedule(
            actor=actor, campaign_id=campaign_id, data=actions.ScheduleInput(d["starts_at"])
        ),
        lambda _scheduled: redirect("outreach:campaign", campaign_id=campaign_id),
        lambda: posting.form_page(request, "outreach/campaign_detail.html", form, {"c": view}),
        _("The campaign is scheduled; the worker sends it."),
    )


@requires("outreach.run_campaigns")
def campaign_outcomes(request: HttpRequest, campaign_id: int) -> HttpResponse:
    weeks = request.GET.get("weeks", "")
    actor = actor_of(request)
    view = selectors.campaign_outcomes(
        actor, campaign_id, weeks=int(weeks) if weeks.isdigit() else selectors.outcomes.WEEKS
    )
    actions.outcomes_shown(actor, view)
    return render(
        request,
        "outreach/campaign_outcomes.html",
        {"o": view, "charts": presentation.outcome_charts(view)},
    )


@requires("outreach.run_campaigns")
@require_POST
def campaign_cancel(request: HttpRequest, campaign_id: int) -> HttpResponse:
    return posting.run(
        request,
        redirect("outreach:campaign", campaign_id=campaign_id),
        lambda: actions.campaign_cancel(actor=actor_of(request), campaign_id=campaign_id),
    )


@requires("outreach.manage_subscribers")
@require_http_methods(["GET", "POST"])
def lists(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    posted = request.method == "POST"
    form = ListImportForm(request.POST if posted else None, request.FILES if posted else None)
    dnc = DoNotContactForm()

    def start(d: dict[str, Any]) -> Any:
        upload = d["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError({"file": _("The file is larger than 50 MB.")})
        return core_jobs.start(
            actor=actor,
            kind=jobs.LIST_IMPORT,
            params={"name": d["name"]},
            upload=upload.read(),
            upload_name=upload.name,
        )

    return posting.submit(
        request,
        form,
        start,
        lambda job: redirect("core:job", job_id=job.pk),
        lambda: posting.form_page(
            request,
            "outreach/lists.html",
            form,
            {"dnc": dnc, "lists": selectors.subscriber_lists(actor)},
        ),
    )


@requires("outreach.manage_subscribers")
@require_POST
def do_not_contact(request: HttpRequest) -> HttpResponse:
    form = DoNotContactForm(request.POST)
    if form.is_valid():
        numbers = tuple(n for n in form.cleaned_data["numbers"].splitlines() if n.strip())
        result = actions.do_not_contact_add(
            actor=actor_of(request), data=actions.DoNotContactInput(numbers)
        )
        messages.success(
            request,
            _("%(added)d numbers added, %(already)d already on the list, %(refused)d refused.")
            % {"added": result.added, "already": result.already, "refused": len(result.errors)},
        )
        for e in result.errors[:20]:
            messages.error(
                request, _("Line %(row)d: %(message)s") % {"row": e.row, "message": e.message}
            )
    return redirect("outreach:lists")


@requires("outreach.write_warnings")
@require_http_methods(["GET", "POST"])
def warnings(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    posted = request.method == "POST"
    form = WarningForm(request.POST if posted else None)
    return posting.submit(
        request,
        form,
        lambda d: actions.warning_draft(actor=actor, data=actions.WarningInput(**d)),
        lambda w: redirect("outreach:warning", warning_id=w.pk),
        lambda: posting.form_page(
            request,
            "outreach/warnings.html",
            form,
            {
                "warnings": selectors.staff_warnings(actor),
                "lures": (
                    selectors.rising_lures(actor)
                    if actor.has_ctip_perm("screening.view_checks")
                    else None
                ),
            },
        ),
        _("Draft kept. A second person approves it."),
    )


@requires("outreach.write_warnings")
@require_POST
def warning_from_network(request: HttpRequest) -> HttpResponse:
    from django.http import Http404

    try:
        w = actions.warning_from_network(
            actor=actor_of(request), cluster_id=request.POST.get("cluster", "").strip()[:64]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Http404:
        messages.error(request, _("No such network among those you may read."))
    else:
        messages.success(request, _("Draft made from the network. A second person approves it."))
        return redirect("outreach:warning", warning_id=w.pk)
    return redirect("outreach:warnings")


@requires("outreach.write_warnings")
@require_POST
def warning_from_lure(request: HttpRequest) -> HttpResponse:
    from django.http import Http404

    try:
        w = actions.warning_from_lure(
            actor=actor_of(request), code=request.POST.get("code", "").strip()[:64]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Http404:
        messages.error(request, _("You may not read the saved job-offer checks."))
    else:
        messages.success(request, _("Draft made from the lure. A second person approves it."))
        return redirect("outreach:warning", warning_id=w.pk)
    return redirect("outreach:warnings")


@requires("outreach.write_warnings")
def warning_detail(request: HttpRequest, warning_id: int) -> HttpResponse:
    actor = actor_of(request)
    w = selectors.staff_warning(actor, warning_id, "outreach.write_warnings")
    return render(
        request,
        "outreach/warning_detail.html",
        {
            "w": w,
            "can_publish": actor.has_ctip_perm("outreach.publish_warnings")
            and w.author != actor.username,
        },
    )


@requires("outreach.publish_warnings")
@require_POST
def warning_publish(request: HttpRequest, warning_id: int) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    try:
        actions.warning_publish(actor=actor_of(request), warning_id=warning_id)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        messages.success(request, _("Published."))
    return redirect("outreach:warning", warning_id=warning_id)


@requires("outreach.publish_warnings")
@require_POST
def warning_withdraw(request: HttpRequest, warning_id: int) -> HttpResponse:
    return posting.run(
        request,
        redirect("outreach:warning", warning_id=warning_id),
        lambda: actions.warning_withdraw(actor=actor_of(request), warning_id=warning_id),
    )


def _share(request: HttpRequest, warning_id: int, title: str) -> dict[str, str]:
    url = request.build_absolute_uri(reverse("outreach:public_warning", args=[warning_id]))
    u, t = quote(url, safe=""), quote(title, safe="")
    return {
        "url": url,
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={u}",
        "zalo": f"https://sp.zalo.me/share_inline?url={u}",
        "x": f"https://twitter.com/intent/tweet?url={u}&text={t}",
        "email": f"mailto:?subject={t}&body={u}",
    }


@public
@rate_limited("outreach-warnings", lambda: PUBLIC_PER_MINUTE, methods=("GET",))
def public_warnings(request: HttpRequest) -> HttpResponse:
    return render(
        request, "outreach/public_warnings.html", {"warnings": selectors.published_warnings()}
    )


@public
@rate_limited("outreach-warnings", lambda: PUBLIC_PER_MINUTE, methods=("GET",))
def public_warning(request: HttpRequest, warning_id: int) -> HttpResponse:
    w = selectors.published_warning(warning_id)
    return render(
        request, "outreach/public_warning.html", {"w": w, "share": _share(request, w.id, w.title)}
    )


@requires("outreach.manage_training")
@require_http_methods(["GET", "POST"])
def training(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    posted = request.method == "POST"
    which = request.POST.get("form", "") if posted else ""
    course_form = CourseForm(request.POST if which == "course" else None)
    courses = visible(Course.objects.all(), actor, "outreach.manage_training")
    session_form = SessionForm(request.POST if which == "session" else None, courses=courses)

    def create(d: dict[str, Any]) -> Any:
        """A course (None), or a session of one."""
        if which == "course":
            actions.course_create(actor=actor, data=actions.CourseInput(**d))
            return None
        return actions.session_create(
            actor=actor,
            data=actions.SessionInput(
                d["course"].pk, d["starts_on"], d["place"], d["province"], d["trainer"]
            ),
        )

    # The page holds two forms: the one posted is checked (neither, when none is named).
    return posting.submit(
        request,
        course_form if which == "course" else session_form,
        create,
        lambda s: (
            redirect("outreach:training")
            if s is None
            else redirect("outreach:session", session_id=s.pk)
        ),
        lambda: _training_page(request, actor, course_form, session_form, posted),
    )


def _training_page(
    request: HttpRequest, actor: User, course_form: Form, session_form: Form, posted: bool
) -> HttpResponse:
    return render(
        request,
        "outreach/training.html",
        {
            "courses": selectors.courses(actor),
            "sessions": selectors.sessions(actor),
            "summary": selectors.training_summary(
                actor, timezone.localdate() - timedelta(days=365), timezone.localdate()
            ),
            "course_form": course_form,
            "session_form": session_form,
        },
        status=400 if posted else 200,
    )


@requires("outreach.manage_training")
@require_http_methods(["GET", "POST"])
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    actor = actor_of(request)
    view = selectors.session(actor, session_id)
    posted = request.method == "POST"
    staff = User.objects.filter(User.scope_q(actor), is_active=True).order_by("username")
    form = AttendeeForm(request.POST if posted else None, staff=staff)
    context: dict[str, Any] = {"s": view, "form": form}
    return posting.submit(
        request,
        form,
        lambda d: actions.attendance_record(
            actor=actor,
            session_id=session_id,
            attendees=(
                actions.AttendeeInput(d["user"].pk, d["result"], d["score"], d["certificate"]),
            ),
        ),
        lambda _recorded: redirect("outreach:session", session_id=session_id),
        lambda: posting.form_page(request, "outreach/session_detail.html", form, context),
    )
