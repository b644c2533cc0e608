"""A tracing request's page, and everything posted from it: the compound where the person
is held, ransom demands, evidence and its hand-over, the status, matching, passing the
request abroad and opening a case."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.core.models import User
from ctip.core.scope import get_visible
from ctip.hotline import actions, selectors
from ctip.hotline.forms import (
    AbroadForm,
    CompoundForm,
    EvidenceForm,
    HandOverForm,
    RansomForm,
    StatusForm,
)
from ctip.hotline.models import TracingEvidence, TracingMatch, TracingRequest
from ctip.hotline.views.common import request_post


@requires("hotline.trace")
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = actor_of(request)
    view = selectors.request(actor, request_id)
    may_decide = actor.has_ctip_perm("hotline.handle_requests")
    may_pass_abroad = may_decide and actor.has_ctip_perm("cooperation.verify")
    context = {
        "request_view": view,
        "ransom_form": RansomForm(),
        "compound_form": CompoundForm(),
        "evidence_form": EvidenceForm(),
        "status_form": StatusForm() if may_decide else None,
        "hand_over_form": (
            HandOverForm(actor=actor, request_id=view.id) if may_decide and view.evidence else None
        ),
        "may_freeze": actor.has_ctip_perm("intel.request_freeze"),
        "may_decide": may_decide,
        "may_pass_abroad": may_pass_abroad,
        "abroad_form": (
            AbroadForm(country=view.country_code)
            if may_pass_abroad and view.country_code not in ("", "VN")
            else None
        ),
        "may_open_case": actor.has_ctip_perm("cases.intake"),
    }
    return render(request, "hotline/request.html", context)


def _ransom(actor: User, row: TracingRequest, d: dict[str, Any]) -> Any:
    return actions.ransom_record(
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


def _ransom_done(recorded: Any) -> list[str]:
    said = [_("Ransom demand recorded; the account is known to intel.")]
    if recorded.freeze_requests:
        said.append(
            _("Freeze request sent: %(refs)s.") % {"refs": ", ".join(recorded.freeze_requests)}
        )
    return said


@requires("hotline.trace")
@require_POST
def request_ransom(request: HttpRequest, request_id: int) -> HttpResponse:
    return request_post(request, request_id, _ransom, _ransom_done, form_class=RansomForm)


def _evidence(actor: User, row: TracingRequest, d: dict[str, Any]) -> Any:
    upload = d["file"]
    return actions.evidence_add(
        actor=actor,
        request=row,
        data=actions.EvidenceInput(
            filename=upload.name or "", content=upload.read(), description=d["description"]
        ),
    )


@requires("hotline.trace")
@require_POST
def request_evidence(request: HttpRequest, request_id: int) -> HttpResponse:
    return request_post(
        request,
        request_id,
        _evidence,
        _("Evidence file kept with its fingerprint."),
        form_class=EvidenceForm,
    )


def _hand_over(actor: User, row: TracingRequest, d: dict[str, Any]) -> Any:
    item = TracingEvidence.objects.get(request=row, pk=d["evidence"])
    return actions.evidence_hand_over(
        actor=actor,
        item=item,
        data=actions.HandOverInput(to_agency_id=d["to_agency"], note=d["note"]),
    )


@requires("hotline.handle_requests")
@require_POST
def request_hand_over(request: HttpRequest, request_id: int) -> HttpResponse:
    """Record that the police gave a file of the request to another agency: a link of its
    chain of custody."""
    return request_post(
        request,
        request_id,
        _hand_over,
        _("The hand-over is recorded in the file's chain of custody."),
        form_class=HandOverForm,
        form_kwargs=lambda actor, row: {"actor": actor, "request_id": row.pk},
        permission="hotline.handle_requests",
    )


@requires("hotline.trace")
def evidence_download(request: HttpRequest, tracing_evidence_id: int) -> HttpResponse:
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
    return request_post(
        request,
        request_id,
        lambda actor, row, d: actions.request_status(
            actor=actor, request=row, data=actions.StatusInput(d["status"], d["note"])
        ),
        _("Status changed; the family will be told."),
        form_class=StatusForm,
        permission="hotline.handle_requests",
    )


@requires("hotline.trace")
@require_POST
def request_compound(request: HttpRequest, request_id: int) -> HttpResponse:
    clear = bool(request.POST.get("clear"))
    return request_post(
        request,
        request_id,
        lambda actor, row, d: actions.request_compound(
            actor=actor,
            request=row,
            data=actions.CompoundInput(compound_name="" if clear else d["compound_name"]),
        ),
        _("Where the person is held was changed."),
        form_class=CompoundForm,
    )


@requires("hotline.handle_requests")
@require_POST
def request_abroad(request: HttpRequest, request_id: int) -> HttpResponse:
    return request_post(
        request,
        request_id,
        lambda actor, row, d: actions.request_pass_abroad(
            actor=actor, request=row, data=actions.AbroadInput(d["counterpart_id"])
        ),
        _("The request was sent abroad."),
        form_class=AbroadForm,
        form_kwargs=lambda actor, row: {"country": row.country},
        permission="hotline.handle_requests",
    )


@requires("hotline.trace")
@require_POST
def request_case(request: HttpRequest, request_id: int) -> HttpResponse:
    return request_post(
        request,
        request_id,
        lambda actor, row, d: actions.request_open_case(actor=actor, request=row),
        then=lambda case_id: redirect("cases:detail", case_id),
    )


@requires("hotline.trace")
@require_POST
def request_match(request: HttpRequest, request_id: int) -> HttpResponse:
    return request_post(
        request,
        request_id,
        lambda actor, row, d: actions.request_match(actor=actor, request=row),
        lambda found: [_("%(n)d possible matches on file.") % {"n": len(found)}],
    )


@requires("hotline.handle_requests")
@require_POST
def match_decide(request: HttpRequest, match_id: int) -> HttpResponse:
    actor = actor_of(request)
    match = get_visible(TracingMatch.objects.all(), actor, "hotline.handle_requests", pk=match_id)
    confirm = request.POST.get("confirm") == "1"
    return posting.run(
        request,
        redirect("hotline:request", request_id=match.request_id),
        lambda: actions.match_decide(
            actor=actor, match=match, data=actions.MatchDecision(confirm=confirm)
        ),
    )
