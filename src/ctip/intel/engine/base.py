"""The indicator value type shared by every normaliser."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ctip.core.engine.labels import Label

# Invisible characters survive copy and paste from chat apps and are used on purpose to
# make one phone number or domain look like two; none of them is ever meaningful here.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


class InvalidIndicator(ValueError):
    """A value that cannot be an indicator. ``label`` says why to whoever typed it, in
    words the Django layer translates (``ctip.core.labels.label``); ``str()`` is English."""

    def __init__(self, label: Label) -> None:
        super().__init__(label.en)
        self.label = label


@dataclass(frozen=True, slots=True)
class Indicator:
    """A normalised indicator.

    ``key`` is canonical: every way of typing the same indicator gives the same key.
    ``display`` is what people read. ``links`` says whether sharing this indicator is
    enough to put two reports in one network.
    """

    kind: str
    key: str
    display: str
    links: bool = True

    @property
    def ref(self) -> str:
        """The kind-qualified key, unique across kinds: what linking and lookups index."""
        return f"{self.kind}:{self.key}"


def clean(value: object) -> str:
    """Unicode-normalise (NFKC folds full-width digits and letters), drop invisibles, strip."""
    if not isinstance(value, str):
        raise InvalidIndicator(Label("Expected text."))
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", value)).strip()
