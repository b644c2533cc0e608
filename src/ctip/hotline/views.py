"""Pages of the hotline: thin views over ``actions`` and ``selectors``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.core.follow_views import follow_page
from ctip.core.forms import add_errors
from ctip.hotline import actions, selectors
from ctip.hotline.forms import (
    CallForm,
    CompoundForm,
    EvidenceForm,
    FollowForm,
    RansomForm,
    RequestForm,
    StatusForm,
)
from ctip.hotline.models import TracingEvidence, TracingMatch


def _flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    for _field, errors in (
        exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
    ):
        for error in errors:
            messages.error(request, error)


# Calls --------------------------------------------------------------------------------


@requires("hotline.take_calls")
@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            call = actions.call_log(
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
            )
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            messages.success(request, _("Call %(ref)s logged.") % {"ref": call.reference})
            return redirect("hotline:call", call_id=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "hotline/call_new.html",
        {"form": form, "recent": selectors.recent_calls(actor, 10)},
        status=status,
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
    what = request.POST.get("what", "")
    try:
        if what == "case":
            case_id = actions.call_open_case(
                actor=actor, call=row, full_name=request.POST.get("full_name", "")[:200]
            )
            return redirect("cases:detail", case_id=case_id)
        if what == "report":
            report_id = actions.call_open_report(actor=actor, call=row)
            return redirect("intel:report_detail", report_id=report_id)
        messages.error(request, _("Choose what to open from the call."))
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("hotline:call", call_id=row.pk)


@requires("hotline.take_calls")
@require_POST
def call_called_back(request: HttpRequest, call_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.call_row(actor, call_id)
    try:
        actions.call_called_back(actor=actor, call=row)
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("hotline:callbacks")


@requires("hotline.take_calls")
def callbacks(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows = [selectors._call_view_without_person(c) for c in selectors.callbacks_due(actor)]
    return render(request, "hotline/callbacks.html", {"calls": rows})


# Tracing requests -----------------------------------------------------------------------


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
    form = RequestForm(request.POST or None, initial=initial, actor=actor)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        contacts = (
            (actions.ContactInput(d["contact_kind"], d["contact_value"]),)
            if d["contact_kind"] and d["contact_value"].strip()
            else ()
        )
        try:
            recorded = actions.request_record(
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
        except ValidationError as exc:
            add_errors(exc, form)
        else:
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
    status = 400 if request.method == "POST" else 200
    return render(request, "hotline/request_new.html", {"form": form, "call": call}, status=status)


@requires("hotline.trace")
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    view = selectors.request(actor, request_id)
    context = {
        "request_view": view,
        "ransom_form": RansomForm(),
        "compound_form": CompoundForm(),
        "evidence_form": EvidenceForm(),
        "status_form": StatusForm() if actor.has_ctip_perm("hotline.handle_requests") else None,
        "may_freeze": actor.has_ctip_perm("intel.request_freeze"),
        "may_decide": actor.has_ctip_perm("hotline.handle_requests"),
        "may_pass_abroad": actor.has_ctip_perm("hotline.handle_requests")
        and actor.has_ctip_perm("cooperation.verify"),
        "may_open_case": actor.has_ctip_perm("cases.intake"),
    }
    return render(request, "hotline/request.html", context)


@requires("hotline.trace")
@require_POST
def request_ransom(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id)
    form = RansomForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("hotline:request", request_id=row.pk)
    d = form.cleaned_data
    try:
        recorded = actions.ransom_record(
            actor=actor,
            request=row,
            data=actions.RansomInput(
                account_kind=d["account_kind"],
                account=d["account"],
                amount=d["amount"],
                deadline=d["deadline"],
                bank=d["bank"],
                freeze=d["freeze"],
                legal_basis=d["legal_basis"],
            ),
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Ransom demand recorded; the account is known to intel."))
        if recorded.freeze_requests:
            messages.success(
                request,
                _("Freeze request sent: %(refs)s.") % {"refs": ", ".join(recorded.freeze_requests)},
            )
    return redirect("hotline:request", request_id=row.pk)


@requires("hotline.trace")
@require_POST
def request_evidence(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to add."))
        return redirect("hotline:request", request_id=row.pk)
    upload = form.cleaned_data["file"]
    try:
        actions.evidence_add(
            actor=actor,
            request=row,
            data=actions.EvidenceInput(
                filename=upload.name or "",
                content=upload.read(),
                description=form.cleaned_data["description"],
            ),
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Evidence file kept with its fingerprint."))
    return redirect("hotline:request", request_id=row.pk)


@requires("hotline.trace")
def evidence_download(request: HttpRequest, tracing_evidence_id: int) -> HttpResponse:
    from ctip.core.scope import get_visible

    actor = actor_of(request)
    item = get_visible(
        TracingEvidence.objects.all(), actor, "hotline.trace", pk=tracing_evidence_id
    )
    export = request.GET.get("export") == "1"
    read = actions.evidence_export if export else actions.evidence_read
    response = HttpResponse(read(actor=actor, item=item), content_type=item.media_type)
    disposition = "attachment" if export else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{item.reference}"'
    return response


@requires("hotline.handle_requests")
@require_POST
def request_status(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id, "hotline.handle_requests")
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            actions.request_status(
                actor=actor,
                request=row,
                data=actions.StatusInput(form.cleaned_data["status"], form.cleaned_data["note"]),
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Status changed; the family will be told."))
    else:
        messages.error(request, _("Choose the new status."))
    return redirect("hotline:request", request_id=row.pk)


@requires("hotline.trace")
@require_POST
def request_compound(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id)
    form = CompoundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No single compound of the register has this name."))
        return redirect("hotline:request", request_id=row.pk)
    name = "" if request.POST.get("clear") else form.cleaned_data["compound_name"]
    try:
        actions.request_compound(
            actor=actor, request=row, data=actions.CompoundInput(compound_name=name)
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Where the person is held was changed."))
    return redirect("hotline:request", request_id=row.pk)


@requires("hotline.handle_requests")
@require_POST
def request_abroad(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id, "hotline.handle_requests")
    try:
        actions.request_pass_abroad(actor=actor, request=row, data=actions.AbroadInput())
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The request was sent to the counterpart abroad."))
    return redirect("hotline:request", request_id=row.pk)


@requires("hotline.trace")
@require_POST
def request_case(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id)
    try:
        case_id = actions.request_open_case(actor=actor, request=row)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("hotline:request", request_id=row.pk)
    return redirect("cases:detail", case_id)


@requires("hotline.trace")
@require_POST
def request_match(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.request_row(actor, request_id)
    found = actions.request_match(actor=actor, request=row)
    messages.info(request, _("%(n)d possible matches on file.") % {"n": len(found)})
    return redirect("hotline:request", request_id=row.pk)


@requires("hotline.handle_requests")
@require_POST
def match_decide(request: HttpRequest, match_id: int) -> HttpResponse:
    from ctip.core.scope import get_visible

    actor = actor_of(request)
    match = get_visible(TracingMatch.objects.all(), actor, "hotline.handle_requests", pk=match_id)
    try:
        actions.match_decide(
            actor=actor,
            match=match,
            data=actions.MatchDecision(confirm=request.POST.get("confirm") == "1"),
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("hotline:request", request_id=match.request_id)


# The family's page --------------------------------------------------------------------


family_follow = follow_page(
    scope="hotline-follow",
    template="hotline/follow.html",
    form_class=FollowForm,
    lookup=selectors.family_status,
)
