"""What the case page and the API show of a child's case: age, guardians, best interests,
and where the case stands in the steps of Decree 56/2017/NĐ-CP."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ctip.cases.age import age_facts
from ctip.cases.engine.children import (
    AGE_BAND_LABELS,
    PLACEMENT_LABELS,
    RELATION_LABELS,
    STEPS,
    AgeBand,
    Placement,
    Relation,
    age_band,
)
from ctip.cases.labels import age_basis_label, label
from ctip.cases.models import (
    AgeDetermination,
    BestInterests,
    Case,
    CasePlan,
    FollowUp,
    Guardian,
    Referral,
    ServiceDelivery,
)


@dataclass(frozen=True)
class GuardianRow:
    id: int
    full_name: str
    relation: str
    relation_label: str
    suspected: bool
    appointed_by: str
    may_act: bool


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    done: bool


@dataclass(frozen=True)
class ChildFile:
    band: str  # under_16, under_18, presumed_child, adult, unknown
    band_label: str
    is_child: bool
    age_basis_label: str
    determined: bool
    determination: str  # a sentence, "" when not determined
    guardians: tuple[GuardianRow, ...]
    placement_label: str
    placement_with: str
    best_interests_on: dt.date | None
    commune_officer: str
    steps: tuple[Step, ...]


def child_file(case: Case) -> ChildFile:
    """The children's part of a case (for an actor who already reads the case)."""
    band = age_band(age_facts(case), timezone.localdate())
    determination = AgeDetermination.objects.filter(case=case).first()
    sentence = ""
    if determination is not None:
        sentence = " · ".join(
            part
            for part in (
                label(AGE_BAND_LABELS[AgeBand.UNDER_18 if determination.child else AgeBand.ADULT]),
                str(determination.age) if determination.age is not None else "",
                age_basis_label(determination.basis),
                determination.determined_on.strftime("%d/%m/%Y"),
            )
            if part
        )
    guardians = tuple(
        GuardianRow(
            id=g.pk,
            full_name=g.full_name,
            relation=g.relation,
            relation_label=label(RELATION_LABELS[Relation(g.relation)]),
            suspected=g.suspected,
            appointed_by=g.appointed_by,
            may_act=not g.suspected,
        )
        for g in Guardian.objects.filter(case=case)
    )
    best = BestInterests.objects.filter(case=case).first()
    done = {
        "receive": True,
        "assess": best is not None,
        "plan": CasePlan.objects.filter(case=case).exists(),
        "carry_out": Referral.objects.filter(case=case).exists()
        or ServiceDelivery.objects.filter(case=case).exists(),
        "review": FollowUp.objects.filter(case=case, done_on__isnull=False).exists(),
        "close": case.status == "closed",
    }
    return ChildFile(
        band=band.value,
        band_label=label(AGE_BAND_LABELS[band]),
        is_child=case.child or band in {AgeBand.UNDER_16, AgeBand.UNDER_18, AgeBand.PRESUMED_CHILD},
        age_basis_label=age_basis_label(case.person.age_basis),
        determined=determination is not None,
        determination=sentence,
        guardians=guardians,
        placement_label=label(PLACEMENT_LABELS[Placement(best.placement)]) if best else "",
        placement_with=best.placement_with if best else "",
        best_interests_on=best.decided_on if best else None,
        commune_officer=best.commune_officer if best else "",
        steps=tuple(Step(code, label(text), done[code]) for code, text in STEPS),
    )
