"""What scam and recruiter intelligence records in the audit trail."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctip.core.events import EventType, name_targets, register


@register
class IntelEvent(EventType):
    """Every code the intel app records; the value is the code stored in the trail."""

    INTEL_COMPOUND_LINKED = (
        "INTEL_COMPOUND_LINKED",
        _("Indicator tied to a compound of the register"),
        _("{actor} tied {target} to a compound of the register"),
    )
    INTEL_REPORT_FILED = (
        "INTEL_REPORT_FILED",
        _("Scam report filed"),
        _("{actor} recorded {target}"),
    )
    INTEL_REPORT_TRIAGED = (
        "INTEL_REPORT_TRIAGED",
        _("Scam report triaged"),
        _("{actor} triaged {target}"),
    )
    INTEL_REPORTS_IMPORTED = (
        "INTEL_REPORTS_IMPORTED",
        _("Scam reports imported"),
        _("{actor} imported scam reports"),
    )
    INTEL_DISPUTE_OPENED = (
        "INTEL_DISPUTE_OPENED",
        _("Number disputed by its owner"),
        _("The owner of a number opened {target}"),
    )
    INTEL_DISPUTE_ANSWERED = (
        "INTEL_DISPUTE_ANSWERED",
        _("Dispute answered"),
        _("{actor} answered {target}"),
    )
    INTEL_INSTITUTION_CODE_ADDED = (
        "INTEL_INSTITUTION_CODE_ADDED",
        _("Account holder declared"),
        _("{actor} declared what {target} holds for freeze requests"),
    )
    INTEL_INSTITUTION_CODE_REMOVED = (
        "INTEL_INSTITUTION_CODE_REMOVED",
        _("Account holder withdrawn"),
        _("{actor} withdrew what {target} holds for freeze requests"),
    )
    INTEL_INDICATOR_VERIFIED = (
        "INTEL_INDICATOR_VERIFIED",
        _("Indicator verified"),
        _("{actor} verified {target}"),
    )
    INTEL_INDICATORS_EXPORTED = (
        "INTEL_INDICATORS_EXPORTED",
        _("Indicators exported"),
        _("{actor} exported indicators"),
    )
    INTEL_PARTNER_IMPORTED = (
        "INTEL_PARTNER_IMPORTED",
        _("Partner indicators imported"),
        _("{actor} imported {target}"),
    )
    INTEL_CLUSTERS_REBUILT = (
        "INTEL_CLUSTERS_REBUILT",
        _("Networks recomputed"),
        _("{actor} recomputed the networks"),
    )
    FREEZE_REQUEST_ISSUED = (
        "FREEZE_REQUEST_ISSUED",
        _("Freeze request sent"),
        _("{actor} sent {target}"),
    )
    FREEZE_REQUEST_ANSWERED = (
        "FREEZE_REQUEST_ANSWERED",
        _("Freeze request answered"),
        _("{actor} answered {target}"),
    )
    FREEZE_ACCOUNT_ANSWERED = (
        "FREEZE_ACCOUNT_ANSWERED",
        _("Account in a freeze request answered"),
        _("{actor} answered for {target}"),
    )
    FREEZE_ACCOUNT_RELEASED = (
        "FREEZE_ACCOUNT_RELEASED",
        _("Frozen account released"),
        _("{actor} released an account frozen under {target}"),
    )
    FREEZE_FUNDS_RETURNED = (
        "FREEZE_FUNDS_RETURNED",
        _("Funds returned to victims"),
        _("{actor} recorded funds returned to victims under {target}"),
    )
    EVIDENCE_COLLECTED = (
        "EVIDENCE_COLLECTED",
        _("Evidence collected"),
        _("{actor} collected {target}"),
    )
    EVIDENCE_ACCESSED = (
        "EVIDENCE_ACCESSED",
        _("Evidence opened"),
        _("{actor} looked at {target}"),
    )
    EVIDENCE_TRANSFERRED = (
        "EVIDENCE_TRANSFERRED",
        _("Evidence handed over"),
        _("{actor} handed {target} over to another agency"),
    )
    EVIDENCE_EXPORTED = (
        "EVIDENCE_EXPORTED",
        _("Evidence package exported"),
        _("{actor} exported the evidence of {target}"),
    )


name_targets(
    {
        "intel.freezeaccount": _("account in a freeze request"),
    }
)
