"""Give a message translated differently by two apps the translation pages show.

Django merges every app's catalogue and the app listed first in INSTALLED_APPS wins a
message that several catalogues translate, so a second translation is never shown: this
writes the shown one into every catalogue (`make translations-check` refuses a
difference). A message that must read differently in one app takes a context there
(``pgettext``), which makes it another message.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django
import polib

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = Path("locale") / "vi" / "LC_MESSAGES" / "django.po"


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.test")
    sys.path.insert(0, str(ROOT / "src"))
    django.setup()
    from django.apps import apps

    files = [
        (Path(app.path) / CATALOGUE)
        for app in apps.get_app_configs()
        if app.name.startswith("ctip.") and (Path(app.path) / CATALOGUE).exists()
    ]
    catalogues = [(path, polib.pofile(str(path))) for path in files]
    shown: dict[tuple[str | None, str], polib.POEntry] = {}
    for _, po in catalogues:  # first installed app first: its translation is shown
        for entry in po:
            if not entry.obsolete:
                shown.setdefault((entry.msgctxt, entry.msgid), entry)
    changed = 0
    for path, po in catalogues:
        dirty = False
        for entry in po:
            first = shown.get((entry.msgctxt, entry.msgid))
            if first is None or first is entry or entry.obsolete:
                continue
            if (entry.msgstr, entry.msgstr_plural) != (first.msgstr, first.msgstr_plural):
                entry.msgstr, entry.msgstr_plural = first.msgstr, dict(first.msgstr_plural)
                dirty = True
                changed += 1
        if dirty:
            po.save(str(path))
    print(f"{changed} translation(s) made the same as the one shown.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
