"""The registry's pages: the public recruiter lookup, the register, an enterprise with
its history, a status change and the import of a published list."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ctip.core import jobs as core_jobs
from ctip.core.access import public, requires
from ctip.core.actions import StaleEdit
from ctip.core.auth import actor_of
from ctip.core.forms import add_errors
from ctip.core.pagination import page_of
from ctip.core.throttle import rate_limited
from ctip.registry import actions, jobs, selectors
from ctip.registry.forms import FilterForm, ImportForm, LookupForm, StatusForm


def lookup_rate() -> int:
    return settings.CTIP_REGISTRY_LOOKUPS_PER_MINUTE


@public
@require_http_methods(["GET"])
@rate_limited(
    "registry-lookup",
    lookup_rate,
    page="registry/lookup.html",
    context=lambda request: {"form": LookupForm(request.GET or None)},
    methods=("GET",),
)
def lookup(request: HttpRequest) -> HttpResponse:
    asked = bool(request.GET)
    form = LookupForm(request.GET if asked else None)
    context: dict[str, Any] = {"form": form}
    if not asked:
        return render(request, "registry/lookup.html", context)
    if not form.is_valid():
        return render(request, "registry/lookup.html", context, status=400)
    data = form.cleaned_data
    wage = data.get("wage")
    try:
        context["result"] = selectors.public_lookup(
            data["q"],
            destination=data.get("destination") or "",
            job=data.get("job") or "",
            fee=data.get("fee") or "",
            fee_kind=data.get("fee_kind") or "any",
            contract_months=data.get("contract_months"),
            monthly_wage_vnd=wage.vnd if wage is not None else None,
        )
    except ValueError as error:
        form.add_error("fee", str(error))
        return render(request, "registry/lookup.html", context, status=400)
    return render(request, "registry/lookup.html", context)


@public
@require_http_methods(["GET"])
@rate_limited(
    "registry-lookup",
    lookup_rate,
    page="registry/status_changes.html",
    context=lambda request: {"changes": []},
    methods=("GET",),
)
def status_changes(request: HttpRequest) -> HttpResponse:
    """The public list of suspended, revoked and restored licences."""
    return render(
        request,
        "registry/status_changes.html",
        {"changes": selectors.status_changes(), "days": selectors.PUBLISHED_DAYS},
    )


@requires("registry.view")
def enterprise_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.enterprises(
        actor_of(request), query=data.get("q", ""), status=data.get("status", "")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/enterprise_list.html",
        {
            "form": form,
            "page": page_of(request, rows),
            "query": query.urlencode(),
            "may_manage": actor_of(request).has_ctip_perm("registry.manage"),
        },
    )


@requires("registry.view")
def enterprise_detail(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    detail = selectors.enterprise(actor_of(request), enterprise_id)
    actor = actor_of(request)
    form = StatusForm(
        initial={"status": detail.enterprise.status, "version": detail.enterprise.version}
    )
    return render(
        request,
        "registry/enterprise_detail.html",
        {"detail": detail, "form": form, "may_manage": actor.has_ctip_perm("registry.manage")},
    )


@requires("registry.manage")
@require_POST
def enterprise_status(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    actor = actor_of(request)
    detail = selectors.enterprise(actor, enterprise_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.enterprise_set_status(
                actor=actor,
                data=actions.StatusInput(
                    enterprise_id=enterprise_id,
                    status=data["status"],
                    decision=data.get("decision") or "",
                    decided_on=data.get("decided_on"),
                    version=data["version"],
                ),
            )
        except ValidationError as error:
            add_errors(error, form)
        except StaleEdit as error:
            form.add_error(None, str(error))
        else:
            return redirect("registry:enterprise", enterprise_id)
    return render(
        request,
        "registry/enterprise_detail.html",
        {"detail": detail, "form": form, "may_manage": True},
        status=400,
    )


@requires("registry.manage")
@require_http_methods(["GET", "POST"])
def list_import(request: HttpRequest) -> HttpResponse:
    """Check the upload, then import it in the background (ctip.registry.jobs)."""
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        job = core_jobs.start(
            actor=actor_of(request),
            kind=jobs.IMPORT,
            upload=upload.read(),
            upload_name=upload.name or "",
        )
        return redirect("core:job", job.pk)
    return render(request, "registry/import.html", {"form": form}, status=400 if posted else 200)
