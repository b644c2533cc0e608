from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "ctip.cases"
    label = "cases"
    verbose_name = _("Victim protection")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the subjects this app sends to the notification inbox.
        # Its audit event types too.
        from ctip.cases import events, jobs, notices, worklist  # noqa: F401

        jobs.register()
        worklist.register()
