"""API of the declarations of which institution holds which bank code (BIN), e-wallet or
mobile operator (``ctip.intel.actions.institutions``), mounted on the intel router."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from ctip.core.auth import actor_of, needs
from ctip.core.schemas import Id
from ctip.intel import actions, selectors
from ctip.intel.schemas import InstitutionCodeIn, InstitutionCodeOut


def holding_list(request: HttpRequest):
    """Every declaration, in words: the institution, what it holds, which one."""
    return selectors.institution_holdings(actor_of(request))


def holding_create(request: HttpRequest, payload: InstitutionCodeIn):
    """Declare that an institution holds a code; freeze requests for it go there."""
    actor = actor_of(request)
    row = actions.institution_code_add(
        actor=actor,
        data=actions.InstitutionCodeInput(
            agency_id=payload.agency_id, kind=payload.kind.value, code=payload.code
        ),
    )
    found = [h for h in selectors.institution_holdings(actor) if h.id == row.pk]
    return Status(201, found[0])


def holding_delete(request: HttpRequest, institution_code_id: Id):
    """Withdraw a declaration: freeze requests for it are refused until declared again."""
    actor = actor_of(request)
    actions.institution_code_remove(
        actor=actor, row=selectors.institution_code(actor, institution_code_id)
    )
    return Status(204, None)


def mount(router: Router) -> None:
    permission = needs("intel.manage_institutions")
    router.get("/institution-codes", response=list[InstitutionCodeOut], auth=permission)(
        holding_list
    )
    router.post("/institution-codes", response={201: InstitutionCodeOut}, auth=permission)(
        holding_create
    )
    router.delete(
        "/institution-codes/{institution_code_id}", response={204: None}, auth=permission
    )(holding_delete)
