"""The platform's notification inbox: what other apps register and call.

An app declares the subjects it sends, once, at import time of the module that sends
them, with a translatable text whose ``%(name)s`` placeholders are filled from the
notification's parameters when it is shown::

    from django.utils.translation import gettext_lazy as _
    from ctip.core import notifications

    notifications.register("cases.case_shared", _("Case %(case)s was shared with your agency."))

and notifies inside the transaction of the change (``ctip.core.actions.notify``)::

    actions.notify(actor=actor, agency=agency, kind="referral",
                   message="cases.referral_sent", params={"case": case.reference},
                   link=reverse("cases:referral", args=[referral.pk]),
                   permission="cases.view_case")

Parameters are short references (a case reference, a request number), never names,
addresses or other personal data; ``notify`` refuses anything but short strings and
numbers. Reads: ``ctip.core.selectors.inbox`` and ``unread_count``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

MESSAGES: dict[str, Promise | str] = {}
MAX_PARAM_LENGTH = 80


def register(code: str, text: Promise | str) -> None:
    """Declare a subject. Registering the same code again replaces its text."""
    if not code or len(code) > 80:
        raise ValueError(f"Bad notification code {code!r}")
    MESSAGES[code] = text


def render(code: str, params: Mapping[str, Any]) -> str:
    """The subject in the active language; a plain fallback if the code is unknown."""
    text = MESSAGES.get(code)
    if text is None:
        return _("Notification (%(code)s)") % {"code": code}
    try:
        return str(text) % dict(params)
    except (KeyError, TypeError, ValueError):
        return str(text)
