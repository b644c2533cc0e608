"""Indicators and networks: an agency's verification, the networks' rebuild, the export."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctip.core import audit
from ctip.core.models import User
from ctip.intel import clustering, selectors
from ctip.intel.actions._checks import require, require_seen
from ctip.intel.engine.exchange import to_misp_event, to_stix_bundle
from ctip.intel.events import IntelEvent
from ctip.intel.models import Indicator, Verification


@transaction.atomic
def indicator_verify(*, actor: User, indicator: Indicator, note: str = "") -> Verification:
    """The actor's agency confirms the indicator was used in a scam (shown publicly)."""
    require(actor, "intel.request_freeze")
    require_seen(actor, indicator)
    note = note.strip()
    if len(note) > 300:
        raise ValidationError({"note": _("Keep the basis under 300 characters.")})
    verification, created = Verification.objects.get_or_create(
        indicator=indicator,
        agency=actor.agency,
        defaults={"verified_by": actor, "note": note},
    )
    if created:
        Indicator.objects.filter(pk=indicator.pk, verified_at__isnull=True).update(
            verified_at=verification.verified_at
        )
        audit.record(
            IntelEvent.INTEL_INDICATOR_VERIFIED, actor=actor, target=indicator, fields=["note"]
        )
    indicator.refresh_from_db()
    return verification


@transaction.atomic
def clusters_rebuild(
    *, actor: User | None, progress: Callable[[str], None] | None = None
) -> clustering.RebuildResult:
    """Recompute every cluster from scratch with the engine (``actor=None``: operator)."""
    if actor is not None:
        require(actor, "intel.share")
    result = clustering.rebuild(progress=progress)
    audit.record(
        IntelEvent.INTEL_CLUSTERS_REBUILT,
        actor=actor,
        data={
            "reports": result.reports,
            "clusters": result.clusters,
            "networks": result.networks,
        },
    )
    return result


@transaction.atomic
def indicators_export(*, actor: User, format: str) -> str:
    """The indicators the actor may see, as a STIX 2.1 bundle or a MISP event (JSON text).

    Only indicators and their aggregates leave (the engine's exchange never takes a
    reporter, narrative or report id); the export itself is an audit event.
    """
    require(actor, "intel.share")
    shared = list(selectors.shared_indicators(actor))
    now = timezone.now()
    if format == "stix":
        text = to_stix_bundle(shared, now=now)
    elif format == "misp":
        event = to_misp_event(shared, info="CTIP Viet Nam: reported scam indicators", now=now)
        text = json.dumps(event, ensure_ascii=False)
    else:
        raise ValidationError({"format": _("Export as stix or misp.")})
    audit.record(
        IntelEvent.INTEL_INDICATORS_EXPORTED,
        actor=actor,
        data={"format": format, "indicators": len(shared)},
    )
    return text
