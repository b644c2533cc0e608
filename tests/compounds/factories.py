from __future__ import annotations

from ctip.compounds import actions
from ctip.compounds.models import Compound
from ctip.core.models import User


def make_compound(actor: User, name: str = "KK Park", **kw: object) -> Compound:
    data = actions.CompoundInput(
        name=name,
        country=str(kw.pop("country", "Myanmar")),
        area=str(kw.pop("area", "Myawaddy")),
        aliases=tuple(kw.pop("aliases", ("K.K. Park", "KK园区"))),  # type: ignore[arg-type]
        operator_aliases=("Boss Wang",),
        sources=("Partner message 12/2025",),
    )
    return actions.compound_record(actor=actor, data=data)
