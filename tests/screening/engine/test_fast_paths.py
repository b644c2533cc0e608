"""The fast paths give what the plain computations they replace give."""

from __future__ import annotations

import dataclasses
import gc
import json
import os
import re
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctip.screening.engine import batch, entities
from ctip.screening.engine.anchors import split
from ctip.screening.engine.assess import assess, read, read_all, verdicts
from ctip.screening.engine.batch import _entities_json, _line, _Repeats, _result_tail, run
from ctip.screening.engine.corpus import handwritten
from ctip.screening.engine.features import (
    MAX_FEATURE_CHARS,
    _word_hashes,
    chunk,
    complete,
    draft,
    raw_tokens,
    tokens_of_parts,
)
from ctip.screening.engine.memo import Memo
from ctip.screening.engine.model import default_model
from ctip.screening.engine.rules import evaluate
from ctip.screening.engine.text import FOLD_TABLE, InvalidText, detect_language, fold
from ctip.screening.engine.types import Entities, EntityRows, entities_of

SAMPLES = [
    "Tuyển gấp CSKH đi Campuchia, lương 20tr/tháng, bao ăn ở, k cần kn 🔥",
    "Urgent hiring in Sihanoukville, $1,200/month. Telegram @hr_vip, t.me/jobs_kh",
    "Giấy phép số 215/LĐTBXH-GP, xem tại dolab.gov.vn hoặc gọi +84 912 345 678",
    "Lương cao nhưng chưa có gì cả",
    "Luong cao viec nhe",  # ASCII
    "a",
    "!!",
    "",
]

# Vietnamese letters precomposed and decomposed (combining marks), typographic
# variants, astral characters and plain ASCII.
_CHARS = st.sampled_from(
    list("aăâđêôơưáàảãạ AĐÊ.,/-:@0123456789\u0301\u0323\u2019\u2013\u00a0日🔥x")
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CHARS, max_size=60))
def test_fold_equals_translate(text: str) -> None:
    folded = fold(text)
    assert folded.folded == "".join(FOLD_TABLE.get(ord(c), c) for c in text)
    if len(folded.folded) == len(text):
        assert folded.index is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_CHARS, max_size=80))
def test_language_from_tokens_equals_language_from_text(text: str) -> None:
    folded = fold(text)
    assert detect_language(folded, raw_tokens(folded.folded)) == detect_language(folded)


def test_language_counts_only_the_first_4000_characters_of_a_long_text() -> None:
    text = "the job salary " * 300 + "lương của công ty " * 300
    folded = fold(text)
    assert detect_language(folded, raw_tokens(folded.folded)) == "en"
    assert detect_language(fold(text[4000:]), raw_tokens(fold(text[4000:]).folded)) == "vi"


def test_drafts_completed_together_equal_drafts_completed_alone() -> None:
    drafts = []
    for text in SAMPLES:
        folded = fold(text)
        found = entities.extract(folded)
        flags = evaluate(folded, found)
        raw = raw_tokens(folded.folded)
        drafts.append(draft(folded, flags, found, detect_language(folded), raw))
    together = complete(drafts)
    for d, features in zip(drafts, together, strict=True):
        (alone,) = complete([d])
        assert np.array_equal(features.hashed, alone.hashed)
        assert features.scale == alone.scale
        assert features.dense == alone.dense
    # The chunk's features, scored at once, give each post's logits to the last bit.
    model = default_model()
    scored = model.scores(*chunk(drafts))
    assert np.array_equal(scored, model.calibrated_logits(together))
    assert np.array_equal(scored, np.concatenate([model.scores(*chunk([d])) for d in drafts]))


def test_batch_scoring_equals_assess() -> None:
    texts = [t for t in SAMPLES if t.strip()]
    together = verdicts([read(t) for t in texts])
    alone = [assess(t) for t in texts]
    assert together == [(a.category, a.risk, a.level) for a in alone]


