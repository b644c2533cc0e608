from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "ctip.stats"
    label = "stats"
    verbose_name = _("Statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Apps below show counts of the same figures (a campaign's outcomes): they are
        # audited against the releases and drafts, and recorded as drafts, through this port.
        from ctip.core import disclosure
        from ctip.stats import events  # noqa: F401  (registers the audit events)
        from ctip.stats.actions.drafts import Disclosure

        disclosure.register(Disclosure())
