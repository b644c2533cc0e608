"""The notices the platform core itself sends (registered when the app starts)."""

from django.utils.translation import gettext_lazy as _

from ctip.core import notifications

notifications.register(
    "core.grant_requested",
    _(
        "Request %(grant)s gives access to personal data or administration: a second "
        "administrator must approve or refuse it."
    ),
)
notifications.register("core.grant_approved", _("Request %(grant)s was approved."))
notifications.register("core.grant_refused", _("Request %(grant)s was refused."))
