from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ctip.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.urls import register_converter

        # The platform's audit event types; each app registers its own in ready().
        from ctip.core import events, notices  # noqa: F401
        from ctip.core.converters import IdConverter

        # Registered here, before any app's URL module can be imported on its own.
        register_converter(IdConverter, "id")