def test_result_line_is_what_json_dumps_writes() -> None:
    for post_id in (7, 'a"b\\c', "ý 🔥", None, {"k": [1, 2.5]}, 0.1):
        for text in SAMPLES[:5]:
            a = assess(text)
            record = {
                "id": post_id,
                "category": a.category,
                "risk": a.risk,
                "level": a.level,
                "flags": [{"code": f.code, "start": f.start, "end": f.end} for f in a.flags],
                "entities": dataclasses.asdict(a.entities),
            }
            expected = json.dumps(record, ensure_ascii=False).encode() + b"\n"
            reading = read(text)
            (verdict,) = verdicts([reading])
            assert _line(post_id, _result_tail(verdict, reading)) == expected


def test_entity_rows_are_the_entities_fields_in_order() -> None:
    assert EntityRows._fields == tuple(f.name for f in dataclasses.fields(Entities))


def test_entities_json_is_what_json_dumps_writes_for_any_text() -> None:
    odd = 'Cty "Á\\B"\n\t\u2028 🔥 \x7f'
    rows = EntityRows(
        pay=(
            (0, 5, "VND", "month", 15_500_000.0, 15_500_000, 596, 1, 0),
            (6, 9, "USD", "day", 0.1, 2, 3, 4, 5),
            (9, 12, "USDT", "year", 1e22, 10**22, 10**20, 0, 0),
        ),
        destinations=((1, 2, "Cambodia", "KH", True), (3, 4, odd, "VN", False)),
        contacts=((1, 2, "telegram", None), (3, 4, "zalo", odd)),
        phones=((1, 2, "+84912345678"),),
        urls=((1, 2, 'http://a.vn/x\\y"z', "a.vn"),),
        recruiters=((1, 2, odd),),
        licences=(),
    )
    expected = json.dumps(dataclasses.asdict(entities_of(rows)), ensure_ascii=False)
    assert _entities_json(rows) == expected
    empty = EntityRows((), (), (), (), (), (), ())
    assert _entities_json(empty) == json.dumps(dataclasses.asdict(Entities()))


def test_guards_keep_phones_urls_and_licences() -> None:
    found = entities_of(entities.extract(fold(SAMPLES[2])))
    assert [p.e164 for p in found.phones] == ["+84912345678"]
    assert [u.domain for u in found.urls] == ["dolab.gov.vn"]
    assert [lic.number for lic in found.licences] == ["215/LĐTBXH-GP"]
    bare = entities_of(entities.extract(fold("gọi 0912.345.678, web http://localhost/x, số 12/3")))
    assert [p.e164 for p in bare.phones] == ["+84912345678"]
    assert [u.url for u in bare.urls] == ["http://localhost/x"]
    assert bare.licences == ()


def test_memo_computes_once_per_key_and_is_emptied_when_full() -> None:
    calls: list[str] = []

    def compute(key: str) -> int:
        calls.append(key)
        return len(key)

    memo = Memo(compute, limit=2)
    assert list(map(memo.__getitem__, ["ab", "ab", "c"])) == [2, 2, 1]
    assert calls == ["ab", "c"]
    assert memo["def"] == 3
    assert dict(memo) == {"def": 3}


def test_word_hashes_are_the_crc32_buckets_of_unigrams_then_bigrams() -> None:
    toks = ["viec", "nhe", "luong", "cao", "viec", "nhe"]
    mask = (1 << 18) - 1
    unigrams = [zlib.crc32(b"w" + t.encode()) & mask for t in toks]
    bigrams = [zlib.crc32(f"b{toks[i]} {toks[i + 1]}".encode()) & mask for i in range(5)]
    assert _word_hashes(toks) == unigrams + bigrams
    assert _word_hashes([]) == []


