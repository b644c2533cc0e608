from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntelConfig(AppConfig):
    name = "ctip.intel"
    label = "intel"
    verbose_name = _("Scam and recruiter intelligence")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ctip.intel import jobs

        jobs.register()
        # The dashboard's worklist and chart; the notification subjects of triage,
        # freezing and the other notices this app sends.
        # The audit event types this app records.
        from ctip.intel import events, freezing, notices, triage, worklist  # noqa: F401

        worklist.register()

        from ctip.intel.selectors import register_compound_links

        register_compound_links()
