from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "ctip.screening"
    label = "screening"
    verbose_name = _("Job-offer check")

    def ready(self) -> None:
        # The audit event types this app records.
        from ctip.screening import events  # noqa: F401
