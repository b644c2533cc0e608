"""API of routed freeze requests and per-account answers (``ctip.intel.actions``),
mounted on the intel router."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Status

from ctip.core.auth import actor_of, needs
from ctip.core.scope import get_visible
from ctip.intel import actions, selectors
from ctip.intel.models import FreezeAccount, FreezeRequest, Indicator, Report
from ctip.intel.schemas import AccountAnswerIn, FreezeIn


def accounts(found: FreezeRequest) -> list[dict[str, Any]]:
    rows = list(FreezeAccount.objects.filter(request=found).select_related("indicator"))
    if not rows:
        return [
            {"kind": a.kind, "key": a.key, "display": a.display}
            for a in selectors.request_accounts(found)
        ]
    return [
        {
            "id": row.pk,
            "kind": row.indicator.kind,
            "key": row.indicator.key,
            "display": row.indicator.display,
            "outcome": row.outcome,
            "amount_held_vnd": row.amount_held_vnd,
            "reason": row.reason,
            "released_at": row.released_at,
            "returned_vnd": row.returned_vnd,
        }
        for row in rows
    ]


def mount(router: Router, out: Any) -> None:
    """Add the operations to the intel router (``out`` is its FreezeOut schema)."""
    from ctip.intel.api import _freeze

    @router.post(
        "/freeze-requests",
        response={201: list[out]},
        auth=needs("intel.request_freeze"),
        summary="Send accounts to be frozen; each goes to the institution that holds it",
    )
    def freeze_issue(request: HttpRequest, payload: FreezeIn) -> Status:
        actor = actor_of(request)
        found = {i.pk: i for i in Indicator.objects.filter(pk__in=payload.indicators)}
        linked = {r.pk: r for r in Report.objects.filter(pk__in=payload.reports)}
        missing = [str(pk) for pk in payload.indicators if pk not in found]
        missing += [str(pk) for pk in payload.reports if pk not in linked]
        if missing:
            raise ValidationError(
                {"indicators": [f"No such indicator or report: {', '.join(missing)}."]}
            )
        sent = actions.freeze_requests_issue(
            actor=actor,
            data=actions.FreezeRequestInput(
                indicators=[found[pk] for pk in dict.fromkeys(payload.indicators)],
                reports=[linked[pk] for pk in dict.fromkeys(payload.reports)],
                legal_basis=payload.legal_basis,
                deadline=payload.deadline,
            ),
        )
        return Status(201, [_freeze(f) for f in sent])

    @router.post(
        "/freeze-requests/{freeze_id}/accounts/{account_id}/answer",
        response=out,
        auth=needs("intel.answer_freeze"),
        summary="Answer for one account: frozen (with the amount), not_found, closed, refused",
    )
    def account_answer(
        request: HttpRequest, freeze_id: int, account_id: int, payload: AccountAnswerIn
    ) -> dict[str, Any]:
        actor = actor_of(request)
        found = selectors.inbox_request(actor, freeze_id)
        row = get_visible(
            FreezeAccount.objects.filter(request=found),
            actor,
            "intel.answer_freeze",
            pk=account_id,
        )
        actions.freeze_account_answer(
            actor=actor,
            account=row,
            data=actions.AccountAnswerInput(
                outcome=payload.outcome,
                amount_held_vnd=payload.amount_held_vnd,
                reason=payload.reason,
            ),
        )
        found.refresh_from_db()
        return _freeze(found)
