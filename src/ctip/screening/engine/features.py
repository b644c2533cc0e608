"""Turn a post into model features: hashed n-grams plus a few dense signals.

Sparse part: word unigrams and bigrams (CRC-32 hashed) and character 3- and 4-grams
(a polynomial rolling hash computed with numpy over the whole string at once, which is
what keeps inference near a hundred microseconds a post). Both run over the folded text
with teencode expanded ("lg" -> "luong", "kn" -> "kinh nghiem") and digits collapsed,
so "lg 15tr" and "lương 20 triệu" share features.

Dense part: the rule flags and what the entities say (pay level, destination risk,
contacts), so the model can weigh the transparent signs with the words around them.
"""

from __future__ import annotations

import itertools
import operator
import re
import zlib
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from .memo import Memo
from .rules import ALL_CODES
from .text import FoldedText
from .types import EntityRows, FlagRow

HASH_BITS = 18
N_HASHED = 1 << HASH_BITS
# Consecutive orders: each n-gram hash extends the one of order n - 1 (_char_hashes).
# 5-grams added a third of the indices to hash and gather for no gain in 5-fold
# cross-validation on the corpus (macro-F1 0.990-0.992 over three fold seeds, either way).
CHAR_NGRAMS = tuple(range(3, 5))

# Long inputs are scored on their first 20,000 characters: a job post is far shorter,
# and this bounds the time a pasted document can take.
MAX_FEATURE_CHARS = 20_000

_TOKEN = re.compile(r"[a-z]+|\d+|[^\w\s]")
# Teencode and abbreviations, folded, mapped to the words they stand for.
_TEENCODE = {
    "lg": "luong",
    "luog": "luong",
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "khg": "khong",
    "kg": "khong",
    "hong": "khong",
    "hok": "khong",
    "kn": "kinh nghiem",
    "dc": "duoc",
    "dk": "duoc",
    "ib": "inbox",
    "tr": "trieu",
    "cu": "trieu",
    "sdt": "so dien thoai",
    "vs": "voi",
    "j": "gi",
    "cty": "cong ty",
    "ctv": "cong tac vien",
    "cskh": "cham soc khach hang",
    "tele": "telegram",
    "zl": "zalo",
    "fb": "facebook",
    "lh": "lien he",
    "nv": "nhan vien",
    "ng": "nguoi",
    "mk": "minh",
    "bn": "bao nhieu",
    "cpc": "campuchia",
    "tq": "trung quoc",
    "bhxh": "bao hiem xa hoi",
    "hd": "hop dong",
    "mn": "moi nguoi",
    "ad": "admin",
}

# Names of the dense features, in column order after the hashed block.
DENSE_NAMES: tuple[str, ...] = (
    *(f"flag:{code}" for code in ALL_CODES),
    "pay:any",
    "pay:usd>=500",
    "pay:usd>=800",
    "pay:usd>=1500",
    "pay:per_day_or_hour",
    "dest:hub",
    "dest:high_risk_country",
    "dest:transit_country",
    "dest:lawful_migration_country",
    "dest:vietnam_border",
    "contact:messaging_handle",
    "contact:channel_mention",
    "contact:phone",
    "contact:url",
    "contact:official_domain",
    "recruiter:named",
    "recruiter:licence",
    "lang:vi",
    "lang:en",
    "lang:other",
    "bias:short_text",
)
N_FEATURES = N_HASHED + len(DENSE_NAMES)
_DENSE_INDEX = {name: N_HASHED + i for i, name in enumerate(DENSE_NAMES)}

_TRANSIT = frozenset({"TH", "PH", "MY", "AE", "CN", "HK"})
_LAWFUL = frozenset({"JP", "KR", "TW", "DE", "AU", "SG"})
_OFFICIAL_DOMAIN = re.compile(r"\.(?:gov|edu|int)(?:\.[a-z]{2})?$|^eps\.go\.kr$|^colab\.vn$")

