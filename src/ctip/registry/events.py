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
