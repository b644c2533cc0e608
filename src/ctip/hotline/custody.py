"""The chain of custody of the hotline's evidence files: each hand (received, viewed,
exported, handed over) is a link of the platform's one custody log
(``ctip.core.custody``), with the same link body as intel's, so a link changed, inserted
or deleted later is found by walking the chain."""

from __future__ import annotations

from ctip.core import chain
from ctip.core.models import Agency, User
from ctip.hotline.models import CustodyStep, EvidenceCustody, TracingEvidence


def append(
    item: TracingEvidence,
    step: CustodyStep,
    actor: User,
    *,
    to_agency: Agency | None = None,
    note: str = "",
) -> EvidenceCustody:
    """Add one link, inside the caller's transaction."""
    return EvidenceCustody.append(item, step, actor, to_agency=to_agency, note=note)


def check(item: TracingEvidence) -> chain.ChainReport:
    """Walk the item's chain from its first link; the report names the first broken one."""
    return EvidenceCustody.verify(item)
