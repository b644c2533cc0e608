"""An analyst ties an indicator, or the network it links, to a compound of the register."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctip.compounds import selectors as compound_selectors
from ctip.core import audit
from ctip.core.models import User
from ctip.intel.actions._checks import require, require_seen
from ctip.intel.actions.evidence import cluster_anchor
from ctip.intel.events import IntelEvent
from ctip.intel.models import Cluster, CompoundLink, Indicator


@dataclass(frozen=True)
class CompoundLinkInput:
    """Exactly one of ``indicator`` and ``cluster`` (a network is tied through its anchor,
    the linking indicator that stays with it when the networks are rebuilt)."""

    compound_id: int
    indicator: Indicator | None = None
    cluster: Cluster | None = None


@transaction.atomic
def compound_link(*, actor: User, data: CompoundLinkInput) -> CompoundLink:
    require(actor, "intel.triage")
    if (data.indicator is None) == (data.cluster is None):
        raise ValidationError(_("Choose an indicator or a network."))
    indicator = data.indicator
    if data.cluster is not None:
        require_seen(actor, data.cluster, "intel.triage")
        indicator = cluster_anchor(actor, data.cluster)
        if indicator is None:
            raise ValidationError(_("This network has no linking indicator you may see."))
    if indicator is None:
        raise ValidationError(_("Choose an indicator or a network."))
    require_seen(actor, indicator, "intel.triage")
    compound = (
        compound_selectors.compound_ref(actor, data.compound_id)
        if actor.has_ctip_perm("compounds.view")
        else None
    )
    if compound is None:
        raise ValidationError(
            {"compound_id": _("There is no such compound. Choose one from the register.")}
        )
    link, _created = CompoundLink.objects.get_or_create(
        indicator=indicator,
        compound_id=compound.id,
        agency=actor.agency,
        defaults={"linked_by": actor},
    )
    audit.record(
        IntelEvent.INTEL_COMPOUND_LINKED,
        actor=actor,
        target=indicator,
        data={"compound": compound.id},
    )
    return link
