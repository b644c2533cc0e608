from django.utils.translation import gettext_lazy as _

from ctip.core.events import EventType, register


@register
class RegistryEvent(EventType):
    ENTERPRISE_CREATED = (
        "REGISTRY_ENTERPRISE_CREATED",
        _("Enterprise entered in the register"),
        _("{actor} entered {target} in the register"),
    )
    ENTERPRISE_UPDATED = (
        "REGISTRY_ENTERPRISE_UPDATED",
        _("Enterprise details changed"),
        _("{actor} changed the details of {target}"),
    )
    STATUS_CHANGED = (
        "REGISTRY_STATUS_CHANGED",
        _("Licence status changed"),
        _("{actor} changed the licence status of {target}"),
    )
    LIST_IMPORTED = (
        "REGISTRY_LIST_IMPORTED",
        _("Published list imported"),
        _("{actor} imported a published list of licensed enterprises"),
    )
    BOARD_SAVED = (
        "REGISTRY_BOARD_SAVED",
        _("Labour Management Board registered"),
        _("{actor} registered {target}"),
    )
    CONTRACT_REGISTERED = (
        "REGISTRY_CONTRACT_REGISTERED",
        _("Contract registered"),
        _("{actor} registered contract {target}"),
    )
    WORKER_REGISTERED = (
        "REGISTRY_WORKER_REGISTERED",
        _("Worker abroad registered"),
        _("{actor} registered {target} as working abroad"),
    )
    WORKER_RETURNED = (
        "REGISTRY_WORKER_RETURNED",
        _("Worker returned"),
        _("{actor} recorded the return of {target}"),
    )
    ORIENTATION_RECORDED = (
        "REGISTRY_ORIENTATION_RECORDED",
        _("Orientation recorded"),
        _("{actor} recorded the pre-departure orientation of {target}"),
    )
    INCIDENT_REPORTED = (
        "REGISTRY_INCIDENT_REPORTED",
        _("Incident abroad reported"),
        _("{actor} reported incident {target}"),
    )
    INCIDENT_ACKNOWLEDGED = (
        "REGISTRY_INCIDENT_ACKNOWLEDGED",
        _("Incident taken in hand"),
        _("{actor} took incident {target} in hand"),
    )
    INCIDENT_CLOSED = (
        "REGISTRY_INCIDENT_CLOSED",
        _("Incident closed"),
        _("{actor} closed incident {target} with its outcome"),
    )
    INCIDENT_COMPOUND_SET = (
        "REGISTRY_INCIDENT_COMPOUND_SET",
        _("Compound of an incident named"),
        _("{actor} named, changed or cleared the scam compound of incident {target}"),
    )
    INCIDENT_CASE_OPENED = (
        "REGISTRY_INCIDENT_CASE_OPENED",
        _("Protection case opened from an incident"),
        _("{actor} opened a protection case from incident {target}"),
    )
