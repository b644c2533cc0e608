"""The chain of custody of an evidence file: one abstract model every custody log inherits.

Intel's evidence (``intel.CustodyEvent``) and the hotline's (``hotline.EvidenceCustody``)
keep their own tables; each concrete model adds only what is its own: ``evidence``, the
foreign key to its evidence model (which has a ``sha256``, with ``related_name="custody"``)
and the vocabulary of ``action``. Everything else is here: the fields, the body each link
hashes, the numbering, the refusal to change or delete a link, and the check.

A link's hash is ``ctip.core.chain.link`` over the previous link's hash and the canonical
JSON of its body: seq, evidence_sha256, action, actor, agency, to_agency, at (UTC, to the
microsecond) and note, in clear. Unkeyed, unlike the audit trail: a prosecutor re-checks
the chain from an export alone. Because the clear note is hashed, encrypting the note,
re-keying it or rotating the data key never breaks the chain.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any, Self

from django.db import models
from django.utils import timezone

from ctip.core import chain
from ctip.core.fields import EncryptedTextField
from ctip.core.models import Agency, User


class CustodyLink(models.Model):
    """One hand of an evidence file: a link of its chain of custody, append-only."""

    seq = models.PositiveIntegerField()
    action = models.CharField(max_length=12)  # each log names its vocabulary (``choices``)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=150)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    # Encrypted: a transfer's note can name an informant or a victim; hashed in clear.
    note = EncryptedTextField(blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    # Declared by each concrete log (a foreign key to its evidence model).
    evidence: Any
    evidence_id: int

    class Meta:
        abstract = True
        ordering = ["evidence", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["evidence", "seq"], name="%(app_label)s_custody_seq")
        ]

    def __str__(self) -> str:
        return f"{self.evidence_id}#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The chain of custody is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The chain of custody is append-only.")

    def body(self, evidence_sha256: str) -> dict[str, object]:
        """What the link's hash commits to (the export carries the same fields)."""
        return {
            "seq": self.seq,
            "evidence_sha256": evidence_sha256,
            "action": self.action,
            "actor": self.actor_label,
            "agency": self.agency.code,
            "to_agency": self.to_agency.code if self.to_agency else "",
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "note": self.note,
        }

    @classmethod
    def append(
        cls,
        evidence: Any,
        action: str,
        actor: User,
        *,
        to_agency: Agency | None = None,
        note: str = "",
    ) -> Self:
        """Add one link, inside the caller's transaction: the evidence row is locked, so
        two hands at once never take the same number."""
        type(evidence).objects.select_for_update().filter(pk=evidence.pk).exists()
        last = cls._default_manager.filter(evidence=evidence).order_by("-seq").first()
        link = cls(
            evidence=evidence,
            seq=(last.seq + 1) if last else 1,
            action=action,
            actor=actor,
            actor_label=actor.get_username(),
            agency=actor.agency,
            to_agency=to_agency,
            at=timezone.now(),
            note=note,
            prev_hash=last.hash if last else chain.GENESIS,
        )
        link.hash = chain.link(link.prev_hash, link.body(evidence.sha256))
        link.save(force_insert=True)
        return link

    @classmethod
    def chain_of(cls, evidence: Any) -> models.QuerySet[Self]:
        """The evidence's links in order, with what their bodies read."""
        return (
            cls._default_manager.filter(evidence=evidence)
            .select_related("agency", "to_agency")
            .order_by("seq")
        )

    @classmethod
    def verify(cls, evidence: Any) -> chain.ChainReport:
        """Walk the evidence's chain from its first link; the report names the first
        broken one (a link changed, inserted or deleted, or the file's hash swapped)."""
        return chain.walk(
            chain.Link(e.seq, e.prev_hash, e.hash, e.body(evidence.sha256))
            for e in cls.chain_of(evidence)
        )
