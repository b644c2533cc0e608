from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "ctip.outreach"
    label = "outreach"
    verbose_name = _("Warnings and training")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ctip.outreach import events, jobs  # noqa: F401

        jobs.register()
        # Apps below this one send text messages through the core port, not through us.
        from ctip.core import texting
        from ctip.outreach.sms import PortSender

        texting.register(PortSender)
        # Cases sits below: the child interview reads the interviewer's training through its port.
        from ctip.cases import ports
        from ctip.outreach.selectors import child_protection_training

        ports.register_child_protection_training(child_protection_training)
