"""Anchored matching finds exactly what a plain ``finditer`` finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctip.screening.engine import entities  # noqa: F401 - registers the entity patterns
from ctip.screening.engine.anchors import ANCHORS, Anchors, GuardedPattern
from ctip.screening.engine.corpus import examples
from ctip.screening.engine.lexicon import first_words, lexicon
from ctip.screening.engine.rules import _PATTERN_RULES, RULES
from ctip.screening.engine.text import fold


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def assert_same_matches(text: str) -> None:
    located = ANCHORS.locate(text)
    patterns = [*ANCHORS.registered, *(p for _, p in _PATTERN_RULES)]
    for anchored in patterns:
        expected = spans(anchored.pattern, text)
        assert [m.span() for m in anchored.finditer(text, located)] == expected, (
            anchored.pattern.pattern[:60],
            text,
        )


def test_rules_and_lexicon_are_anchored() -> None:
    anchored = [a for a in ANCHORS.registered if a.id is not None]
    # Every phrase rule is anchored (the two with a phrase opening on any word,
    # "x.apk" and "x.gov", when the text lacks that phrase's literal), and so are the
    # places and the contact words.
    assert len(anchored) >= len(RULES) + 3
    guarded = [p for _, p in _PATTERN_RULES if isinstance(p, GuardedPattern)]
    assert {p.literal for p in guarded} == {".apk", ".gov"}
    assert all(p.rest.id is not None for p in guarded)


def test_guarded_rules_match_with_and_without_their_literal() -> None:
    for text in (
        "tai app ve may, file abc.apk, xem tai tuyendung.gov.vn hoac so noi vu",
        "tai app ve may, xem tai so noi vu hoac job fair",
        "x.apk.gov y.gov z.apkk",
    ):
        assert_same_matches(text)


def test_same_matches_on_the_corpus() -> None:
    for example in examples():
        folded = fold(example.text).folded
        assert_same_matches(folded)
        assert_same_matches(folded.upper().lower().replace(" ", "  "))


# Words the patterns begin with, glued and split in ways posts are not, so that
# prefixes, repeats and overlaps all occur.
_VOCAB = [
    "viec",
    "nhe",
    "luong",
    "lg",
    "lgcao",
    "cao",
    "k",
    "ko",
    "khong",
    "can",
    "kn",
    "kinh",
    "nghiem",
    "bao",
    "an",
    "o",
    "ve",
    "may",
    "bay",
    "tuyen",
    "gap",
    "di",
    "ngay",
    "ib",
    "zalo",
    "tele",
    "telegram",
    "cong",
    "ty",
    "cty",
    "tnhh",
    "phi",
    "coc",
    "dat",
    "xihanuk",
    "kk",
    "park",
    "poi",
    "pet",
    "campuchia",
    "easy",
    "job",
    "high",
    "pay",
    "no",
    "experience",
    "0",
    "15",
    "chi",
    "con",
    "3",
    "suat",
    "/",
    ".",
    "-",
    ",",
    "@",
    "_",
    "x",
    "ban",
    "be",
    "x.apk",
    "site.gov",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_VOCAB), max_size=30), st.lists(st.sampled_from(" ,.-_"), max_size=30)
)
def test_same_matches_on_word_soup(words: list[str], seps: list[str]) -> None:
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    assert_same_matches(text)


def test_a_pattern_that_can_start_anywhere_is_not_anchored() -> None:
    anchors = Anchors()
    assert anchors.add(re.compile(r"(?<![a-z0-9])\w+\.apk")).id is None
    assert anchors.add(re.compile(r"(?:viec|lam)")).id is None
    assert anchors.add(re.compile(r"(?<![a-z0-9])(?:viec|lam) nhe")).id is not None


def test_prefix_gate_covers_run_on_words() -> None:
    anchors = Anchors()
    pattern = anchors.add(re.compile(r"(?<![a-z0-9])(?:luong|lg)\s*cao(?![a-z0-9])"))
    text = "lgcao va luong cao, xlgcao"
    assert [m.group() for m in pattern.finditer(text, anchors.locate(text))] == [
        "lgcao",
        "luong cao",
    ]


def test_second_word_gate_tries_a_pattern_only_before_its_next_word() -> None:
    anchors = Anchors()
    pattern = anchors.add(
        re.compile(r"(?<![a-z0-9])(?:nhan (?:tay|ha)\W{0,3}luong|nhan-vien moi|nhan lg)")
    )
    # "nhan" opens every phrase and each goes on with a separator and a second word,
    # so only "nhan" followed by " tay", " ha", "-vien" or " lg..." is a start.
    assert "nhan" in anchors._then
    assert "nhan" not in anchors._whole
    text = "nhan tay, luong; nhan  ha luong; nhan-vien moi; nhan lgx; nhan viec; nhan"
    located = anchors.locate(text)
    assert located.starts[pattern.id] == [0, 33, 48]
    assert [m.group() for m in pattern.finditer(text, located)] == [
        "nhan tay, luong",
        "nhan-vien moi",
        "nhan lg",
    ]
    assert [m.span() for m in pattern.finditer(text, located)] == [
        m.span() for m in pattern.pattern.finditer(text)
    ]


def test_a_phrase_on_one_word_keeps_the_word_gate_for_its_pattern() -> None:
    anchors = Anchors()
    pattern = anchors.add(re.compile(r"(?<![a-z0-9])(?:nhan tay|nhan\s*gap)"))
    # "nhan\s*gap" may run on from "nhan" into anything: every "nhan" is a start.
    text = "nhan   gap, nhan tay, nhan x"
    located = anchors.locate(text)
    assert located.starts[pattern.id] == [0, 12, 22]
    assert [m.group() for m in pattern.finditer(text, located)] == ["nhan   gap", "nhan tay"]


def test_first_words_given_gate_a_pattern_at_those_words_only() -> None:
    anchors = Anchors()
    source = r"(?<![a-z0-9])(?:a[\s.\-]*rap|an[\s.\-]*giang)(?![a-z0-9])"
    plain = anchors.add(re.compile(source))
    gated = anchors.add(re.compile(source), ["a", "arap", "an", "angiang"])
    text = "a rap, arap, an.giang, angiang, anh giang, a warehouse, associate arap"
    located = anchors.locate(text)
    # Read alone the pattern may start at any word opening on "a".
    assert len(located.starts[plain.id]) == 8
    assert len(located.starts[gated.id]) == 6
    expected = [m.span() for m in plain.pattern.finditer(text)]
    assert [m.span() for m in gated.finditer(text, located)] == expected
    assert len(expected) == 5


def test_first_words_the_pattern_cannot_begin_with_are_refused() -> None:
    anchors = Anchors()
    with pytest.raises(ValueError, match="cannot begin with 'rap'"):
        anchors.add(re.compile(r"(?<![a-z0-9])a[\s.\-]*rap"), ["a", "rap"])
    with pytest.raises(ValueError, match="cannot begin with 'a rap'"):
        anchors.add(re.compile(r"(?<![a-z0-9])a[\s.\-]*rap"), ["a rap"])


def test_place_first_words_are_every_alias_run_together() -> None:
    assert first_words("a rap xe ut") == ["a", "arap", "arapxe", "arapxeut"]
    assert first_words("kk-park") == ["kk"]
    assert first_words("hong kong") == ["hong", "hongkong"]
    places = lexicon().place_pattern
    for alias in lexicon().places:
        for text in (alias, alias.replace(" ", ""), alias.replace(" ", ".-")):
            found = places.match(text)
            assert found is not None
            assert re.match(r"[a-z0-9]*", text).group() in lexicon().place_first_words  # type: ignore[union-attr]
