"""Pages about workers abroad: the public incident report, the incidents inbox of a
Board and of the labour authority, workers and their orientation, contracts, Boards."""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.core import identity, posting
from ctip.core.access import public, requires
from ctip.core.auth import actor_of
from ctip.core.follow_views import follow_page, secret_page
from ctip.core.pagination import page_of
from ctip.core.throttle import rate_limited
from ctip.registry import actions, selectors_abroad
from ctip.registry.forms import (
    BoardForm,
    CloseForm,
    ContractForm,
    IncidentCompoundForm,
    IncidentFollowForm,
    IncidentForm,
    OpenCaseForm,
    OrientationForm,
    StaffIncidentForm,
    WorkerForm,
)
from ctip.registry.models import Enterprise


def report_rate() -> int:
    return settings.CTIP_REGISTRY_INCIDENTS_PER_MINUTE


def _incident_input(data: dict[str, Any]) -> actions.IncidentInput:
    return actions.IncidentInput(
        kind=data["kind"],
        reporter=data["reporter"],
        country=data["country"],
        narrative=data.get("narrative") or "",
        signs=tuple(data.get("signs") or ()),
        worker_name=data.get("worker_name") or "",
        contact=data.get("contact") or "",
        employer=data.get("employer") or "",
        enterprise=data.get("enterprise") or "",
        compound_name=data.get("compound_name") or "",
    )