_MASK = np.uint64(N_HASHED - 1)
_MIX = np.uint64(0x9E3779B97F4A7C15)
# Per-position multipliers of the rolling hash, and a salt per n so that a 3-gram and
# a 4-gram never share a bucket by construction.
_POW = np.array([1_000_003**k % (1 << 61) for k in range(max(CHAR_NGRAMS))], dtype=np.uint64)
_SALT = {n: np.uint64(0x632BE59BD9B4E019 * n % (1 << 63)) for n in CHAR_NGRAMS}


class Features(NamedTuple):
    """Hashed indices (with repeats: they count), their scale, and dense columns."""

    hashed: np.ndarray
    scale: float
    dense: tuple[int, ...]


# The per-token work (teencode expansion, digit collapsing, hashing) is done once per
# distinct token, and each bigram hashed once per distinct pair of tokens (see Memo).
_MAX_CACHED_TOKENS = 1 << 17
_WORD_MASK = N_HASHED - 1


def _expand(tok: str) -> tuple[str, ...]:
    if tok.isdigit():
        return ("0" * min(len(tok), 4),)
    return tuple(_TEENCODE.get(tok, tok).split())


def _unigram(tok: str) -> int:
    # The CRC-32 bucket of "w<token>".
    return zlib.crc32(b"w" + tok.encode()) & _WORD_MASK


def _bigram(pair: tuple[str, str]) -> int:
    # The CRC-32 bucket of "b<token> <next token>".
    return zlib.crc32(b"b" + pair[0].encode() + b" " + pair[1].encode()) & _WORD_MASK


_EXPANDED = Memo(_expand, _MAX_CACHED_TOKENS)
_UNIGRAMS = Memo(_unigram, _MAX_CACHED_TOKENS)
_BIGRAMS = Memo(_bigram, _MAX_CACHED_TOKENS)


def raw_tokens(folded_text: str) -> list[str]:
    """The folded text's letter runs, digit runs and single punctuation marks."""
    return _TOKEN.findall(folded_text)


def _part_tokens(part: str) -> tuple[str, ...] | None:
    # A decimal digit at either end of a separator (a digit of another script: the
    # words hold the ASCII ones) may join a digit run of the word beside it.
    if part and not part.isascii() and (part[0].isdecimal() or part[-1].isdecimal()):
        return None
    return tuple(_TOKEN.findall(part))


# The tokens of each word and separator (see tokens_of_parts): words and separators
# recur across posts, where the token scan costs about 20 µs for a post.
_PART_TOKENS = Memo(_part_tokens, _MAX_CACHED_TOKENS)


def tokens_of_parts(folded_text: str, parts: list[str]) -> list[str]:
    """``raw_tokens(folded_text[:MAX_FEATURE_CHARS])`` from ``parts``, the text's
    separators and words (``anchors.split``), looked up one by one.

    A token never runs across the edge of a word (``[a-z0-9]`` runs) and the separator
    beside it, unless the separator has a decimal digit there: then, and for a text
    longer than the cut, the text is scanned whole.
    """
    if len(folded_text) > MAX_FEATURE_CHARS:
        return raw_tokens(folded_text[:MAX_FEATURE_CHARS])
    found = list(map(_PART_TOKENS.__getitem__, parts))
    if None in found:
        return raw_tokens(folded_text)
    return list(itertools.chain.from_iterable(found))  # type: ignore[arg-type]


def expand(raw: list[str]) -> list[str]:
    """The model's tokens from raw ones: teencode expanded, numbers collapsed."""
    return list(itertools.chain.from_iterable(map(_EXPANDED.__getitem__, raw)))


def tokens(folded_text: str) -> list[str]:
    return expand(raw_tokens(folded_text))


def _word_hashes(toks: list[str]) -> list[int]:
    hashes = list(map(_UNIGRAMS.__getitem__, toks))
    hashes += map(_BIGRAMS.__getitem__, itertools.pairwise(toks))
    return hashes


def _char_text(toks: list[str]) -> bytes:
    # Tokens hold no digit but "0" (see tokens), so the text needs no digit folding.
    return (" " + " ".join(toks) + " ").encode()


