"""Where a person is held, as a compound of the register (``compounds`` sits below).

Hotline operators do not read the register (``compounds.view`` shows its sources,
operators' aliases and linked records): they choose a compound by one of its names under
their own permission, ``hotline.trace``, and learn its number, name and country only
(``compounds.selectors.compound_choices``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from ctip.compounds import selectors as compound_selectors
from ctip.core import audit
from ctip.core.models import User
from ctip.hotline.actions.common import raise_if, require_visible
from ctip.hotline.events import HotlineEvent
from ctip.hotline.models import TracingRequest

CHOOSER = "hotline.trace"
MAX_NAME = 200


def chosen_compound(
    actor: User, compound_id: int | None, name: str, errors: dict[str, list[str]]
) -> int | None:
    """The compound chosen by number (refused when outside the actor's scope), or the
    single one a name or alias names; an error when a name names none or several."""
    if compound_id:
        found = compound_selectors.compound_ref(actor, compound_id, permission=CHOOSER)
        if found is None:
            errors["compound_id"] = [_("There is no such compound. Choose one from the register.")]
            return None
        return found.id
    name = name.strip()
    if not name:
        return None
    rows = compound_selectors.compound_choices(actor, name[:MAX_NAME], permission=CHOOSER)
    if len(rows) != 1:
        errors["compound_name"] = [_("No single compound of the register has this name.")]
        return None
    return rows[0].id


def compound_from_place(actor: User, place: str) -> int | None:
    """The single compound a free description of the place names, else None."""
    if not place.strip() or len(place) > MAX_NAME:
        return None
    rows = compound_selectors.compound_choices(actor, place, permission=CHOOSER)
    return rows[0].id if len(rows) == 1 else None


@dataclass(frozen=True)
class CompoundInput:
    compound_id: int | None = None
    compound_name: str = ""  # a name or alias naming exactly one compound
    # Neither given: the request no longer names a compound.


def request_compound(
    *, actor: User, request: TracingRequest, data: CompoundInput
) -> TracingRequest:
    """Set, change or clear the compound where the person sought is held."""
    with transaction.atomic():
        require_visible(actor, request, CHOOSER)
        current = TracingRequest.objects.select_for_update().get(pk=request.pk)
        errors: dict[str, list[str]] = {}
        compound_id = chosen_compound(actor, data.compound_id, data.compound_name, errors)
        raise_if(errors)
        previous = current.compound_id
        if previous == compound_id:
            return current
        current.compound_id = compound_id
        current.save(update_fields=["compound"])
        audit.record(
            HotlineEvent.REQUEST_COMPOUND_CHANGED,
            actor=actor,
            target=current,
            fields=["compound"],
            data={"from": previous, "to": compound_id},
        )
    return current
