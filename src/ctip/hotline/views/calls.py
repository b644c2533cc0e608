"""The operator's screens: logging a call, the call's page, callbacks due."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.hotline import actions, selectors
from ctip.hotline.forms import CallForm


@requires("hotline.take_calls")
@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = CallForm(posting.posted(request))
    return posting.submit(
        request,
        form,
        lambda d: actions.call_log(
            actor=actor,
            data=actions.CallInput(
                channel=d["channel"],
                caller_type=d["caller_type"],
                language=d["language"],
                topic=d["topic"],
                outcome=d["outcome"],
                province=d["province"],
                counselling=tuple(d["counselling"]),
                callback_at=d["callback_at"],
                caller_name=d["caller_name"],
                caller_phone=d["caller_phone"],
                summary=d["summary"],
            ),
        ),
        lambda call: redirect("hotline:call", call_id=call.pk),
        lambda: posting.form_page(
            request, "hotline/call_new.html", form, {"recent": selectors.recent_calls(actor, 10)}
        ),
        lambda call: [_("Call %(ref)s logged.") % {"ref": call.reference}],
    )


@requires("hotline.take_calls")
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    actor = actor_of(request)
    return render(request, "hotline/call.html", {"call": selectors.call(actor, call_id)})


@requires("hotline.take_calls")
@require_POST
def call_open(request: HttpRequest, call_id: int) -> HttpResponse:
    """Open a case intake or a scam report from the call, without retyping."""
    actor = actor_of(request)
    row = selectors.call_row(actor, call_id)
    back = redirect("hotline:call", call_id=row.pk)
    what = request.POST.get("what", "")
    if what == "case":
        name = request.POST.get("full_name", "")[:200]
        return posting.run(
            request,
            back,
            lambda: actions.call_open_case(actor=actor, call=row, full_name=name),
            then=lambda case_id: redirect("cases:detail", case_id=case_id),
        )
    if what == "report":
        return posting.run(
            request,
            back,
            lambda: actions.call_open_report(actor=actor, call=row),
            then=lambda report_id: redirect("intel:report_detail", report_id=report_id),
        )
    messages.error(request, _("Choose what to open from the call."))
    return back


@requires("hotline.take_calls")
@require_POST
def call_called_back(request: HttpRequest, call_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.call_row(actor, call_id)
    return posting.run(
        request,
        redirect("hotline:callbacks"),
        lambda: actions.call_called_back(actor=actor, call=row),
    )


@requires("hotline.take_calls")
def callbacks(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows = [selectors._call_view_without_person(c) for c in selectors.callbacks_due(actor)]
    return render(request, "hotline/callbacks.html", {"calls": rows})
