"""Hash chains: each link commits to the one before, so no link can change unseen.

One module for the audit trail and the evidence custody log. A link's hash is over the
previous hash, a newline and the canonical JSON of the link's body (sorted keys, no
spaces, UTF-8). With a key it is HMAC-SHA256 (the audit trail: without the key nobody
can recompute the chain after editing it); without one it is plain SHA-256 (the custody
log, which a prosecutor re-checks outside CTIP with nothing but the export).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link(prev_hash: str, body: dict[str, Any], *, key: bytes | None = None) -> str:
    message = prev_hash.encode() + b"\n" + canonical(body)
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Link:
    seq: int
    prev_hash: str
    hash: str
    body: dict[str, Any]


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head_hash: str
    problem: str | None = None
    seq: int | None = None
    checkpoints: int = 0  # signed checkpoints the chain was found to agree with

    @property
    def ok(self) -> bool:
        return self.problem is None


def walk(links: Iterable[Link], *, key: bytes | None = None) -> ChainReport:
    """Check a chain from its first link; the report names the first broken one."""
    prev_hash = GENESIS
    expected = 1
    for item in links:
        checked = expected - 1
        if item.seq != expected:
            kind = "deleted" if item.seq > expected else "inserted"
            return ChainReport(
                checked,
                prev_hash,
                f"event {expected} is missing or one was {kind} before #{item.seq}",
                expected,
            )
        if not hmac.compare_digest(item.prev_hash, prev_hash):
            return ChainReport(
                checked,
                prev_hash,
                f"event #{item.seq} does not follow the previous event "
                "(an event was inserted or deleted before it)",
                item.seq,
            )
        if not hmac.compare_digest(link(prev_hash, item.body, key=key), item.hash):
            return ChainReport(
                checked,
                prev_hash,
                f"event #{item.seq} was altered after it was written, or forged",
                item.seq,
            )
        prev_hash = item.hash
        expected += 1
    return ChainReport(expected - 1, prev_hash)
