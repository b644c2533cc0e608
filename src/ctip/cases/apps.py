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
        from ctip.cases.selectors import cases_naming, compounds
        from ctip.core.models import User
        from ctip.intel import ports

        jobs.register()
        worklist.register()
        compounds.register_compound_links()

        # Intel sits below cases: it asks through its port which cases name an indicator.
        def naming(actor: User, kind: str, key: str) -> list[ports.CaseMention]:
            return [
                ports.CaseMention(m.case_id, m.reference, m.lead_agency, m.visible)
                for m in cases_naming(actor, kind, key)
            ]

        ports.register_cases_naming(naming)
