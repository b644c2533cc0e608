"""Word anchors: try a phrase pattern only where one of its first words starts.

Rules and lexicon patterns are alternations of phrases between word boundaries
("viec nhe ...", "bao an o", "sihanoukville"). Python's regex engine has no literal to
skip ahead to in such a pattern, so ``finditer`` tries every position of the text, for
every pattern: that was most of the cost of a post. Yet a match can only start where a
word starts, and only a word the pattern can begin with. Each pattern is read once, at
import, for the words its phrases begin with (``viec`` for "viec nhe ...", any word
starting with ``lg`` for "lg\\s*cao"), and, where every phrase opening on a word goes on
with a fixed separator and a second word ("nhan tay", "nhan ha"), for those too; a post
is split into words once; each pattern is then tried, with ``match``, only at the
positions where one of its words starts (followed by one of its second words, if so).

The matches are exactly those of ``finditer``: every position where a match can start
is tried, leftmost first, resuming after each match, and a match at a position does
not depend on where the search began (lookbehinds still see the text before it). A
pattern whose first words cannot be read (it may start with a digit class, or match at
a position that is not a word start) is not anchored and runs with ``finditer``.

Reading a pattern uses the parser of the standard ``re`` module, whose tree format is
fixed for the Python version the project pins (3.11).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, compress, product
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from .memo import Memo

# A word, for anchoring: the boundary every anchored pattern's lookbehind implies.
_WORD_RUN = re.compile(r"[a-z0-9]+")
# Splitting on it, with the word kept, gives separators and words in turn.
_WORD_SPLIT = re.compile(r"([a-z0-9]+)")
# Above this many alternative leading strings, a pattern is not worth enumerating.
_MAX_LEADS = 256
_MAX_CACHED_WORDS = 1 << 16
_ZERO_WIDTH = (sre.ASSERT, sre.ASSERT_NOT, sre.AT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)

# The parser's tree is untyped: (opcode, argument) pairs whose argument shape depends
# on the opcode.
Items = list[tuple[Any, Any]]


def _exact(op: Any, av: Any) -> set[str] | None:
    """Every string an item can match, when there are few; else None."""
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.SUBPATTERN:
        return _exact_seq(av[3].data)
    if op is sre.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            sub = _exact_seq(branch.data)
            if sub is None:
                return None
            out |= sub
        return out if len(out) <= _MAX_LEADS else None
    if op is sre.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is sre.LITERAL:
                chars.add(chr(iav))
            elif iop is sre.RANGE and iav[1] - iav[0] < 16:
                chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
            else:
                return None
        return chars
    if op in _REPEATS:
        lo, hi, body = av
        sub = _exact_seq(body.data) if hi <= 2 else None
        if sub is None:
            return None
        out = set()
        for k in range(lo, hi + 1):
            out.update("".join(p) for p in product(sorted(sub), repeat=k))
        return out if len(out) <= _MAX_LEADS else None
    if op in _ZERO_WIDTH:
        return {""}
    return None


def _exact_seq(items: Items) -> set[str] | None:
    strings = {""}
    for op, av in items:
        sub = _exact(op, av)
        if sub is None:
            return None
        strings = {a + b for a in strings for b in sub}
        if len(strings) > _MAX_LEADS:
            return None
    return strings


def _leads(items: Items) -> set[tuple[str, bool]] | None:
    """How a match of ``items`` can begin: (leading string, may go on past it).

    A string that "goes on" is only a prefix of the match; one that does not is the
    whole match. None when the beginnings cannot be enumerated.
    """
    strings = {""}
    for i, (op, av) in enumerate(items):
        sub = _exact(op, av)
        if sub is not None:
            grown = {a + b for a in strings for b in sub}
            if len(grown) > _MAX_LEADS:
                return {(s, True) for s in strings}
            strings = grown
            continue
        rest = items[i + 1 :]
        if op is sre.SUBPATTERN:
            branches = [av[3].data]
        elif op is sre.BRANCH:
            branches = [b.data for b in av[1]]
        else:
            return {(s, True) for s in strings}
        out: set[tuple[str, bool]] = set()
        for branch in branches:
            sub_leads = _leads(list(branch) + rest)
            if sub_leads is None:
                return None
            out.update((a + s, more) for a in strings for s, more in sub_leads)
            if len(out) > _MAX_LEADS:
                return {(s, True) for s in strings}
        return out
    return {(s, False) for s in strings}


@dataclass(frozen=True, slots=True)
class _Gate:
    word: str
    # True: the word is the whole first word of a match; False: its first word starts
    # with ``word`` (the phrase may run on into it, as "lg" in "lgcao").
    whole: bool
    # For a whole first word that the leading string goes on from: the separator
    # after it and the second word, whole or a prefix ("nhan tay" in "nhan tay cao":
    # " ", "tay", True). A match there has exactly that separator and a second word
    # equal to, or starting with, that word.
    then: tuple[str, str, bool] | None = None


def _gates(pattern: re.Pattern[str]) -> frozenset[_Gate] | None:
    """The first words a match of ``pattern`` can begin with, or None if unknown."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    if pattern.flags & re.IGNORECASE or parsed.getwidth()[0] == 0:
        return None
    items = list(parsed.data)
    # A match must start where a word starts: the pattern must open with a lookbehind
    # that refuses a letter or digit before it (or a \b, when it opens on a letter).
    if not items or items[0][0] not in (sre.ASSERT_NOT, sre.AT):
        return None
    if items[0][0] is sre.ASSERT_NOT:
        direction, body = items[0][1]
        if direction != -1 or not _refuses_word_chars(body.data):
            return None
    elif items[0][1] is not sre.AT_BOUNDARY:
        return None
    leads = _leads(items[1:])
    if not leads:
        return None
    gates: set[_Gate] = set()
    for lead, _ in leads:
        word = _WORD_RUN.match(lead)
        if word is None:
            return None
        # The first word is whole when something that is not a letter or digit
        # follows it inside the leading string; otherwise the match may run on.
        whole = word.end() < len(lead)
        second = _WORD_RUN.search(lead, word.end()) if whole else None
        then = None
        if second is not None:
            sep = lead[word.end() : second.start()]
            then = (sep, second.group(), second.end() < len(lead))
        gates.add(_Gate(word.group(), whole, then))
    return frozenset(gates)


