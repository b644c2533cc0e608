"""What another app (criminal proceedings) may read of a victim's protection case."""

from __future__ import annotations

from dataclasses import dataclass

from ctip.cases.selectors.listing import case
from ctip.core.models import User


@dataclass(frozen=True)
class VictimCaseRef:
    """What criminal proceedings may copy of a protection case: never the identity."""

    case_id: int
    reference: str
    sex: str
    under_16: bool
    under_18: bool  # a child at intake by age, or so recorded on the case
    consent_to_share: bool


def victim_case_ref(actor: User, case_id: int) -> VictimCaseRef:
    """A protection case the actor may see (404 otherwise), for a criminal case to refer to.

    ``consent_to_share`` says whether the victim agreed to sharing with the actor's agency
    (the lead agency needs no consent): proceedings refuses the link without it."""
    from ctip.cases.actions import consent_allows_sharing

    found = case(actor, case_id)
    year = found.person.birth_year
    return VictimCaseRef(
        case_id=found.pk,
        reference=found.reference,
        sex=found.person.sex,
        under_16=year is not None and found.intake_date.year - year < 16,
        under_18=found.child or (year is not None and found.intake_date.year - year < 18),
        consent_to_share=consent_allows_sharing(found, actor.agency),
    )
