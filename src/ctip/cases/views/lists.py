"""Pages of the cases app before a case is open: the worker's list, intake, the hand-over
import, search and the providers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ctip.cases import actions, imports, jobs, search, selectors
from ctip.cases.forms import (
    IdentityScanForm,
    ImportForm,
    IntakeForm,
)
from ctip.cases.models import Sex
from ctip.core import identity, posting
from ctip.core import jobs as core_jobs
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.core.pagination import page_of


@requires("cases.view_case")
def case_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    show = request.GET.get("show", "mine")
    found = selectors.case_list_page(actor, show=show, page_number=request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": found.page,
            "show": show,
            "query": f"show={show}",
            "overdue": found.overdue,
            "incoming": found.incoming,
            "incoming_handovers": found.incoming_handovers,
        },
    )


@requires("cases.intake")
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST" and "read" in request.POST:
        return _read_card(request)
    form = IntakeForm(
        request.POST or None,
        initial={"intake_date": timezone.localdate()},
        actor=actor,
    )

    def open_case(data: dict[str, Any]) -> Any:
        age = data["age"]
        return actions.case_open(
            actor=actor,
            data=actions.CaseOpenInput(
                idempotency_key=f"form:{actor.pk}:{data['idempotency_key']}",
                full_name=data["full_name"],
                sex=data["sex"],
                birth_date=data["birth_date"],
                age_min=age,
                age_max=age,
                age_basis=data["age_basis"],
                identity_number=data["identity_number"],
                phone=data["phone"],
                home_province=data["home_province"],
                intake_channel=data["intake_channel"],
                intake_date=data["intake_date"],
                exploitation_country=data["exploitation_country"],
                compound=data["compound"],
                compound_id=data.get("compound_id"),
                exit_mode=data["exit_mode"],
                assigned_worker=actor,
                consent_processing=data["consent_processing"],
                consent_later_contact=data["consent_later_contact"],
            ),
        )

    def opened(result: Any) -> HttpResponse:
        if not result.created:
            messages.info(request, _("This form was already sent; here is the case."))
        return redirect("cases:detail", case_id=result.case.pk)

    return posting.submit(
        request,
        form,
        open_case,
        opened,
        lambda: _intake_page(request, form, IdentityScanForm()),
        lambda result: [_("Case %s opened.") % result.case.reference] if result.created else [],
    )


def _intake_page(
    request: HttpRequest,
    form: IntakeForm,
    scan_form: IdentityScanForm,
    *,
    read: identity.ReadDocument | None = None,
) -> HttpResponse:
    """The intake's form and the identity document's box; 400 when either was refused."""
    context: dict[str, Any] = {"scan_form": scan_form, "read": read}
    if read is not None:
        context["sex_label"] = dict(Sex.choices).get(read.sex, Sex.UNKNOWN.label)
    response = posting.form_page(request, "cases/case_new.html", form, context, also=(scan_form,))
    response["Permissions-Policy"] = identity.CAMERA_POLICY
    return response


def _read_card(request: HttpRequest) -> HttpResponse:
    """Fill the intake's fields from the citizen card's QR code (or a passport's MRZ) and
    show what was read for the officer to check; nothing is saved."""
    actor = actor_of(request)
    today = timezone.localdate()
    scan_form = IdentityScanForm(request.POST)
    if scan_form.is_valid():
        try:
            read = identity.read(scan_form.cleaned_data["scan"])
        except ValueError as error:
            scan_form.add_error("scan", str(error))
        else:
            initial = {
                "intake_date": today,
                "full_name": read.full_name,
                "sex": read.sex if read.sex in Sex.values else Sex.UNKNOWN,
                "birth_date": read.birth_date,
                "identity_number": read.number,
            }
            form = IntakeForm(initial=initial, actor=actor)
            return _intake_page(request, form, IdentityScanForm(), read=read)
    form = IntakeForm(initial={"intake_date": today}, actor=actor)
    return _intake_page(request, form, scan_form)


@requires("cases.intake")
@require_http_methods(["GET", "POST"])
def case_import(request: HttpRequest) -> HttpResponse:
    """Check the list is readable, then import it in the background (ctip.cases.jobs)."""
    actor = actor_of(request)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"handover_date": timezone.localdate(), "intake_channel": "handover"},
    )

    def start(data: dict[str, Any]) -> Any:
        upload = data["file"]
        content = upload.read()
        imports.check_list(
            file_name=upload.name or "", content=content, handover_date=data["handover_date"]
        )
        return core_jobs.start(
            actor=actor,
            kind=jobs.IMPORT,
            params={
                "handover_date": data["handover_date"].isoformat(),
                "intake_channel": data["intake_channel"],
                "exploitation_country": data["exploitation_country"],
            },
            upload=content,
            upload_name=upload.name or "",
        )

    return posting.submit(
        request,
        form,
        start,
        lambda job: redirect("core:job", job.pk),
        lambda: posting.form_page(request, "cases/case_import.html", form),
    )


@requires("cases.view_case")
def provider_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.providers(actor_of(request))
    return render(request, "cases/provider_list.html", {"page": page_of(request, rows)})


@requires("cases.view_case")
def case_search(request: HttpRequest) -> HttpResponse:
    """Search cases within scope by name, identity number or phone (every search audited)."""
    actor = actor_of(request)
    query = request.GET.get("q", "")
    context: dict[str, Any] = {"query": query}
    if query.strip():
        try:
            context["result"] = search.search_cases(actor, query)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
    return render(
        request, "cases/search.html", context, status=400 if context.get("error") else 200
    )
