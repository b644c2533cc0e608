"""One check of one post, as the page and the API both run it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ctip.screening.engine import Assessment, assess
from ctip.screening.lookup import PLATFORM_LOOKUP

# The engine refuses text of a megabyte or more; the page and the API say so before
# reading that much into it.
MAX_POST_BYTES = 1_000_000


def check(text: str) -> Assessment:
    """Assess ``text`` with what the platform knows; raises the engine's InvalidText."""
    return assess(text, lookup=PLATFORM_LOOKUP)


def empty_message() -> str:
    return _("Paste the job post to check.")


def too_long_message() -> str:
    return _("The post is too long: paste less than 1 MB of text.")


def unreadable_message() -> str:
    # The engine's other refusals (binary data, broken characters) mean the same to a
    # reader: what was pasted is not text that can be read.
    return _("This cannot be checked: it looks like binary data, not the text of a post.")
