"""The chain of custody of the hotline's evidence files, on the platform's one hash chain
(``ctip.core.chain``), with the same body as intel's custody log: each hand (received,
viewed, exported, handed over) commits to the one before and to the file's SHA-256, so a
link changed, inserted or deleted later is found by walking the chain. Unkeyed, as
intel's: a prosecutor re-checks it from an export alone."""

from __future__ import annotations

from datetime import UTC

from ctip.core import chain
from ctip.core.models import Agency, User
from ctip.hotline.models import CustodyStep, EvidenceCustody, TracingEvidence


def body(event: EvidenceCustody, sha256: str) -> dict[str, object]:
    return {
        "seq": event.seq,
        "evidence_sha256": sha256,
        "action": event.step,
        "actor": event.actor_label,
        "agency": event.agency.code,
        "to_agency": event.to_agency.code if event.to_agency else "",
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "note": event.note,
    }


def append(
    item: TracingEvidence,
    step: CustodyStep,
    actor: User,
    *,
    to_agency: Agency | None = None,
    note: str = "",
) -> EvidenceCustody:
    """Add one link, inside the caller's transaction (the item's row is locked so that two
    hands at once cannot take the same number)."""
    TracingEvidence.objects.select_for_update().filter(pk=item.pk).exists()
    last = EvidenceCustody.objects.filter(evidence=item).order_by("-seq").first()
    event = EvidenceCustody(
        evidence=item,
        seq=(last.seq + 1) if last else 1,
        step=step,
        actor=actor,
        actor_label=actor.get_username(),
        agency=actor.agency,
        to_agency=to_agency,
        note=note,
        prev_hash=last.hash if last else chain.GENESIS,
    )
    event.hash = chain.link(event.prev_hash, body(event, item.sha256))
    event.save()
    return event


def check(item: TracingEvidence) -> chain.ChainReport:
    """Walk the item's chain from its first link; the report names the first broken one."""
    events = EvidenceCustody.objects.filter(evidence=item).select_related("agency", "to_agency")
    return chain.walk(
        chain.Link(e.seq, e.prev_hash, e.hash, body(e, item.sha256)) for e in events.order_by("seq")
    )
