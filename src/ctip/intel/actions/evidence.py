"""Evidence: files attached to a report or a network, sealed, handed over, opened and
exported, each step joining the item's custody log (``ctip.intel.evidence``)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import Agency, User
from ctip.intel import evidence, selectors
from ctip.intel.actions._checks import require, require_seen, sees, within
from ctip.intel.events import IntelEvent
from ctip.intel.models import (
    Cluster,
    CustodyAction,
    CustodyEvent,
    EvidenceItem,
    Indicator,
    Report,
)


def _custody(
    item: EvidenceItem,
    *,
    action: str,
    actor: User,
    to_agency: Agency | None = None,
    note: str = "",
) -> CustodyEvent:
    return CustodyEvent.append(item, action, actor, to_agency=to_agency, note=note[:300])


def _report_or_cluster(
    actor: User, report: Report | None, cluster: Cluster | None, refusal: str
) -> None:
    """Exactly one of them, and one the actor may see."""
    if (report is None) == (cluster is None):
        raise ValidationError(refusal)
    require_seen(actor, report if report is not None else cluster)  # type: ignore[arg-type]


def cluster_anchor(actor: User, cluster: Cluster) -> Indicator | None:
    """The indicator a cluster's evidence is anchored on: its most reported linking
    indicator the actor may see (a linking indicator never leaves its cluster)."""
    return (
        Indicator.objects.filter(Indicator.scope_q(actor), links=True, named_in__cluster=cluster)
        .distinct()
        .order_by("-reports", "pk")
        .first()
    )


@dataclass(frozen=True)
class EvidenceInput:
    """A file to keep with a report or with a network (exactly one of them)."""

    filename: str
    content: bytes
    report: Report | None = None
    cluster: Cluster | None = None
    media_type: str = "application/octet-stream"
    description: str = ""


@transaction.atomic
def evidence_add(*, actor: User, data: EvidenceInput) -> EvidenceItem:
    """Attach a file to a report or to a cluster (exactly one of them)."""
    require(actor, "intel.manage_evidence")
    report, cluster, content = data.report, data.cluster, data.content
    _report_or_cluster(
        actor, report, cluster, _("Attach the evidence to a report or to a network.")
    )
    anchor: Indicator | None = None
    if cluster is not None:
        anchor = cluster_anchor(actor, cluster)
        if anchor is None:
            raise ValidationError(
                {
                    "file": _(
                        "This network has no shared number, account or site to keep the "
                        "evidence with: attach it to its report."
                    )
                }
            )
    if not content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(content) > settings.CTIP_MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is too large.")})
    storage_name = secrets.token_hex(16)
    wrapped = evidence.seal(content, storage_name)
    try:
        with transaction.atomic():
            item = EvidenceItem.objects.create(
                report=report,
                indicator=anchor,
                agency=actor.agency,
                holder=actor.agency,
                collected_by=actor,
                description=data.description.strip()[:2000],
                filename=(data.filename or "file").strip()[:255],
                media_type=(data.media_type or "application/octet-stream")[:100],
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                storage_name=storage_name,
                wrapped_key=wrapped,
            )
            _custody(item, action=CustodyAction.COLLECTED, actor=actor)
            attached: dict[str, object] = (
                {"report": report.pk}
                if report is not None
                else {
                    "cluster": cluster.pk if cluster else "",
                    "anchor": anchor.pk if anchor else 0,
                }
            )
            audit.record(
                IntelEvent.EVIDENCE_COLLECTED,
                actor=actor,
                target=item,
                fields=["filename", "description"],
                data={**attached, "sha256": item.sha256, "size": item.size},
            )
    except BaseException:
        evidence.discard(storage_name)
        raise
    return item


@transaction.atomic
def evidence_transfer(
    *, actor: User, item: EvidenceItem, to_agency: Agency, note: str = ""
) -> EvidenceItem:
    """Hand the item over to another agency (a procuracy, another unit)."""
    require(actor, "intel.manage_evidence")
    if not to_agency.is_active:
        raise ValidationError({"to_agency": _("That agency is not active.")})
    # Checked on the locked row: a hand-over read before another one must not move
    # the item out of the agency that holds it now.
    item = EvidenceItem.objects.select_for_update().select_related("holder").get(pk=item.pk)
    if not within(actor, item.holder):
        raise PermissionDenied
    if to_agency.pk == item.holder_id:
        raise ValidationError({"to_agency": _("The item is already held by that agency.")})
    EvidenceItem.objects.filter(pk=item.pk).update(holder=to_agency)
    item.holder = to_agency
    _custody(item, action=CustodyAction.TRANSFERRED, actor=actor, to_agency=to_agency, note=note)
    audit.record(
        IntelEvent.EVIDENCE_TRANSFERRED,
        actor=actor,
        target=item,
        fields=["holder"],
        data={"to": to_agency.code},
    )
    return item


@transaction.atomic
def evidence_open(*, actor: User, item: EvidenceItem) -> bytes:
    """The decrypted file, checked against its hash; the access joins the custody log."""
    require(actor, "intel.manage_evidence")
    if not sees(actor, item):
        raise PermissionDenied
    content = evidence.unseal(item)
    _custody(item, action=CustodyAction.ACCESSED, actor=actor)
    audit.record(IntelEvent.EVIDENCE_ACCESSED, actor=actor, target=item)
    return content


@transaction.atomic
def evidence_export(
    *, actor: User, report: Report | None = None, cluster: Cluster | None = None
) -> bytes:
    """A zip of the evidence of a report, or of a cluster (its own items and those of
    its reports), that the actor may see, with hashes and custody logs."""
    require(actor, "intel.manage_evidence")
    _report_or_cluster(
        actor, report, cluster, _("Export the evidence of a report or of a network.")
    )
    seen = EvidenceItem.objects.filter(EvidenceItem.scope_q(actor)).select_related(
        "report", "indicator", "agency", "collected_by"
    )
    target: Report | Cluster
    if report is not None:
        items = list(seen.filter(report=report))
        target, name = report, report.reference
    elif cluster is not None:
        items = list(selectors.cluster_evidence_items(seen, cluster))
        target, name = cluster, cluster.pk
    else:  # pragma: no cover - refused above
        raise ValidationError(_("Export the evidence of a report or of a network."))
    if not items:
        raise ValidationError(_("There is no evidence to export."))
    contents = [evidence.unseal(item) for item in items]
    now = timezone.now()
    for item in items:
        _custody(item, action=CustodyAction.EXPORTED, actor=actor)
    audit.record(
        IntelEvent.EVIDENCE_EXPORTED,
        actor=actor,
        target=target,
        data={"items": [item.pk for item in items]},
    )
    bundle = [
        (
            item,
            content,
            list(CustodyEvent.chain_of(item)),
        )
        for item, content in zip(items, contents, strict=True)
    ]
    return evidence.package(
        bundle,
        name=name,
        exported_at=now.isoformat(timespec="seconds"),
        exported_by=actor.username,
        agency=actor.agency.code,
    )
