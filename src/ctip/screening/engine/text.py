"""Validation, diacritic folding with offsets, and language detection.

Rules and features match on a *folded* copy of the text (lower case, no Vietnamese
diacritics, "đ" -> "d"), because real posts are written both with and without
diacritics. Flags must still point into the text the person pasted, so folding keeps
a map from folded positions back to original positions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

# Job posts are a few hundred characters; a megabyte is a file pasted by mistake.
MAX_TEXT_CHARS = 1_000_000


class InvalidText(ValueError):
    """The input cannot be assessed; the message says why in plain words."""


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # Latin blocks cover Vietnamese (precomposed in U+1EA0-U+1EF9) and the accented
    # letters of other languages met in posts. Each maps to exactly one character, so
    # the folded text keeps the original length in the common case.
    ranges = [(0x41, 0x5A), (0xC0, 0x24F), (0x1E00, 0x1EFF)]
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            base = unicodedata.normalize("NFD", ch)[0].lower()
            if len(base) == 1 and base.isascii():
                table[cp] = base
    table[ord("đ")] = "d"
    table[ord("Đ")] = "d"
    # Combining marks only appear in decomposed (NFD) input: they fold to nothing.
    for cp in range(0x300, 0x370):
        table[cp] = ""
    # Typographic variants that posts use interchangeably with ASCII.
    for ch in "\u2018\u2019\u02bc":
        table[ord(ch)] = "'"
    for ch in "\u2010\u2011\u2012\u2013\u2014\u2212":
        table[ord(ch)] = "-"
    table[0xA0] = " "
    table[0xFF04] = "$"
    return table


FOLD_TABLE = _build_fold_table()

# FOLD_TABLE as an array over every code point, for folding a whole text in one numpy
# gather: ``str.translate`` looks each non-ASCII character up in the dict, which cost
# about 20 µs for a Vietnamese post of 300 characters. Characters that fold to nothing
# (combining marks) get ``_DROPPED``; a text holding one takes the slow path.
_DROPPED = 0xFFFFFFFF


def _build_fold_codes() -> np.ndarray:
    codes = np.arange(0x110000, dtype=np.uint32)
    for cp, out in FOLD_TABLE.items():
        codes[cp] = ord(out) if out else _DROPPED
    return codes


_FOLD_CODES = _build_fold_codes()


@dataclass(frozen=True, slots=True)
class FoldedText:
    """The original text, its folded copy, and how to map folded offsets back."""

    original: str
    folded: str
    # None when every original character folded to exactly one character, so offsets
    # are the same in both strings (the fast, common path).
    index: tuple[int, ...] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the folded text onto the original text."""
        if self.index is None:
            return start, end
        if start >= len(self.index):
            return len(self.original), len(self.original)
        ostart = self.index[start]
        oend = self.index[end - 1] + 1 if end > start else ostart
        # A decomposed character's combining marks belong to the span they follow.
        while oend < len(self.original) and unicodedata.combining(self.original[oend]):
            oend += 1
        return ostart, oend


def fold(text: str) -> FoldedText:
    """Return the folded copy of ``text`` with the map back to original offsets."""
    if text.isascii():
        # FOLD_TABLE maps no ASCII character but the capitals.
        return FoldedText(text, text.lower(), None)
    codes = _FOLD_CODES[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)]
    if codes.max() != _DROPPED:
        return FoldedText(text, codes.tobytes().decode("utf-32-le", "surrogatepass"), None)
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        out = FOLD_TABLE.get(ord(ch), ch)
        for c in out:
            chars.append(c)
            index.append(i)
    return FoldedText(text, "".join(chars), tuple(index))


_ODD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def validate(text: object) -> str:
    """Return ``text`` as a str ready to assess, or raise :class:`InvalidText`.

    Bytes are accepted when they are valid UTF-8, because batch input and HTTP bodies
    arrive as bytes; anything else that is not text is refused.
    """
    if isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
        if len(raw) >= MAX_TEXT_CHARS:
            raise InvalidText(f"The text is too long ({len(raw):,} bytes; it must be under 1 MB).")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidText(
                f"The text is not valid UTF-8 (bad byte at position {exc.start})."
            ) from None
    if not isinstance(text, str):
        raise InvalidText(f"Expected text, got {type(text).__name__}.")
    if len(text) >= MAX_TEXT_CHARS:
        raise InvalidText(
            f"The text is too long ({len(text):,} characters; it must be under 1 MB)."
        )
    if not text.strip():
        raise InvalidText("The text is empty: paste the job post to check.")
    # A stray control or replacement character happens in scraped posts; many of them,
    # or any NUL, mean the bytes were never text.
    odd = len(_ODD_CHARS.findall(text))
    if "\x00" in text or odd > max(2, len(text) // 100):
        raise InvalidText("The text looks like binary data, not a job post.")
    if _SURROGATES.search(text):
        raise InvalidText("The text is not valid UTF-8 (it holds lone surrogates).")
    return text


# Letters only Vietnamese uses among the languages met in these posts.
_VI_LETTERS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ") | frozenset(ch for ch in map(chr, range(0x1EA0, 0x1EFA)))
_VI_LETTER = re.compile("[" + "".join(sorted(_VI_LETTERS)) + "]")


def words(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for readable word lists."""
    return frozenset(text.split())


_VI_WORDS = words(
    "khong cua va cho lam viec luong nguoi duoc tuyen cac nhung la co thang trieu "
    "can nhan ban minh anh chi em lien he tai nay voi se da cung nhu hay ko ib dc "
    "trong ngay nen thi di ve o nuoc ngoai gap dang ky ho so cong ty nhan vien"
)
_EN_WORDS = words(
    "the and for to of with you your job jobs salary we in is are our on apply "
    "work at be will as per month this from or by an a no experience contact "
    "hiring needed required free send now only"
)
_WORD = re.compile(r"[a-z]+")


def detect_language(folded: FoldedText, tokens: list[str] | None = None) -> str:
    """Return "vi", "en" or "other" from letters and common words.

    ``tokens``, when given, are the ``features.raw_tokens`` of at least the first 4,000
    folded characters, which the featuriser needs anyway: their letter runs are the
    words counted here, and their digit and punctuation tokens are in no word list.
    """
    sample = folded.original[:4000]
    vi_letters = 0 if sample.isascii() else len(_VI_LETTER.findall(sample))
    text = folded.folded
    words = tokens if tokens is not None and len(text) <= 4000 else _WORD.findall(text[:4000])
    vi = sum(map(_VI_WORDS.__contains__, words)) + 2 * vi_letters
    en = sum(map(_EN_WORDS.__contains__, words))
    # Also the answer for a text without words: a Vietnamese letter folds to a letter,
    # so a text with one has a word.
    if vi == 0 and en == 0:
        return "other"
    if vi >= en:
        return "vi" if vi >= 2 or vi_letters else "other"
    return "en" if en >= 2 else "other"
