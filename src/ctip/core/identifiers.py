"""Usernames that cannot pass for one another.

A username is compared in its normal form (NFKC, then case-folded) and by its skeleton:
each character replaced by a representative of the characters that look like it, so
"аdmin" (Cyrillic а) and "admin", or "ADMIN" and "admin", have one skeleton. The
look-alike data is Unicode's confusables list (UTS #39) as shipped by
``confusable_homoglyphs``, which also tells mixed-script names; that package lists, for
each character, the characters it may be confused with, but gives no skeleton, so the
relation is closed here (connected components) into one representative per group: see
docs/decisions/0009-confusable-usernames.md.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache

from confusable_homoglyphs import confusables


def normal_form(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


@cache
def _representatives() -> dict[str, str]:
    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        root = ch
        while parent.get(root, root) != root:
            root = parent[root]
        while ch != root:  # path compression
            parent[ch], ch = root, parent[ch]
        return root

    for char, glyphs in confusables.confusables_data.items():
        if len(char) != 1:
            continue
        for glyph in glyphs:
            other = glyph["c"]
            if len(other) == 1:
                a, b = find(char), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {ch: find(ch) for ch in list(parent)}


def skeleton(name: str) -> str:
    reps = _representatives()
    return "".join(reps.get(ch, ch) for ch in normal_form(name))


def mixes_lookalike_scripts(name: str) -> bool:
    """Letters of two scripts where one could pass for the other ("аdmin")."""
    return bool(confusables.is_dangerous(normal_form(name)))


def confusable_with(name: str, existing: Iterable[str]) -> str | None:
    """The first of ``existing`` that ``name`` could pass for, if any."""
    mine = skeleton(name)
    for other in existing:
        if skeleton(other) == mine:
            return other
    return None