_MONEY_CHARS = st.sampled_from(
    [
        *("usd", "us$", "$", "usdt", "vnd", "eur", "€", "฿", "rm", "k", "tr", "trieu", "/thang"),
        *"0123456789 \t\u00a0.,-+()/:lbdx",
        *("tbxh", "ld", "bnv", "-gp"),
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_MONEY_CHARS, max_size=40))
def test_near_digits_finds_what_finditer_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    for pattern, found in (
        (
            entities._PAY,
            entities._near_digits(
                entities._PAY, text, entities._PAY_LEAD, entities._PAY_BEFORE_DIGITS
            ),
        ),
        (
            entities._PHONE,
            entities._near_digits(entities._PHONE, text, 2, entities._PHONE_BEFORE_DIGITS),
        ),
        (entities._LICENCE, entities._near_digits(entities._LICENCE, text)),
    ):
        assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)], text


def _is_pay(m) -> bool:
    # What _pay keeps of a match: one with a multiplier or a currency.
    return bool(m.group("mult", "lomult", "pre", "pre2", "suf") != (None,) * 5)


_PAY_PIECES = st.sampled_from(
    [
        *("usd", "us$", "$", "usdt", "vnd", "eur", "€", "฿", "rm", "k", "tr", "trieu", "tr5"),
        *("cu", "m", "mil", "million", "d", "dong", "do la", "te", "den", "toi", "to", "~"),
        *("thang", "/thang", "month", "ngay", "day", "h", "1 thang", "per", "moi", "a"),
        *("hoac", "nguyen", "luong", "phi", "salary"),
        *"0123456789 \t\u00a0.,-+()/:lbdx",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PAY_PIECES, max_size=40))
def test_pay_tried_only_where_it_can_be_pay_finds_every_pay_figure(pieces: list[str]) -> None:
    text = "".join(pieces)
    gated = entities._near_digits(
        entities._PAY, text, entities._PAY_LEAD, entities._PAY_BEFORE_DIGITS, entities._PAY_RUN
    )
    plain = entities._PAY.finditer(text)
    assert [m.span() for m in gated if _is_pay(m)] == [m.span() for m in plain if _is_pay(m)], text


def _assess_line(post_id: object, text: str) -> bytes:
    """The output line of one post as the plain computation writes it: ``assess()``,
    a dict, ``json.dumps``."""
    a = assess(text)
    record = {
        "id": post_id,
        "category": a.category,
        "risk": a.risk,
        "level": a.level,
        "flags": [{"code": f.code, "start": f.start, "end": f.end} for f in a.flags],
        "entities": dataclasses.asdict(a.entities),
    }
    return json.dumps(record, ensure_ascii=False).encode() + b"\n"


def test_batch_lines_are_assess_answers_with_repeats_and_bad_lines(tmp_path: Path) -> None:
    # Corpus posts, some repeated within a chunk and across chunks (of 256 lines), with
    # other ids, between bad lines: each result line is what assess() gives for its text.
    texts = [e.text for e in handwritten()][:150] + [t for t in SAMPLES if t.strip()]
    posts = texts + texts[::3] + texts[:40]
    src = tmp_path / "posts.jsonl"
    with src.open("wb") as fh:
        for i, text in enumerate(posts):
            fh.write(json.dumps({"id": [i, "x"], "text": text}, ensure_ascii=False).encode())
            fh.write(b"\n" if i % 50 else b'\n{"id": 1, "text": "  "}\nnot json\n')
    out = tmp_path / "out.jsonl"
    run(src, out, workers=1, progress=False)
    lines = [line for line in out.read_bytes().splitlines(keepends=True) if b'"error"' not in line]
    assert lines == [_assess_line([i, "x"], text) for i, text in enumerate(posts)]


