from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "ctip.hotline"
    label = "hotline"
    verbose_name = _("Hotline")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ctip.core import worklist
        from ctip.hotline import events  # noqa: F401
        from ctip.hotline import worklist as hotline_worklist

        worklist.register_items(hotline_worklist.items)

        from ctip.hotline.selectors import register_compound_links

        register_compound_links()

        # A person verified or received abroad is matched against families' requests.
        from ctip.cooperation import ports
        from ctip.hotline.actions.matching import FoundAbroad

        ports.register_tracing("hotline", FoundAbroad())

        # The answer of a counterpart, embassy or consulate moves the request passed abroad.
        from ctip.hotline.actions.abroad import AnswersFromAbroad

        ports.register_answers("hotline", AnswersFromAbroad())