def _refuses_word_chars(items: Items) -> bool:
    if len(items) != 1 or items[0][0] is not sre.IN:
        return False
    members = items[0][1]
    if any(iop is sre.NEGATE for iop, _ in members):
        return False
    ranges = {(iav[0], iav[1]) for iop, iav in members if iop is sre.RANGE}
    return {(ord("a"), ord("z")), (ord("0"), ord("9"))} <= ranges


class Located:
    """The positions, in one text, where each anchored pattern may match."""

    __slots__ = ("starts",)

    def __init__(self, starts: dict[int, list[int]]) -> None:
        self.starts = starts


class AnchoredPattern:
    """A compiled pattern tried only at the word starts its phrases can begin with."""

    __slots__ = ("id", "pattern")

    def __init__(self, pattern: re.Pattern[str], anchor_id: int | None) -> None:
        self.pattern = pattern
        self.id = anchor_id

    def finditer(self, text: str, located: Located) -> Iterator[re.Match[str]]:
        """The matches ``self.pattern.finditer(text)`` gives, found faster."""
        if self.id is None:
            yield from self.pattern.finditer(text)
            return
        starts = located.starts.get(self.id)
        if not starts:
            return
        match = self.pattern.match
        end = 0
        for pos in starts:
            if pos < end:
                continue
            m = match(text, pos)
            if m is not None:
                end = m.end()
                yield m


class GuardedPattern:
    """A pattern with one phrase that can open on any word, such as ``\\w+\\.apk``.

    No word anchors that phrase, so the whole pattern would be tried at every position
    of every text. Every match of the phrase holds a literal (".apk"): a text without
    it can only match the other phrases, which ``rest`` holds, anchored. Matches are
    those of ``self.pattern.finditer``.
    """

    __slots__ = ("literal", "pattern", "rest")

    def __init__(self, pattern: re.Pattern[str], rest: AnchoredPattern, literal: str) -> None:
        self.pattern = pattern
        self.rest = rest
        self.literal = literal

    def finditer(self, text: str, located: Located) -> Iterator[re.Match[str]]:
        if self.literal in text:
            return self.pattern.finditer(text)
        return self.rest.finditer(text, located)


class _Conditional:
    """The patterns that may start at a word, some only before a given next word."""

    __slots__ = ("at", "ids", "thens")

    def __init__(
        self, ids: tuple[int, ...], thens: tuple[tuple[int, frozenset[tuple[str, str, bool]]], ...]
    ) -> None:
        self.ids = ids
        self.thens = thens
        # at[(separator, next word)]: the patterns that may start at the word there.
        self.at = Memo(self._at, _MAX_CACHED_WORDS)

    def _at(self, after: tuple[str, str]) -> tuple[int, ...]:
        sep, following = after
        found = list(self.ids)
        for anchor_id, thens in self.thens:
            for then_sep, second, whole in thens:
                if then_sep == sep and (
                    following == second if whole else following.startswith(second)
                ):
                    found.append(anchor_id)
                    break
        return tuple(found)