def test_batch_writes_an_error_at_each_place_of_a_text_that_cannot_be_read(
    tmp_path: Path,
) -> None:
    # Texts that cannot be read, each twice in one chunk among good ones: an error line
    # at each place, with its own line number and id, saying what read() raises.
    unreadable = ["  ", "a\x00b", "\x01\x02\x03 \x04"]
    posts = [SAMPLES[0], *unreadable, SAMPLES[1], *unreadable, SAMPLES[0]]
    src = tmp_path / "posts.jsonl"
    src.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(posts)), "utf-8"
    )
    out = tmp_path / "out.jsonl"
    run(src, out, workers=1, progress=False)
    lines = out.read_bytes().splitlines(keepends=True)
    for i, text in enumerate(posts):
        if text in unreadable:
            with pytest.raises(InvalidText) as raised:
                read(text)
            assert json.loads(lines[i]) == {"line": i + 1, "id": i, "error": str(raised.value)}
        else:
            assert lines[i] == _assess_line(i, text)


def test_texts_read_together_are_read_as_alone() -> None:
    texts: list[object] = [*SAMPLES, b"\xff", 3, *SAMPLES[::-1], "a\x00b"]
    for text, reading in zip(texts, read_all(texts), strict=True):
        if isinstance(reading, InvalidText):
            with pytest.raises(InvalidText, match=re.escape(str(reading))):
                read(text)
        else:
            assert reading == read(text)


def test_repeats_are_emptied_past_their_budget() -> None:
    repeats = _Repeats(budget=10)
    repeats.keep("abc", b"xyz", "legitimate")
    repeats.keep("de", b"f", "job_scam")
    assert set(repeats.held) == {"abc", "de"}
    repeats.keep("ghij", b"k", "job_scam")
    assert repeats.held == {"ghij": (b"k", "job_scam")}
    assert repeats.size == 5


# Letters, ASCII digits and digits of other scripts (Arabic-Indic, full-width,
# Devanagari), punctuation, spaces and word characters that are neither.
_TOKEN_CHARS = st.sampled_from(
    list("ab z09 .,/-_@\u0663\uff11\u0967\u00b2\u00e9\u65e5\U0001f525\t")
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_TOKEN_CHARS, max_size=80))
def test_tokens_of_parts_are_the_tokens_of_the_text(text: str) -> None:
    assert tokens_of_parts(text, split(text)) == raw_tokens(text)


def test_tokens_of_parts_of_a_long_text_are_those_of_its_first_characters() -> None:
    text = "luong 15tr, " * 2000
    assert len(text) > MAX_FEATURE_CHARS
    assert tokens_of_parts(text, split(text)) == raw_tokens(text[:MAX_FEATURE_CHARS])


def test_chunk_holds_each_drafts_indices_in_the_order_complete_gives_them() -> None:
    drafts = []
    for text in SAMPLES * 3:
        folded = fold(text)
        found = entities.extract(folded)
        raw = raw_tokens(folded.folded)
        drafts.append(draft(folded, evaluate(folded, found), found, detect_language(folded), raw))
    indices, segment, scale = chunk(drafts)
    n = len(drafts)
    for i, features in enumerate(complete(drafts)):
        assert np.array_equal(indices[segment == i], features.hashed)
        assert list(indices[segment == n + i]) == list(features.dense)
        assert scale[i] == features.scale


def test_batch_has_the_allocator_keep_freed_memory_where_it_is_glibc() -> None:
    try:
        glibc = (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        glibc = False
    # mallopt answers 1 when it took both settings, and the batch says so.
    assert batch._keep_freed_memory() is glibc


def test_batch_collects_garbage_as_before_once_done(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"id": 1, "text": "Tuyển gấp, lương 20tr/tháng"}\n', "utf-8")
    threshold = gc.get_threshold()
    # While the batch runs, it collects rarely.
    seen: list[tuple[int, int, int]] = []
    with batch._batch_gc():
        seen.append(gc.get_threshold())
    run(src, dst, workers=1, progress=False)
    assert seen[0][0] > threshold[0]
    assert gc.get_threshold() == threshold
    assert dst.read_text("utf-8").count("\n") == 1