def _char_orders(joined: bytes) -> list[tuple[int, np.ndarray]]:
    """Each order n and the bucket of every n-byte window of ``joined``, in order.

    A dozen numpy calls hash every text of a batch chunk at once, where one post's
    300 bytes alone cost about as much in call overhead: the texts are joined, every
    window is hashed, and each text keeps its own windows (those crossing from one
    text into the next are dropped). A window's bucket depends only on its bytes.
    """
    arr = np.frombuffer(joined, dtype=np.uint8).astype(np.uint64)
    size = len(arr)
    # The polynomial of an n-gram is that of its (n-1)-gram prefix plus one term, so
    # the orders are built one on another; each then gets its salt and is mixed. The
    # buckets are the same as summing each order from scratch.
    first = CHAR_NGRAMS[0]
    count = max(0, size - first + 1)
    poly = arr[:count] * _POW[0]
    for k in range(1, first):
        poly += arr[k : k + count] * _POW[k]
    orders = [(first, poly + _SALT[first])]
    for n in CHAR_NGRAMS[1:]:
        count = max(0, size - n + 1)
        poly = poly[:count] + arr[n - 1 :] * _POW[n - 1]
        orders.append((n, poly + _SALT[n]))
    for _, h in orders:
        h *= _MIX
        h ^= h >> np.uint64(29)
        h &= _MASK
    return orders


def _char_hashes(texts: Sequence[bytes]) -> list[list[np.ndarray]]:
    """The character n-gram buckets of each text, one array per order."""
    orders = _char_orders(b"".join(texts))
    out: list[list[np.ndarray]] = []
    start = 0
    for text in texts:
        length = len(text)
        # Bucket numbers are below 2**18, so the unsigned hashes read as int64 unchanged.
        out.append([h[start : start + max(0, length - n + 1)].view(np.int64) for n, h in orders])
        start += length
    return out


def dense_columns(
    flags: list[FlagRow], entities: EntityRows, language: str, length: int
) -> list[int]:
    on = set(map(_FLAG_COLUMNS.__getitem__, map(_CODE, flags)))
    if entities.pay:
        on.add(_PAY_ANY)
        usd = max(map(_USD_MONTH, entities.pay))
        on.update(column for threshold, column in _PAY_THRESHOLDS if usd >= threshold)
        if not _SHORT_PERIODS.isdisjoint(map(_PERIOD, entities.pay)):
            on.add(_PAY_SHORT_PERIOD)
    for _, _, _, country, hub in entities.destinations:
        if country == "VN":
            on.add(_DENSE_INDEX["dest:vietnam_border"])
        elif hub:
            on.add(_DENSE_INDEX["dest:hub"])
        if country in {"KH", "MM", "LA"}:
            on.add(_DENSE_INDEX["dest:high_risk_country"])
        elif country in _TRANSIT:
            on.add(_DENSE_INDEX["dest:transit_country"])
        elif country in _LAWFUL:
            on.add(_DENSE_INDEX["dest:lawful_migration_country"])
    if entities.contacts:
        on.add(_DENSE_INDEX["contact:channel_mention"])
        if any(map(_HANDLE, entities.contacts)):
            on.add(_DENSE_INDEX["contact:messaging_handle"])
    if entities.phones:
        on.add(_DENSE_INDEX["contact:phone"])
    if entities.urls:
        on.add(_DENSE_INDEX["contact:url"])
        if any(_OFFICIAL_DOMAIN.search(u[3]) for u in entities.urls):
            on.add(_DENSE_INDEX["contact:official_domain"])
    if entities.recruiters:
        on.add(_DENSE_INDEX["recruiter:named"])
    if entities.licences:
        on.add(_DENSE_INDEX["recruiter:licence"])
    on.add(_DENSE_INDEX[f"lang:{language}"])
    if length < 120:
        on.add(_DENSE_INDEX["bias:short_text"])
    return sorted(on)


# Columns and row fields dense_columns reads most.
_FLAG_COLUMNS = {code: _DENSE_INDEX[f"flag:{code}"] for code in ALL_CODES}
_PAY_ANY = _DENSE_INDEX["pay:any"]
_PAY_THRESHOLDS = tuple((t, _DENSE_INDEX[f"pay:usd>={t}"]) for t in (500, 800, 1500))
_PAY_SHORT_PERIOD = _DENSE_INDEX["pay:per_day_or_hour"]
_SHORT_PERIODS = frozenset({"day", "hour"})
_CODE = operator.itemgetter(2)
_PERIOD = operator.itemgetter(3)
_USD_MONTH = operator.itemgetter(6)
_HANDLE = operator.itemgetter(3)


