"""Django's makemessages, also collecting the words the engines and their data files hold.

The engines stay free of Django, so they mark what people read with ``Label("...")``
(``ctip.core.engine.labels``) instead of ``gettext``: xgettext is told that keyword.
Texts in an engine's data files (the screening questionnaires) are not code at all: the
app names a function yielding them in ``DATA_MESSAGES`` and they are added to the
catalogue of the app makemessages runs in (it runs from the app's folder).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path

import polib
from django.core.management.commands import makemessages

DATA_MESSAGES = {
    "cases": "ctip.cases.engine.questionnaire:catalogue_messages",
}


def data_messages(app: str) -> Iterable[str]:
    if app not in DATA_MESSAGES:
        return ()
    module, name = DATA_MESSAGES[app].split(":")
    source: Callable[[], Iterable[str]] = getattr(import_module(module), name)
    return source()


class Command(makemessages.Command):
    help = (
        "Collect the messages to translate into an app's catalogue, the engines' labels "
        "and data files included. Run it from the app's folder."
    )
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=Label"]

    def build_potfiles(self) -> list[str]:
        potfiles: list[str] = super().build_potfiles()
        extra = list(dict.fromkeys(data_messages(Path.cwd().name)))
        for potfile in potfiles if extra else ():
            catalogue = polib.pofile(potfile)
            known = {(e.msgctxt, e.msgid) for e in catalogue}
            for msgid in extra:
                if (None, msgid) not in known:
                    catalogue.append(polib.POEntry(msgid=msgid, msgstr=""))
            catalogue.save(potfile)
        return potfiles