class Anchors:
    """The patterns registered for anchoring, indexed by the words they begin with."""

    def __init__(self) -> None:
        self._count = 0
        self._whole: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        # For each first character, the lengths of the prefix gates starting with it.
        self._prefix_lengths: dict[str, tuple[int, ...]] = {}
        # word -> the patterns whose every phrase opening on that whole word goes on
        # with a known separator and second word, and those (see _Gate.then).
        self._then: dict[str, list[tuple[int, frozenset[tuple[str, str, bool]]]]] = {}
        # word -> the patterns that may start at it. Words repeat across posts, so this
        # turns the per-word work into one lookup; bounded, it is emptied when full.
        self._by_word = Memo(self._patterns_at, _MAX_CACHED_WORDS)
        # (word, separator, next word) -> the patterns that may start at the word there.
        self._at_word = Memo(self._patterns_before, _MAX_CACHED_WORDS)
        self.registered: list[AnchoredPattern] = []

    def add(
        self, pattern: re.Pattern[str], first_words: Iterable[str] | None = None
    ) -> AnchoredPattern:
        """Register ``pattern``, anchored at the words it can begin with.

        ``first_words``, when given, are every word a match can begin with, known by
        whoever built the pattern better than its phrases show ("a[\\s.\\-]*rap" only
        at "a" or "arap", where the pattern read alone could start at any word opening
        on "a"); each must be one the pattern read alone allows.
        """
        gates = _gates(pattern)
        if gates is not None and first_words is not None:
            words = frozenset(first_words)
            whole = {g.word for g in gates if g.whole}
            prefixes = tuple(g.word for g in gates if not g.whole)
            for word in words:
                if not _WORD_RUN.fullmatch(word) or not (
                    word in whole or word.startswith(prefixes)
                ):
                    raise ValueError(f"{pattern.pattern[:40]!r} cannot begin with {word!r}")
            gates = frozenset(_Gate(word, True) for word in words)
        if gates is None:
            unanchored = AnchoredPattern(pattern, None)
            self.registered.append(unanchored)
            return unanchored
        anchor_id = self._count
        self._count += 1
        thens: dict[str, set[tuple[str, str, bool]] | None] = {}
        for gate in gates:
            if gate.whole:
                known = thens.setdefault(gate.word, set())
                if known is None or gate.then is None:
                    thens[gate.word] = None
                else:
                    known.add(gate.then)
                continue
            self._prefix.setdefault(gate.word, []).append(anchor_id)
            lengths = set(self._prefix_lengths.get(gate.word[0], ())) | {len(gate.word)}
            self._prefix_lengths[gate.word[0]] = tuple(sorted(lengths))
        for word, known in thens.items():
            if known is None:
                self._whole.setdefault(word, []).append(anchor_id)
            else:
                self._then.setdefault(word, []).append((anchor_id, frozenset(known)))
        self._by_word.clear()
        self._at_word.clear()
        anchored = AnchoredPattern(pattern, anchor_id)
        self.registered.append(anchored)
        return anchored

    def add_guarded(
        self, pattern: re.Pattern[str], rest: re.Pattern[str], literal: str
    ) -> GuardedPattern:
        """Register ``rest``, ``pattern`` without the phrase whose matches all hold
        ``literal``, and return what runs ``pattern`` when the text holds it."""
        return GuardedPattern(pattern, self.add(rest), literal)

    def _patterns_at(self, word: str) -> tuple[int, ...] | _Conditional:
        ids = set(self._whole.get(word, ()))
        for n in self._prefix_lengths.get(word[0], ()):
            if n > len(word):
                break
            ids.update(self._prefix.get(word[:n], ()))
        thens = tuple((i, t) for i, t in self._then.get(word, ()) if i not in ids)
        if thens:
            return _Conditional(tuple(sorted(ids)), thens)
        return tuple(sorted(ids))

    def _patterns_before(self, key: tuple[str, str, str]) -> tuple[int, ...]:
        word, sep, following = key
        found = self._by_word[word]
        return found.at[sep, following] if isinstance(found, _Conditional) else found

    def locate(self, text: str, parts: list[str] | None = None) -> Located:
        """Split ``text`` into words once and note where each pattern may match.

        ``parts`` is ``split(text)`` when the caller already has it.
        """
        # Separators and words alternate, so the running lengths of the parts give
        # each word's start; the words and their patterns are read in C, and only the
        # words some pattern may start at reach the Python loop.
        if parts is None:
            parts = _WORD_SPLIT.split(text)
        offsets = list(accumulate(map(len, parts)))
        # Each word with the separator and the word after it ("" after the last).
        words = parts[1::2]
        following = parts[3::2]
        if words:
            following.append("")
        ids = list(map(self._at_word.__getitem__, zip(words, parts[2::2], following, strict=True)))
        starts: defaultdict[int, list[int]] = defaultdict(list)
        for pos, found in compress(zip(offsets[:-1:2], ids, strict=True), ids):
            for anchor_id in found:
                starts[anchor_id].append(pos)
        return Located(starts)


def split(text: str) -> list[str]:
    """The separators and words of ``text`` in turn, separators first and last (words
    are runs of ``[a-z0-9]``): what ``Anchors.locate`` reads."""
    return _WORD_SPLIT.split(text)


ANCHORS = Anchors()
