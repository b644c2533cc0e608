"""Pages of the compound register: a list, a page per compound, forms to record and change."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctip.compounds import actions, selectors
from ctip.compounds.forms import CompoundForm, StatusForm
from ctip.compounds.models import CompoundStatus
from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.core.pagination import page_of


@requires("compounds.view")
def compound_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    q = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")
    status = status if status in CompoundStatus.values else ""
    rows = selectors.compound_list(actor, q=q, status=status)
    return render(
        request,
        "compounds/list.html",
        {
            "page": page_of(request, rows),
            "q": q,
            "status": status,
            "statuses": CompoundStatus.choices,
            "may_record": actor.has_ctip_perm("compounds.change"),
        },
    )


@requires("compounds.change")
def compound_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = CompoundForm(posting.posted(request))
    return posting.submit(
        request,
        form,
        lambda _data: actions.compound_record(actor=actor, data=form.to_input()),
        lambda found: redirect("compounds:detail", compound_id=found.pk),
        lambda: posting.form_page(
            request, "compounds/form.html", form, {"title": _("Record a compound")}
        ),
        _("Compound recorded."),
    )


@requires("compounds.view")
def compound_detail(request: HttpRequest, compound_id: int) -> HttpResponse:
    page = selectors.compound_page(actor_of(request), compound_id)
    return render(
        request,
        "compounds/detail.html",
        {"c": page, "status_form": StatusForm() if page.editable else None},
    )


@requires("compounds.change")
def compound_edit(request: HttpRequest, compound_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.compound_for_edit(actor, compound_id)
    if not actions.register.may_edit(actor, found):
        raise PermissionDenied("compounds.change")
    initial = {
        "name": found.name,
        "aliases": "\n".join(found.aliases or ()),
        "country": found.country,
        "area": found.area,
        "latitude": found.latitude,
        "longitude": found.longitude,
        "operator_aliases": "\n".join(found.operator_aliases or ()),
        "sources": "\n".join(found.sources or ()),
        "version": found.version,
    }
    form = CompoundForm(posting.posted(request), initial=initial)
    return posting.submit(
        request,
        form,
        lambda data: actions.compound_change(
            actor=actor, compound=found, data=form.to_input(), version=data["version"] or 0
        ),
        lambda _changed: redirect("compounds:detail", compound_id=found.pk),
        lambda: posting.form_page(request, "compounds/form.html", form, {"title": found.name}),
        _("Compound changed."),
    )


@requires("compounds.change")
@require_POST
def compound_status(request: HttpRequest, compound_id: int) -> HttpResponse:
    return posting.post(
        request,
        lambda actor: selectors.compound_for_edit(actor, compound_id),
        lambda found: redirect("compounds:detail", compound_id=found.pk),
        lambda actor, found, d: actions.compound_set_status(
            actor=actor,
            compound=found,
            data=actions.StatusInput(status=d["status"], on=d["on"], note=d["note"]),
        ),
        _("Status changed."),
        form_class=StatusForm,
    )
