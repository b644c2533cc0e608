from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompoundsConfig(AppConfig):
    name = "ctip.compounds"
    label = "compounds"
    verbose_name = _("Scam-compound register")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ctip.compounds import events  # noqa: F401