@public
@require_http_methods(["GET", "POST"])
@rate_limited(
    "registry-incident",
    report_rate,
    page="registry/incident_public.html",
    context=lambda request: {"form": IncidentForm(request.POST)},
    only_accepted=True,
)
def incident_public(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = IncidentForm(request.POST if posted else None)

    def thanks(reported: Any) -> HttpResponse:
        return secret_page(
            request,
            "registry/incident_thanks.html",
            {"reference": reported.incident.reference, "secret": reported.follow_secret},
        )

    return posting.submit(
        request,
        form,
        lambda data: actions.incident_report(actor=None, data=_incident_input(data)),
        thanks,
        lambda: posting.form_page(request, "registry/incident_public.html", form),
    )


# The reporter of an incident follows its status with the reference and the secret.
incident_follow = follow_page(
    scope="registry-follow",
    template="registry/incident_follow.html",
    form_class=IncidentFollowForm,
    lookup=selectors_abroad.incident_follow,
)


@requires("registry.incidents")
def incident_list(request: HttpRequest) -> HttpResponse:
    rows = selectors_abroad.incidents(actor_of(request), open_only=request.GET.get("all") != "1")
    return render(request, "registry/incident_list.html", {"page": page_of(request, rows)})


@requires("registry.incidents")
@require_http_methods(["GET", "POST"])
def incident_new(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = StaffIncidentForm(request.POST if posted else None)
    return posting.submit(
        request,
        form,
        lambda data: actions.incident_report(actor=actor_of(request), data=_incident_input(data)),
        lambda reported: redirect("registry:incident", reported.incident.pk),
        lambda: posting.form_page(
            request, "registry/form.html", form, {"title": _("Record an incident abroad")}
        ),
    )


def _incident_page(request: HttpRequest, incident_id: int, **forms: Any) -> HttpResponse:
    actor = actor_of(request)
    detail = selectors_abroad.incident(actor, incident_id)
    context = {
        "detail": detail,
        "close_form": forms.get("close_form") or CloseForm(),
        "case_form": forms.get("case_form") or OpenCaseForm(),
        "compound_form": forms.get("compound_form")
        or IncidentCompoundForm(initial={"compound_name": detail.compound}),
        "may_open_case": actor.has_ctip_perm("cases.intake"),
    }
    return render(request, "registry/incident_detail.html", context, status=400 if forms else 200)


@requires("registry.incidents")
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    return _incident_page(request, incident_id)


@requires("registry.incidents")
@require_POST
def incident_acknowledge(request: HttpRequest, incident_id: int) -> HttpResponse:
    # Already in hand: the page shows its state.
    with contextlib.suppress(ValidationError):
        actions.incident_acknowledge(actor=actor_of(request), incident_id=incident_id)
    return redirect("registry:incident", incident_id)


@requires("registry.incidents")
@require_POST
def incident_close(request: HttpRequest, incident_id: int) -> HttpResponse:
    return posting.post(
        request,
        lambda actor: incident_id,
        lambda _: redirect("registry:incident", incident_id),
        lambda actor, _, data: actions.incident_close(
            actor=actor,
            incident_id=incident_id,
            outcome=data["outcome"],
            note=data.get("note") or "",
        ),
        form_class=CloseForm,
        again=lambda _, form: _incident_page(request, incident_id, close_form=form),
    )


@requires("registry.incidents")
@require_POST
def incident_compound(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Name, change or clear the scam compound of the register an incident names."""
    return posting.post(
        request,
        lambda actor: incident_id,
        lambda _: redirect("registry:incident", incident_id),
        lambda actor, _, data: actions.incident_set_compound(
            actor=actor,
            incident_id=incident_id,
            compound_name=data.get("compound_name") or "",
        ),
        form_class=IncidentCompoundForm,
        again=lambda _, form: _incident_page(request, incident_id, compound_form=form),
    )


@requires("cases.intake")
@require_POST
def incident_case(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Open the protection case of an incident (staff who take intakes, of its agency)."""
    keeps_incidents = actor_of(request).has_ctip_perm("registry.incidents")

    def again(_: int, form: Form) -> HttpResponse:
        if keeps_incidents:
            return _incident_page(request, incident_id, case_form=form)
        detail = " ".join(str(m) for errors in form.errors.values() for m in errors)
        return render(request, "core/error.html", {"status": 400, "detail": detail}, status=400)

    return posting.post(
        request,
        lambda actor: incident_id,
        lambda _: (
            redirect("registry:incident", incident_id)
            if keeps_incidents
            else redirect("cases:list")
        ),
        lambda actor, _, data: actions.incident_open_case(
            actor=actor, incident_id=incident_id, full_name=data.get("full_name") or ""
        ),
        form_class=OpenCaseForm,
        again=again,
    )


@requires("registry.workers")
def worker_list(request: HttpRequest) -> HttpResponse:
    rows = selectors_abroad.workers(actor_of(request), abroad_only=request.GET.get("all") != "1")
    return render(request, "registry/worker_list.html", {"page": page_of(request, rows)})


@requires("registry.workers")
@require_http_methods(["GET", "POST"])
def worker_new(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    if posted and request.POST.get("read"):
        return _read_document(request)
    form = WorkerForm(request.POST if posted else None)
    return posting.submit(
        request,
        form,
        lambda data: actions.worker_register(
            actor=actor_of(request),
            data=actions.WorkerInput(
                full_name=data["full_name"],
                destination=data["destination"],
                contract_id=data.get("contract"),
                birth_date=data.get("birth_date"),
                identity_number=data.get("identity_number") or "",
                passport_number=data.get("passport_number") or "",
                phone=data.get("phone") or "",
                family_contact=data.get("family_contact") or "",
                departed_on=data.get("departed_on"),
            ),
        ),
        lambda worker: redirect("registry:worker", worker.pk),
        lambda: _worker_page(request, form),
    )


def _worker_page(
    request: HttpRequest,
    form: WorkerForm,
    *,
    read: identity.ReadDocument | None = None,
) -> HttpResponse:
    """The worker's form, with the identity document box (pasted, typed by a scanner or
    read by the camera: ``core/card_scan.js``); the page alone may use the camera."""
    context: dict[str, Any] = {
        "title": _("Register a worker abroad"),
        "identity_paste": True,
        "read": read,
    }
    response = posting.form_page(request, "registry/form.html", form, context)
    response["Permissions-Policy"] = identity.CAMERA_POLICY
    return response


def _read_document(request: HttpRequest) -> HttpResponse:
    """Fill the worker's fields from a QR code or an MRZ (``ctip.core.identity.read``, the
    cases' intake reads with it too); nothing is saved."""
    data = request.POST.copy()
    try:
        read = identity.read(data.get("scan", ""))
    except ValueError as error:
        form = WorkerForm(data)
        form.is_valid()
        form.errors.clear()
        form.add_error("scan", str(error))
        return _worker_page(request, form)
    data["full_name"] = read.full_name
    if read.birth_date is not None:
        data["birth_date"] = read.birth_date.isoformat()
    if read.kind == "passport":
        data["passport_number"] = read.number
    else:
        data["identity_number"] = read.number
    return _worker_page(request, WorkerForm(initial=data), read=read)


@requires("registry.workers")
def worker_detail(request: HttpRequest, worker_id: int) -> HttpResponse:
    detail = selectors_abroad.worker(actor_of(request), worker_id)
    return render(
        request, "registry/worker_detail.html", {"detail": detail, "form": OrientationForm()}
    )


@requires("registry.workers")
@require_POST
def worker_orientation(request: HttpRequest, worker_id: int) -> HttpResponse:
    def again(_: int, form: Form) -> HttpResponse:
        detail = selectors_abroad.worker(actor_of(request), worker_id)
        return render(
            request, "registry/worker_detail.html", {"detail": detail, "form": form}, status=400
        )

    return posting.post(
        request,
        lambda actor: worker_id,
        lambda _: redirect("registry:worker", worker_id),
        lambda actor, _, data: actions.orientation_record(
            actor=actor,
            data=actions.OrientationInput(
                worker_id=worker_id,
                course=data["course"],
                completed_on=data["completed_on"],
                provider=data.get("provider") or "",
                certificate=data.get("certificate") or "",
            ),
        ),
        form_class=OrientationForm,
        again=again,
    )


@requires("registry.workers")
@require_http_methods(["GET", "POST"])
def contract_new(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ContractForm(request.POST if posted else None)

    def register(data: dict[str, Any]) -> Any:
        from ctip.registry.engine import InvalidValue, licence_key

        try:
            enterprise = Enterprise.objects.get(licence_key=licence_key(data["enterprise"]))
        except (InvalidValue, Enterprise.DoesNotExist):
            raise ValidationError(
                {"enterprise": _("No enterprise with this licence number.")}
            ) from None
        fee = data.get("service_fee")
        brokerage, wage = data.get("brokerage"), data.get("wage")
        return actions.contract_register(
            actor=actor_of(request),
            data=actions.ContractInput(
                enterprise_id=enterprise.pk,
                number=data["number"],
                employer=data["employer"],
                destination=data["destination"],
                job=data["job"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                registered_on=data["registered_on"],
                service_fee_months=fee.months if fee else None,
                service_fee_vnd=fee.vnd if fee else None,
                brokerage_vnd=brokerage.vnd if brokerage else None,
                monthly_wage_vnd=wage.vnd if wage else None,
            ),
        )

    return posting.submit(
        request,
        form,
        register,
        lambda _contract: redirect("registry:workers"),
        lambda: posting.form_page(
            request, "registry/form.html", form, {"title": _("Register a contract")}
        ),
    )


@requires("registry.view")
def board_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    return render(
        request,
        "registry/board_list.html",
        {
            "boards": selectors_abroad.boards(actor),
            "may_manage": actor.has_ctip_perm("registry.manage"),
        },
    )


@requires("registry.manage")
@require_http_methods(["GET", "POST"])
def board_new(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = BoardForm(request.POST if posted else None)
    return posting.submit(
        request,
        form,
        lambda data: actions.board_save(
            actor=actor_of(request),
            data=actions.BoardInput(
                name=data["name"],
                country=data["country"],
                covers=tuple(c for c in (data.get("covers") or "").split(",") if c.strip()),
                agency_id=data["agency"].pk,
                email=data.get("email") or "",
                phone=data.get("phone") or "",
            ),
        ),
        lambda _board: redirect("registry:boards"),
        lambda: posting.form_page(
            request, "registry/form.html", form, {"title": _("Register a Labour Management Board")}
        ),
    )
