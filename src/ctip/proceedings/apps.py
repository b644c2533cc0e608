from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceedingsConfig(AppConfig):
    name = "ctip.proceedings"
    label = "proceedings"
    verbose_name = _("Criminal proceedings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ctip.cases import ports
        from ctip.proceedings import events, selectors  # noqa: F401

        # The victim's case worker sees the stage on the protection case's page.
        ports.register_proceedings_stages(selectors.stages_for_protection_case)
