from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ctip.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from ctip.core import notices  # noqa: F401
