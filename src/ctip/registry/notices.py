"""The notifications the registry sends (``ctip.core.notifications``)."""

from django.utils.translation import gettext_lazy as _

from ctip.core import notifications

INCIDENT_ROUTED = "registry.incident_routed"
INCIDENT_FOR_ENTERPRISE = "registry.incident_for_enterprise"
INCIDENT_TRAFFICKING = "registry.incident_trafficking"

notifications.register(
    INCIDENT_ROUTED,
    _("A worker abroad needs help: incident %(reference)s, to answer by %(due)s."),
)
notifications.register(
    INCIDENT_FOR_ENTERPRISE,
    _(
        "Incident %(reference)s concerns enterprise %(licence)s: have it answer by %(due)s "
        "and follow it up."
    ),
)
notifications.register(
    INCIDENT_TRAFFICKING,
    _("Incident %(reference)s shows signs of trafficking: open a protection case."),
)
