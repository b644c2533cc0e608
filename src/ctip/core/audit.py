"""The audit trail: append-only, hash-chained, written in the same transaction as the change.

Each event's hash is SHA-256 over the previous hash and a canonical JSON of the event,
so altering, inserting or deleting any event breaks the chain from that point on.
``verify`` walks the chain and names the first broken link. Events carry identifiers
and field names, never the personal values themselves.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from ctip.core.models import AuditEvent

if TYPE_CHECKING:
    from ctip.core.models import User

GENESIS = "0" * 64
_PG_LOCK_ID = 7_151_000_001


def _canonical(event: AuditEvent) -> bytes:
    body = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "agency": event.agency_id,
        "agency_path": event.agency_path,
        "event_type": event.event_type,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "fields": list(event.fields),
        "data": event.data,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(prev_hash.encode() + b"\n" + _canonical(event)).hexdigest()


def _lock_chain() -> None:
    # SQLite serialises writers already (transactions begin IMMEDIATE); PostgreSQL needs
    # a lock so two transactions cannot both append after the same head.
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_ID])


def target_ref(target: Model | tuple[str, str] | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        return target
    return target._meta.label_lower, str(target.pk)


def record(
    event_type: str,
    *,
    actor: User | None,
    target: Model | tuple[str, str] | None = None,
    fields: Iterable[str] = (),
    data: dict[str, Any] | None = None,
    agency: Any = None,
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records."""
    if not connection.in_atomic_block:
        raise RuntimeError("Audit events are written inside the action's transaction.")
    _lock_chain()
    head = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    agency = agency if agency is not None else (actor.agency if actor is not None else None)
    target_type, target_id = target_ref(target)
    event = AuditEvent(
        seq=(head.seq + 1) if head else 1,
        occurred_at=timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_label=actor.username if actor is not None else "system",
        agency_id=agency.pk if agency is not None else None,
        agency_path=agency.path if agency is not None else "",
        event_type=event_type,
        target_type=target_type,
        target_id=target_id,
        fields=sorted(fields),
        data=data or {},
        prev_hash=head.hash if head else GENESIS,
    )
    event.hash = compute_hash(event.prev_hash, event)
    event.save(force_insert=True)
    return event


def record_read(actor: User, target: Model, *, fields: Iterable[str] = ()) -> AuditEvent:
    """Record that ``actor`` opened a person's record (its own transaction if none)."""
    with transaction.atomic():
        return record("RECORD_VIEWED", actor=actor, target=target, fields=fields)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head_hash: str
    problem: str | None = None
    seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _walk(events: Iterator[AuditEvent]) -> ChainReport:
    prev_hash = GENESIS
    expected_seq = 1
    checked = 0
    for event in events:
        if event.seq != expected_seq:
            kind = "deleted" if event.seq > expected_seq else "inserted"
            return ChainReport(
                checked,
                prev_hash,
                f"event {expected_seq} is missing or one was {kind} before #{event.seq}",
                expected_seq,
            )
        if event.prev_hash != prev_hash:
            return ChainReport(
                checked,
                prev_hash,
                f"event #{event.seq} does not follow the previous event "
                "(an event was inserted or deleted before it)",
                event.seq,
            )
        if compute_hash(prev_hash, event) != event.hash:
            return ChainReport(
                checked,
                prev_hash,
                f"event #{event.seq} was altered after it was written",
                event.seq,
            )
        prev_hash = event.hash
        expected_seq += 1
        checked += 1
    return ChainReport(checked, prev_hash)


def verify() -> ChainReport:
    return _walk(AuditEvent.objects.order_by("seq").iterator(chunk_size=2000))
