"""The audit trail: append-only, chained under a key, written in the same transaction as
the change, with signed checkpoints of its head kept outside the database.

Each event's hash is HMAC-SHA256, under the audit key (``CTIP_AUDIT_KEY``, kept apart
from the database), over the previous hash and a canonical JSON of the event
(``ctip.core.chain``). Someone who can write to the database but lacks the key cannot
edit, insert or append an event and recompute the chain after it. Dropping events from
the end leaves a shorter chain that is still whole; ``ctip audit checkpoint`` therefore
writes the head (sequence number and hash), signed with an Ed25519 key derived from the
audit key, to a folder the operator keeps elsewhere, and ``verify`` checks that every
checkpoint's event is still there with the same hash. Events carry identifiers and
field names, never the personal values themselves.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from ctip.core import chain, crypto, events
from ctip.core.chain import GENESIS, ChainReport
from ctip.core.keyfile import create_secret_file
from ctip.core.models import AuditEvent

if TYPE_CHECKING:
    from ctip.core.models import User

__all__ = ["GENESIS", "ChainReport", "record", "record_read", "verify", "write_checkpoint"]

_PG_LOCK_ID = 7_151_000_001


def parse_audit_key(raw: str) -> bytes:
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except binascii.Error as exc:
        raise ImproperlyConfigured("The audit key is not valid base64.") from exc
    if len(key) != 32:
        raise ImproperlyConfigured("The audit key must be 32 bytes, base64.")
    return key


@lru_cache(maxsize=2)
def audit_key(*, upgrade: bool = False) -> bytes:
    """The chain's key: ``CTIP_AUDIT_KEY``, or the embedded mode's key file (created on
    a fresh install, or by the migration that keys an older, unkeyed chain)."""
    if settings.CTIP_AUDIT_KEY:
        return parse_audit_key(settings.CTIP_AUDIT_KEY)
    path = settings.CTIP_AUDIT_KEY_FILE
    if path is None:
        raise ImproperlyConfigured("CTIP_AUDIT_KEY is required in production.")
    return parse_audit_key(
        crypto.local_key_file(
            path,
            create_secret_file,
            "audit key",
            holds_data=crypto.database_holds_data,
            upgrade=upgrade,
        )
    )


def body(event: Any) -> dict[str, Any]:
    """What an event's hash commits to (also used by the migration that keyed the chain)."""
    return {
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


def compute_hash(prev_hash: str, event: AuditEvent) -> str:
    return chain.link(prev_hash, body(event), key=audit_key())


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
    """Append one event. Must run inside the transaction of the change it records.

    ``event_type`` is a member of an app's event enumeration (``CasesEvent.CASE_OPENED``),
    or its code; a code no app declared is refused (``events.UnknownEventType``), so that
    every event in the trail can be shown in words.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("Audit events are written inside the action's transaction.")
    declared = events.require(event_type)
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
        event_type=declared.value,
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
        return record(events.CoreEvent.RECORD_VIEWED, actor=actor, target=target, fields=fields)


def _links(events: Iterator[AuditEvent]) -> Iterator[chain.Link]:
    for event in events:
        yield chain.Link(event.seq, event.prev_hash, event.hash, body(event))


# Checkpoints --------------------------------------------------------------------------


class CheckpointError(Exception):
    """A checkpoint file cannot be read, or is not signed by this instance's audit key."""


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    seq: int
    head_hash: str
    written_at: str


def _signing_key() -> Ed25519PrivateKey:
    seed = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"ctip audit checkpoint"
    ).derive(audit_key())
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key() -> str:
    """The key that checks checkpoints (hex): an auditor can keep it and check alone."""
    return _signing_key().public_key().public_bytes_raw().hex()


def write_checkpoint(directory: Path | None = None) -> Checkpoint:
    """Sign the chain's head into a new file in ``directory``; refuses a broken chain."""
    directory = directory or settings.CTIP_AUDIT_CHECKPOINT_DIR
    report = verify(checkpoints=None)
    if not report.ok:
        raise CheckpointError(f"the audit trail is broken: {report.problem}")
    written_at = timezone.now().astimezone(UTC).isoformat(timespec="seconds")
    signed: dict[str, Any] = {
        "seq": report.checked,
        "head_hash": report.head_hash,
        "written_at": written_at,
        "public_key": public_key(),
    }
    signature = _signing_key().sign(chain.canonical(signed)).hex()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = written_at.replace(":", "").replace("-", "")
    path = directory / f"audit-{report.checked:012d}-{stamp}.json"
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps({**signed, "signature": signature}, indent=2) + "\n")
    os.replace(partial, path)
    return Checkpoint(path, report.checked, report.head_hash, written_at)


def read_checkpoint(path: Path) -> Checkpoint:
    try:
        content = json.loads(path.read_text())
        signed = {k: content[k] for k in ("seq", "head_hash", "written_at", "public_key")}
        signature = bytes.fromhex(content["signature"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CheckpointError(f"checkpoint {path.name} cannot be read") from exc
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key())).verify(
            signature, chain.canonical(signed)
        )
    except InvalidSignature as exc:
        raise CheckpointError(
            f"checkpoint {path.name} is not signed with this instance's audit key"
        ) from exc
    return Checkpoint(path, int(signed["seq"]), str(signed["head_hash"]), signed["written_at"])


def read_checkpoints(directory: Path) -> list[Checkpoint]:
    if not directory.is_dir():
        return []
    return sorted((read_checkpoint(p) for p in directory.glob("audit-*.json")), key=lambda c: c.seq)


def verify(*, checkpoints: Path | None = None) -> ChainReport:
    """Walk the keyed chain, then check it against the signed checkpoints in a folder."""
    report = chain.walk(
        _links(AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)), key=audit_key()
    )
    if not report.ok or checkpoints is None:
        return report
    try:
        found = read_checkpoints(checkpoints)
    except CheckpointError as exc:
        return ChainReport(report.checked, report.head_hash, str(exc))
    hashes = dict(
        AuditEvent.objects.filter(seq__in={c.seq for c in found}).values_list("seq", "hash")
    )
    for point in found:
        if point.seq > report.checked:
            return ChainReport(
                report.checked,
                report.head_hash,
                f"the trail ends at event {report.checked}, but checkpoint {point.path.name} "
                f"of {point.written_at} recorded event {point.seq}: events were removed "
                "from the end",
                report.checked + 1,
            )
        if point.seq and hashes.get(point.seq) != point.head_hash:
            return ChainReport(
                report.checked,
                report.head_hash,
                f"event #{point.seq} is not the one checkpoint {point.path.name} recorded: "
                "the trail was rewritten",
                point.seq,
            )
    return ChainReport(report.checked, report.head_hash, checkpoints=len(found))
