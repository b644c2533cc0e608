"""The page where an intelligence administrator declares which institution holds which
bank code (BIN), e-wallet or mobile operator, so freeze requests reach the right one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.intel import actions, selectors
from ctip.intel.forms import InstitutionCodeForm


@requires("intel.manage_institutions")
@require_http_methods(["GET", "POST"])
def institution_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = InstitutionCodeForm(request.POST or None, institutions=selectors.institutions(actor))
    return posting.submit(
        request,
        form,
        lambda data: actions.institution_code_add(
            actor=actor,
            data=actions.InstitutionCodeInput(
                agency_id=data["agency"].pk, kind=data["kind"], code=data["code"]
            ),
        ),
        lambda _added: redirect("intel:institutions"),
        lambda: posting.form_page(
            request,
            "intel/institutions.html",
            form,
            {"rows": selectors.institution_holdings(actor)},
        ),
        _("Declared. Freeze requests for it now go there."),
    )


@requires("intel.manage_institutions")
@require_POST
def institution_code_remove(request: HttpRequest, institution_code_id: int) -> HttpResponse:
    actor = actor_of(request)
    row = selectors.institution_code(actor, institution_code_id)
    actions.institution_code_remove(actor=actor, row=row)
    messages.success(request, _("Withdrawn. Freeze requests for it are refused until declared."))
    return redirect("intel:institutions")
