"""Fail when a translation catalogue is stale or a Vietnamese translation is missing.

Each app keeps its catalogue in ``src/ctip/<app>/locale/vi/LC_MESSAGES/django.po``. For
each app with translatable strings, Django's makemessages regenerates the catalogue in a
scratch copy; every message it finds must be in the committed catalogue with a
non-empty, non-fuzzy Vietnamese translation, and gettext's ``msgfmt`` must compile the
committed catalogue without an error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "ctip"
CATALOGUE = Path("locale") / "vi" / "LC_MESSAGES" / "django.po"


def regenerate(app: Path) -> polib.POFile | None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / app.name
        shutil.copytree(app, work, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "locale"))
        (work / "locale").mkdir()
        subprocess.run(
            [
                sys.executable,
                "-P",
                "-m",
                "django",
                "makemessages",
                "-l",
                "vi",
                "--no-location",
                "-e",
                "html,txt,py",
            ],
            cwd=work,
            check=True,
            capture_output=True,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "ctip.config.settings.test",
                "PYTHONPATH": str(SRC.parent),
            },
        )
        fresh = work / CATALOGUE
        return polib.pofile(str(fresh)) if fresh.exists() else None


# A sentence's end and the next sentence's capital with no space between: what a merge of
# two branches' catalogues leaves when each translated the same message ("...lưu giữ.Các
# hồ sơ..."), and what a translator never types.
_RUN_TOGETHER = re.compile(r"[.!?][A-ZĐÀ-Ỹ]")


def _joined(text: str) -> bool:
    return bool(_RUN_TOGETHER.search(text))


def check(app: Path) -> list[str]:
    fresh = regenerate(app)
    catalogue = app / CATALOGUE
    if fresh is None or not len(fresh):
        return []
    if not catalogue.exists():
        return [f"{app.name}: {len(fresh)} messages but no catalogue at {CATALOGUE}"]
    # gettext's own compiler: a syntax error or a message defined twice (which merges of
    # two branches' catalogues can leave) is a problem even where polib reads past it.
    compiled = subprocess.run(
        [shutil.which("msgfmt") or "msgfmt", "--check-format", "-o", os.devnull, str(catalogue)],
        capture_output=True,
        text=True,
    )
    if compiled.returncode:
        return [f"{app.name}: {line}" for line in compiled.stderr.splitlines() if line]
    committed = polib.pofile(str(catalogue))
    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    problems = [
        f"{app.name}: not in the catalogue (run makemessages): {e.msgid!r}"
        for e in fresh
        if (e.msgctxt, e.msgid) not in known
    ]
    for entry in committed:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"{app.name}: fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural and not all(entry.msgstr_plural.values()):
            problems.append(f"{app.name}: untranslated plural: {entry.msgid!r}")
        elif not entry.msgid_plural and not entry.msgstr:
            problems.append(f"{app.name}: untranslated: {entry.msgid!r}")
        elif _joined(entry.msgstr) and not _joined(entry.msgid):
            problems.append(f"{app.name}: two translations run together: {entry.msgid!r}")
    print(f"{app.name}: {len(fresh)} messages")
    return problems


def differing() -> list[str]:
    """Django shows one translation of a message for the whole site (the first installed
    app's): a message translated otherwise in another catalogue would silently read as the
    first one there (scripts/unify_translations.py aligns them; pgettext separates them)."""
    seen: dict[tuple[str | None, str], tuple[str, str]] = {}
    problems = []
    for catalogue in sorted(SRC.glob(f"*/{CATALOGUE}")):
        app = catalogue.parts[-5]
        for entry in polib.pofile(str(catalogue)):
            if entry.obsolete:
                continue
            text = entry.msgstr or repr(sorted(entry.msgstr_plural.items()))
            first = seen.setdefault((entry.msgctxt, entry.msgid), (app, text))
            if first[1] != text:
                problems.append(
                    f"{app}: {entry.msgid!r} is translated otherwise in {first[0]} "
                    "(run scripts/unify_translations.py, or give one a context)"
                )
    return problems


def main() -> int:
    problems: list[str] = []
    for app in sorted(p for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        problems += check(app)
    problems += differing()
    for line in problems:
        print(line)
    print(f"{len(problems)} translation problem(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
