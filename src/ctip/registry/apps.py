from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "ctip.registry"
    label = "registry"
    verbose_name = _("Lawful migration")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ctip.registry import jobs, notices  # noqa: F401 (notices registers its subjects)
        from ctip.registry.lookup import RegistryLookup
        from ctip.registry.selectors_abroad import register_compound_links
        from ctip.screening.ports import register_licensed_lookup

        jobs.register()
        register_licensed_lookup(RegistryLookup())
        register_compound_links()