class Draft(NamedTuple):
    """A post's features before its character n-grams are hashed (see ``complete``)."""

    words: list[int]
    chars: bytes
    dense: tuple[int, ...]


def draft(
    folded: FoldedText,
    flags: list[FlagRow],
    entities: EntityRows,
    language: str,
    raw: list[str],
) -> Draft:
    """A post's features but the character n-grams; ``raw`` is ``raw_tokens`` of its
    first ``MAX_FEATURE_CHARS`` folded characters."""
    return drafts([folded], [flags], [entities], [language], [raw])[0]


def drafts(
    folded: Sequence[FoldedText],
    flags: Sequence[list[FlagRow]],
    entities: Sequence[EntityRows],
    languages: Sequence[str],
    raw: Sequence[list[str]],
) -> list[Draft]:
    """``draft`` of each post, each step taken for every post before the next (see
    ``assess.read_all``)."""
    toks = list(map(expand, raw))
    dense = [
        tuple(dense_columns(fl, e, language, len(f.original)))
        for f, fl, e, language in zip(folded, flags, entities, languages, strict=True)
    ]
    words = list(map(_word_hashes, toks))
    return list(map(Draft, words, list(map(_char_text, toks)), dense))


def complete(drafts: Sequence[Draft]) -> list[Features]:
    """The features of each draft, their character n-grams hashed together."""
    out: list[Features] = []
    for d, chars in zip(drafts, _char_hashes([d.chars for d in drafts]), strict=True):
        hashed = np.concatenate([np.array(d.words, dtype=np.int64), *chars])
        out.append(Features(hashed, float(1.0 / np.sqrt(max(1, len(hashed)))), d.dense))
    return out


class Chunk(NamedTuple):
    """The features of a batch chunk's posts as ``Model.scores`` takes them."""

    # Every hashed index of every post, then every dense column.
    indices: np.ndarray
    # For each index, its post's number among n posts, n plus that for a dense column.
    segment: np.ndarray
    # Each post's ``Features.scale``.
    scale: np.ndarray


def chunk(drafts: Sequence[Draft]) -> Chunk:
    """The features of ``drafts`` for the whole chunk at once: for each post, the same
    indices and scale as ``complete``, with no array per post.

    The indices are laid out by kind (every post's word buckets, then every post's
    character 3-grams, then 4-grams), so within a post they come in the order of its
    ``Features.hashed``: a sum per post in index order adds the same numbers in the
    same order, and gives the same float.
    """
    n = len(drafts)
    posts = np.arange(n)
    word_counts = np.fromiter(map(len, (d.words for d in drafts)), dtype=np.int64, count=n)
    dense_counts = np.fromiter(map(len, (d.dense for d in drafts)), dtype=np.int64, count=n)
    texts = [d.chars for d in drafts]
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    starts = np.cumsum(lengths) - lengths
    parts = [np.fromiter(itertools.chain.from_iterable(d.words for d in drafts), dtype=np.int64)]
    segments = [np.repeat(posts, word_counts)]
    total = word_counts
    # Each byte's post, and how many bytes of that post's text are left from that byte
    # on, itself included: a window of n bytes starting there is kept where n are.
    owner = np.repeat(posts, lengths)
    left = np.repeat(lengths + starts, lengths) - np.arange(len(owner))
    for order, h in _char_orders(b"".join(texts)):
        keep = left[: len(h)] >= order
        parts.append(h[keep].view(np.int64))
        segments.append(owner[: len(h)][keep])
        total = total + np.maximum(0, lengths - order + 1)
    parts.append(np.fromiter(itertools.chain.from_iterable(d.dense for d in drafts), np.int64))
    segments.append(np.repeat(posts + n, dense_counts))
    scale = 1.0 / np.sqrt(np.maximum(1, total).astype(np.float64))
    return Chunk(np.concatenate(parts), np.concatenate(segments), scale)
