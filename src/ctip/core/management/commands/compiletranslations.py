from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the .po catalogues to .mo (pure Python: no gettext tools needed)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        bases = [Path(p) for p in settings.LOCALE_PATHS]
        bases += [
            Path(app.path) / "locale"
            for app in apps.get_app_configs()
            if app.name.startswith("ctip.")
        ]
        for base in bases:
            for po_path in base.glob("*/LC_MESSAGES/*.po"):
                polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        self.stdout.write(f"Compiled {count} catalogue(s).")
