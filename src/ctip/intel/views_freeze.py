"""Pages of per-account freeze answers (``ctip.intel.actions.freeze_accounts``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.core.models import User
from ctip.core.scope import get_visible
from ctip.intel import actions
from ctip.intel.forms import AccountAnswerForm, ReturnForm
from ctip.intel.models import FreezeAccount, FreezeRequest, FreezeStatus


def request_input(data: dict[str, Any]) -> actions.FreezeRequestInput:
    """What the freeze form says (its institution, or none to route each account)."""
    return actions.FreezeRequestInput(
        institution=data["institution"],
        indicators=list(data["indicators"]),
        reports=list(data["reports"]),
        legal_basis=data["legal_basis"],
        deadline=data["deadline"],
    )


def issue_routed(actor: User, data: dict[str, Any]) -> list[FreezeRequest]:
    return actions.freeze_requests_issue(actor=actor, data=request_input(data))


def accounts_context(found: FreezeRequest, *, answering: bool) -> dict[str, Any]:
    rows = list(FreezeAccount.objects.filter(request=found).select_related("indicator"))
    return {
        "account_rows": rows,
        "answering": answering and found.status == FreezeStatus.SENT,
        "liaison": answering,
        "account_form": AccountAnswerForm(),
        "return_form": ReturnForm(),
    }


def _account(request: HttpRequest, account_id: int) -> FreezeAccount:
    actor = actor_of(request)
    found = get_visible(
        FreezeAccount.objects.select_related("request__institution", "indicator"),
        actor,
        "intel.answer_freeze",
        pk=account_id,
    )
    if not found.request.institution.path.startswith(actor.agency.path):
        from django.http import Http404

        raise Http404
    return found


def _back(account: FreezeAccount) -> HttpResponse:
    return redirect("intel:inbox_detail", freeze_id=account.request_id)


@requires("intel.answer_freeze")
@require_POST
def account_answer(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    return posting.post(
        request,
        lambda actor: account,
        _back,
        lambda actor, account, data: actions.freeze_account_answer(
            actor=actor,
            account=account,
            data=actions.AccountAnswerInput(
                outcome=data["outcome"],
                amount_held_vnd=None
                if data["amount_held_vnd"] is None
                else data["amount_held_vnd"].vnd,
                reason=data["reason"],
            ),
        ),
        _("Answer for %(a)s sent.") % {"a": account.indicator.display},
        form_class=AccountAnswerForm,
    )


@requires("intel.answer_freeze")
@require_POST
def account_release(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    return posting.run(
        request,
        _back(account),
        lambda: actions.freeze_account_release(actor=actor_of(request), account=account),
        _("The freeze of %(a)s was released.") % {"a": account.indicator.display},
    )


@requires("intel.answer_freeze")
@require_POST
def account_return(request: HttpRequest, account_id: int) -> HttpResponse:
    return posting.post(
        request,
        lambda actor: _account(request, account_id),
        _back,
        lambda actor, account, data: actions.freeze_account_return(
            actor=actor, account=account, amount_vnd=data["amount_vnd"].vnd
        ),
        _("Money returned to victims recorded."),
        form_class=ReturnForm,
    )
