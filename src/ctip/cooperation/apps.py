from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "ctip.cooperation"
    label = "cooperation"
    verbose_name = _("Cross-border cooperation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ctip.cooperation import events, jobs, notices, selectors, worklist  # noqa: F401

        jobs.register()
        worklist.register()
        selectors.register_compound_links()
