"""The queue of tracing requests and the page that records a new one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.hotline import actions, selectors
from ctip.hotline.forms import RequestForm


@requires("hotline.trace")
def request_queue(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    status = request.GET.get("status", "")
    return render(
        request,
        "hotline/requests.html",
        {"queue": selectors.queue(actor, status=status), "status": status},
    )


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


@requires("hotline.trace")
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    call = None
    call_id = request.GET.get("call", "")
    if call_id.isdigit() and actor.has_ctip_perm("hotline.take_calls"):
        call = selectors.call_row(actor, int(call_id))
    initial: dict[str, Any] = {}
    if call is not None:
        initial = {
            "home_province": call.province_id,
            "narrative": call.summary,
            "family_name": call.caller_name if call.caller_type == "family" else "",
            "family_phone": call.caller_phone if call.caller_type == "family" else "",
        }
    form = RequestForm(posting.posted(request), initial=initial, actor=actor)

    def record(d: dict[str, Any]) -> Any:
        contacts = (
            (actions.ContactInput(d["contact_kind"], d["contact_value"]),)
            if d["contact_kind"] and d["contact_value"].strip()
            else ()
        )
        return actions.request_record(
            actor=actor,
            data=actions.RequestInput(
                full_name=d["full_name"],
                departure_mode=d["departure_mode"],
                other_names=_lines(d["other_names"]),
                birth_year=d["birth_year"],
                sex=d["sex"],
                phone=d["phone"],
                home_province=d["home_province"],
                left_on=d["left_on"],
                last_contact_on=d["last_contact_on"],
                last_contact=d["last_contact"],
                country=d["country"],
                place=d["place"],
                compound_id=d.get("compound_id"),
                latitude=d["latitude"],
                longitude=d["longitude"],
                violence=d["violence"],
                minor=d["minor"],
                medical=d["medical"],
                family_name=d["family_name"],
                family_relation=d["family_relation"],
                family_phone=d["family_phone"],
                narrative=d["narrative"],
                contacts=contacts,
                call=call,
            ),
        )

    def created(recorded: Any) -> HttpResponse:
        for message in recorded.rejected_contacts:
            messages.warning(request, message)
        if recorded.similar:
            messages.warning(
                request,
                _("Open requests that may seek the same person: %(refs)s.")
                % {"refs": ", ".join(recorded.similar)},
            )
        return render(
            request,
            "hotline/request_created.html",
            {
                "reference": recorded.request.follow_code,
                "secret": recorded.secret,
                "request_id": recorded.request.pk,
            },
            status=201,
        )

    return posting.submit(
        request,
        form,
        record,
        created,
        lambda: posting.form_page(request, "hotline/request_new.html", form, {"call": call}),
    )
