"""Fail when the translation catalogues are stale or a Vietnamese translation is missing.

Regenerates the catalogues into a scratch copy with Django's makemessages, then checks
that every message in the source is in the committed catalogue with a non-empty,
non-fuzzy Vietnamese translation.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "ctip"
CATALOGUE = SRC / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def main() -> int:
    committed = polib.pofile(str(CATALOGUE))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "ctip"
        shutil.copytree(SRC, work, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        subprocess.run(  # noqa: S603
            [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-obsolete",
             "--no-location", "-e", "html,txt,py"],
            cwd=work, check=True, capture_output=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "ctip.config.settings.test",
                 "PYTHONPATH": str(Path(tmp))},
        )
        fresh = polib.pofile(str(work / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    problems = []
    for entry in fresh:
        if (entry.msgctxt, entry.msgid) not in known:
            problems.append(f"not in the catalogue (run makemessages): {entry.msgid!r}")
    for entry in committed:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural and not all(entry.msgstr_plural.values()):
            problems.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgid_plural and not entry.msgstr:
            problems.append(f"untranslated: {entry.msgid!r}")
    for line in problems:
        print(line)
    print(f"{len(fresh)} messages in the source, {len(problems)} problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
