"""Vietnamese-aware folding of names for matching.

Handover lists from abroad drop diacritics, shout in capitals and put the given name first;
officers at home type full diacritics in Vietnamese order. Folding makes "Nguyễn Văn An",
"AN NGUYEN VAN" and "nguyen  van an" compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# đ/Đ is a letter of its own, not d with a combining mark, so NFD leaves it alone.
_LETTER_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# The commonest family names and the middle names văn and thị: shared by so many people
# that, alone, they identify no one. Together they cover well over half the population.
COMMON_TOKENS = frozenset(
    {
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "van",
        "thi",
    }
)

# Spellings that foreign officials and hurried typists interchange. Applied in order, on a
# folded token, so that longer clusters are rewritten before their parts.
_PHONETIC_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^ngh", "ng"),
        (r"^gh", "g"),
        (r"^gi", "z"),
        (r"^zi(?=[aeiou])", "z"),
        (r"^qu", "kw"),
        (r"ph", "f"),
        (r"^[dr]", "z"),
        (r"[cq]", "k"),
        (r"^kh", "x"),
        (r"y", "i"),
        (r"w", "u"),
        (r"(.)\1+", r"\1"),
    )
)
_VOWEL_RUN = re.compile(r"[aeiou]+")


def _vowel_set(match: re.Match[str]) -> str:
    # "Nguyen" is often typed "Ngyuen" or "Nguyne": the letters of a vowel cluster survive
    # a swap even when their order does not. Foreign lists drop the glide of a three-vowel
    # cluster ("NGUEN", "HUEN" for Nguyễn, Huyền): it is left out of such clusters.
    letters = set(match.group())
    if len(match.group()) >= 3:
        letters.discard("i")
    return "".join(sorted(letters))


def fold(text: str) -> str:
    """Lower case, no diacritics, đ→d, punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTER_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.lower()).strip()


# Names repeat endlessly across candidates; caching the folded forms makes scoring a block
# of a thousand candidates cheap.
@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(fold(name).split())


def sorted_name(name: str) -> str:
    """Order-free form of a name: its folded tokens, sorted."""
    return " ".join(sorted(name_tokens(name)))


@lru_cache(maxsize=65536)
def phonetic_token(token: str) -> str:
    key = fold(token).replace(" ", "")
    for pattern, replacement in _PHONETIC_RULES:
        key = pattern.sub(replacement, key)
    return _VOWEL_RUN.sub(_vowel_set, key)


def phonetic_key(name: str) -> str:
    return " ".join(sorted(phonetic_token(t) for t in name_tokens(name)))


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler similarity in [0, 1]; robust to the transposed letters of typing errors."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    a_matched = [False] * len(a)
    b_matched = [False] * len(b)
    matches = 0
    for i, ch in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not b_matched[j] and b[j] == ch:
                a_matched[i] = b_matched[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    a_seq = [ch for ch, hit in zip(a, a_matched, strict=True) if hit]
    b_seq = [ch for ch, hit in zip(b, b_matched, strict=True) if hit]
    transpositions = sum(x != y for x, y in zip(a_seq, b_seq, strict=True)) / 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    prefix = 0
    for x, y in zip(a[:4], b[:4], strict=False):
        if x != y:
            break
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)
