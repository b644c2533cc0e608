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
        # Registers the subjects this app sends to the notification inbox.
        from ctip.intel import notices  # noqa: F401
