"""API of the compound register: /api/v1/compounds/..."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from ctip.compounds import actions, selectors
from ctip.compounds.schemas import (
    AccessIn,
    CompoundChangeIn,
    CompoundDetailOut,
    CompoundIn,
    CompoundOut,
    CompoundStatusIn,
)
from ctip.core.auth import actor_of, needs
from ctip.core.schemas import Id

router = Router(tags=["compounds"])


def _input(payload: CompoundIn) -> actions.CompoundInput:
    return actions.CompoundInput(
        name=payload.name,
        country=payload.country,
        area=payload.area,
        aliases=tuple(payload.aliases),
        operator_aliases=tuple(payload.operator_aliases),
        sources=tuple(payload.sources),
        latitude=payload.latitude,
        longitude=payload.longitude,
    )


def _detail(actor: Any, compound_id: int) -> dict[str, Any]:
    return dataclasses.asdict(selectors.compound_page(actor, compound_id))


@router.get("", response=list[CompoundOut], auth=needs("compounds.view"), summary="Find compounds")
def compound_list(
    request: HttpRequest,
    q: str = "",
) -> list[Any]:
    return [dataclasses.asdict(r) for r in selectors.compound_list(actor_of(request), q=q[:100])]


@router.post(
    "",
    response={201: CompoundDetailOut},
    auth=needs("compounds.change"),
    summary="Record a compound",
)
def compound_create(request: HttpRequest, payload: CompoundIn) -> Status:
    actor = actor_of(request)
    found = actions.compound_record(actor=actor, data=_input(payload))
    return Status(201, _detail(actor, found.pk))


@router.get(
    "/{compound_id}",
    response=CompoundDetailOut,
    auth=needs("compounds.view"),
    summary="A compound and what is linked to it",
)
def compound_detail(request: HttpRequest, compound_id: Id) -> dict[str, Any]:
    return _detail(actor_of(request), compound_id)


@router.patch(
    "/{compound_id}",
    response=CompoundDetailOut,
    auth=needs("compounds.change"),
    summary="Change a compound",
)
def compound_change(
    request: HttpRequest, compound_id: Id, payload: CompoundChangeIn
) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.compound_for_edit(actor, compound_id)
    actions.compound_change(
        actor=actor, compound=found, data=_input(payload), version=payload.version
    )
    return _detail(actor, compound_id)


@router.post(
    "/{compound_id}/status",
    response=CompoundDetailOut,
    auth=needs("compounds.change"),
    summary="Change a compound's status (raided, closed, active again)",
)
def compound_status(
    request: HttpRequest, compound_id: Id, payload: CompoundStatusIn
) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.compound_for_edit(actor, compound_id)
    actions.compound_set_status(
        actor=actor,
        compound=found,
        data=actions.StatusInput(status=payload.status.value, on=payload.on, note=payload.note),
    )
    return _detail(actor, compound_id)


@router.post(
    "/{compound_id}/access",
    response=CompoundDetailOut,
    auth=needs("compounds.change"),
    summary="Open a compound to exactly one more agency",
)
def compound_access(request: HttpRequest, compound_id: Id, payload: AccessIn) -> dict[str, Any]:
    actor = actor_of(request)
    found = selectors.compound_for_edit(actor, compound_id)
    actions.compound_open_to(
        actor=actor,
        compound=found,
        data=actions.AccessInput(agency_id=payload.agency, can_edit=payload.can_edit),
    )
    return _detail(actor, compound_id)
