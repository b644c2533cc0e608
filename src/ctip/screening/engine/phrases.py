"""Word sequences of a job post, for spotting a lure that no rule knows yet.

Only words made of letters are kept, lower-cased: a token holding a digit (phone numbers,
amounts, codes), a web or e-mail address and an @handle break the sequence and are never
kept; nor does a sequence run across the end of a sentence. A post gives each sequence
once, however often it repeats it, so that a count of a sequence is a count of posts.
"""

from __future__ import annotations

import re
import unicodedata

N = 3  # three words: "việc nhẹ lương", "nhẹ lương cao"
LIMIT = 200  # sequences kept from one post at most (the first ones)

_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+|@\w+|\S+\.(?:com|vn|net|org|vip|xyz)\S*")
_BREAK = "\x00"  # what an address is replaced by: it ends a run
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def _words(text: str) -> list[str | None]:
    """Words in order; None where something that is not a plain word broke the run."""
    out: list[str | None] = []
    text = _ADDRESS.sub(f" {_BREAK} ", unicodedata.normalize("NFC", text))
    for token in _TOKEN.findall(text):
        if token == _BREAK or any(ch.isdigit() for ch in token):
            out.append(None)
            continue
        words = _WORD.findall(token)
        stripped = token.strip(".,;:!?()[]{}\"'“”‘’«»…-–—/|*#")
        if len(words) == 1 and words[0] == stripped:
            out.append(words[0].casefold())
            if token.rstrip("\"'”’)»").endswith((".", "!", "?", ":", ";", "…")):
                out.append(None)  # a sequence does not run across sentences
        elif words:
            out.append(None)
    return out


def phrases(text: str, n: int = N, limit: int = LIMIT) -> frozenset[str]:
    """The distinct sequences of ``n`` plain words of ``text`` (at most ``limit``)."""
    found: dict[str, None] = {}
    run: list[str] = []
    for word in [*_words(text), None]:
        if word is None:
            run = []
            continue
        run.append(word)
        if len(run) >= n:
            found.setdefault(" ".join(run[-n:]))
            if len(found) >= limit:
                break
    return frozenset(found)
