"""Batch runner and training: pure, no database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctip.screening.engine import assess
from ctip.screening.engine.batch import run
from ctip.screening.engine.corpus import generated, handwritten
from ctip.screening.engine.model import load
from ctip.screening.engine.train import train

GOOD = "Tuyển gấp CSKH đi Campuchia lương 20tr, bao ăn ở, k cần kn, ib mình"


@pytest.fixture
def mixed_input(tmp_path: Path) -> Path:
    path = tmp_path / "posts.jsonl"
    with path.open("wb") as fh:
        fh.write(json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False).encode() + b"\n")
        fh.write(b"this is not json\n")
        fh.write(b'{"id": "c"}\n')
        fh.write(b'{"id": "d", "text": "   "}\n')
        fh.write(b'{"id": "e", "text": "\xff\xfe\xfa binary"}\n')
        fh.write(b"\n")
        big = json.dumps({"id": "g", "text": "x" * 1_100_000}).encode()
        fh.write(big + b"\n")
        fh.write(
            json.dumps(
                {"id": "h", "text": "Tuyển thu ngân siêu thị, lương 7 triệu, ký hợp đồng lao động"},
                ensure_ascii=False,
            ).encode()
            + b"\n"
        )
        fh.write(b"[1, 2, 3]\n")
    return path


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_reports_bad_lines_and_finishes_good_ones(
    mixed_input: Path, tmp_path: Path, workers: int
) -> None:
    out = tmp_path / f"out{workers}.jsonl"
    summary = run(mixed_input, out, workers=workers, progress=False)
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert summary.lines == len(records) == 8
    assert summary.assessed == 2
    assert summary.errors == 6
    errors = {r["line"]: r["error"] for r in records if "error" in r}
    assert set(errors) == {2, 3, 4, 5, 7, 9}
    assert "not JSON" in errors[2]
    assert "text" in errors[3]
    assert "empty" in errors[4]
    assert "UTF-8" in errors[5]
    assert "too long" in errors[7]
    good = [r for r in records if "error" not in r]
    assert [r["id"] for r in good] == ["a", "h"]
    first = good[0]
    assert set(first) == {"id", "category", "risk", "level", "flags", "entities"}
    assert first["category"] == assess(GOOD).category
    for flag in first["flags"]:
        assert set(flag) == {"code", "start", "end"}
        assert GOOD[flag["start"] : flag["end"]]


def test_batch_preserves_order_across_chunks(tmp_path: Path) -> None:
    src = tmp_path / "many.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(1200):
            fh.write(json.dumps({"id": i, "text": f"{GOOD} số {i}"}, ensure_ascii=False) + "\n")
    out = tmp_path / "out.jsonl"
    summary = run(src, out, workers=2, progress=False)
    ids = [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]
    assert ids == list(range(1200))
    assert summary.assessed == 1200


def test_corpus_has_provenance_and_covers_all_labels_and_languages() -> None:
    examples = handwritten() + generated()
    assert len(examples) >= 500
    assert all(e.provenance for e in examples)
    cells = {(e.label, e.lang) for e in examples}
    for label in ("trafficking_lure", "job_scam", "legitimate"):
        for lang in ("vi", "en"):
            assert (label, lang) in cells


def test_generated_corpus_is_deterministic() -> None:
    assert generated() == generated()


@pytest.mark.slow
def test_training_is_reproducible_byte_for_byte(tmp_path: Path) -> None:
    # A small slice keeps the test quick; the code path is the one the full run takes.
    data = handwritten()
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    train(first, data=data)
    train(second, data=data)
    assert first.read_bytes() == second.read_bytes()
    model = load(first)
    assert model.classes == ("trafficking_lure", "job_scam", "legitimate")


def test_shipped_model_is_small_and_loads() -> None:
    from ctip.screening.engine.model import MODEL_PATH

    assert MODEL_PATH.stat().st_size < 20 * 1024 * 1024
    assert load(MODEL_PATH).info["corpus_examples"] > 500
