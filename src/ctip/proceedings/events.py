from django.utils.translation import gettext_lazy as _

from ctip.core.events import EventType, register


@register
class ProceedingsEvent(EventType):
    DENUNCIATION_RECEIVED = (
        "PROCEEDINGS_DENUNCIATION_RECEIVED",
        _("Denunciation received"),
        _("{actor} recorded {target}"),
    )
    DENUNCIATION_EXTENDED = (
        "PROCEEDINGS_DENUNCIATION_EXTENDED",
        _("Time limit of a denunciation extended"),
        _("{actor} extended the time limit of {target}"),
    )
    DENUNCIATION_RESOLVED = (
        "PROCEEDINGS_DENUNCIATION_RESOLVED",
        _("Denunciation resolved"),
        _("{actor} resolved {target}"),
    )
    CASE_INITIATED = (
        "PROCEEDINGS_CASE_INITIATED",
        _("Criminal case initiated"),
        _("{actor} initiated {target}"),
    )
    DECISION_RECORDED = (
        "PROCEEDINGS_DECISION_RECORDED",
        _("Decision in a criminal case recorded"),
        _("{actor} recorded a decision in {target}"),
    )
    FILE_SHARED = (
        "PROCEEDINGS_FILE_SHARED",
        _("Investigation file shared"),
        _("{actor} shared {target}"),
    )
    FILE_SHARE_REVOKED = (
        "PROCEEDINGS_FILE_SHARE_REVOKED",
        _("Sharing of an investigation file ended"),
        _("{actor} ended the sharing of {target}"),
    )
    ACCUSED_ADDED = (
        "PROCEEDINGS_ACCUSED_ADDED",
        _("Suspect recorded"),
        _("{actor} recorded a suspect in {target}"),
    )
    CHARGE_ADDED = (
        "PROCEEDINGS_CHARGE_ADDED",
        _("Charge recorded"),
        _("{actor} recorded a charge in {target}"),
    )
    MEASURE_ADDED = (
        "PROCEEDINGS_MEASURE_ADDED",
        _("Measure recorded"),
        _("{actor} recorded a measure in {target}"),
    )
    OUTCOME_RECORDED = (
        "PROCEEDINGS_OUTCOME_RECORDED",
        _("Outcome and sentence recorded"),
        _("{actor} recorded an outcome in {target}"),
    )
    VICTIM_ADDED = (
        "PROCEEDINGS_VICTIM_ADDED",
        _("Victim added to a criminal case"),
        _("{actor} added a victim to {target}"),
    )
    LINK_ADDED = (
        "PROCEEDINGS_LINK_ADDED",
        _("Network or request linked"),
        _("{actor} linked {target}"),
    )
    ASSET_RECORDED = (
        "PROCEEDINGS_ASSET_RECORDED",
        _("Asset recorded"),
        _("{actor} recorded an asset in {target}"),
    )
    JOINT_SHARED = (
        "PROCEEDINGS_JOINT_SHARED",
        _("Criminal case shared with a counterpart abroad"),
        _("{actor} shared {target} with a counterpart abroad"),
    )
    ACCUSED_TRANSFERRED = (
        "PROCEEDINGS_ACCUSED_TRANSFERRED",
        _("Accused person transferred"),
        _("{actor} recorded the transfer of an accused person of {target}"),
    )
    ASSET_STATUS_CHANGED = (
        "PROCEEDINGS_ASSET_STATUS_CHANGED",
        _("Asset's status changed"),
        _("{actor} moved an asset of {target} on"),
    )
