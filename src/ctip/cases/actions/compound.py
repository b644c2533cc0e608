"""Which compound of the register a case refers to (``compounds`` sits below cases).

The free text the person gave stays on the case; the link is added when the officer
chooses a compound, or when the text names exactly one compound the officer may read
(by any name or alias, without accents or case)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.cases.actions.checks import bump, require_lead
from ctip.cases.events import CasesEvent
from ctip.cases.models import Case
from ctip.compounds import selectors as compound_selectors
from ctip.core import audit
from ctip.core.models import User


def chosen_compound(actor: User, compound_id: int | None, text: str = "") -> int | None:
    """The compound to link: the one chosen (refused when the actor may not read it), or
    the single compound the free text names; None when nothing fits."""
    may_read = actor.has_ctip_perm("compounds.view")
    if compound_id:
        found = compound_selectors.compound_ref(actor, compound_id) if may_read else None
        if found is None:
            raise ValidationError(
                {"compound_id": _("There is no such compound. Choose one from the register.")}
            )
        return found.id
    if may_read and text.strip():
        rows = compound_selectors.compound_list(actor, q=text)
        if len(rows) == 1:
            return rows[0].id
    return None


@dataclass(frozen=True)
class CaseCompoundInput:
    compound_id: int | None
    version: int | None = None


@transaction.atomic
def case_compound_link(*, actor: User, case: Case, data: CaseCompoundInput) -> Case:
    """Link the case to a compound of the register, or unlink it (``compound_id`` None)."""
    require_lead(actor, case, "cases.change_case")
    compound_id = chosen_compound(actor, data.compound_id) if data.compound_id else None
    case = bump(case, data.version, linked_compound_id=compound_id)
    audit.record(
        CasesEvent.CASE_COMPOUND_LINKED,
        actor=actor,
        target=case,
        fields=["linked_compound"],
        data={"compound": compound_id},
    )
    return case
