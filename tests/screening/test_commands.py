"""`ctip screen` and `ctip screening train` through call_command, on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.screening.posts import LEGIT, LURE


def _line(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode() + b"\n"


@pytest.fixture
def broken_file(tmp_path: Path) -> Path:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(
        _line({"id": 1, "text": LURE})
        + b"{not json at all\n"
        + _line({"id": 3, "body": "no text field"})
        + b'{"id": 4, "text": "vi\xe1\xbb\x87c nh\xff\xfe"}\n'
        + b"\xff\xfe\x00\x01 raw binary line\n"
        + _line({"id": 6, "text": "   "})
        + b"\n"
        + _line({"id": 8, "text": LEGIT})
    )
    return path


def _screen(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("screen", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_screen_reports_bad_lines_and_finishes_the_rest(broken_file, tmp_path, workers):
    output = tmp_path / "results.jsonl"
    _, err = _screen("--input", str(broken_file), "--output", str(output), "--workers", workers)
    records = [json.loads(line) for line in output.read_bytes().splitlines()]
    assert len(records) == 7  # one per non-blank input line, in order
    assert records[0]["id"] == 1
    assert records[0]["category"] == "trafficking_lure"
    assert {"code", "start", "end"} <= set(records[0]["flags"][0])
    assert records[-1]["id"] == 8
    assert records[-1]["category"] in {"legitimate", "job_scam"}
    bad = {r["line"]: r["error"] for r in records if "error" in r}
    assert sorted(bad) == [2, 3, 4, 5, 6]
    assert "not JSON" in bad[2]
    assert "text" in bad[3]
    assert "UTF-8" in bad[4]
    assert "UTF-8" in bad[5]
    assert "empty" in bad[6]
    for line_no in bad:
        assert f"line {line_no}: " in err
    assert "7 lines: 2 assessed" in err
    assert "5 bad" in err


def test_screen_fails_only_when_the_input_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        _screen("--input", str(tmp_path / "missing.jsonl"), "--output", str(tmp_path / "o"))
    with pytest.raises(CommandError, match="Cannot read"):
        _screen("--input", str(tmp_path), "--output", str(tmp_path / "o"))


def test_screen_empty_file_is_a_summary_not_an_error(tmp_path):
    source = tmp_path / "empty.jsonl"
    source.write_bytes(b"")
    _, err = _screen("--input", str(source), "--output", str(tmp_path / "o.jsonl"))
    assert "0 lines" in err
    assert (tmp_path / "o.jsonl").read_bytes() == b""


def test_screen_refuses_zero_workers(broken_file, tmp_path):
    with pytest.raises(CommandError):
        _screen("--input", str(broken_file), "--output", str(tmp_path / "o"), "--workers", "0")


@pytest.mark.slow
def test_screening_train_writes_a_loadable_model(tmp_path):
    target = tmp_path / "model.bin"
    out = StringIO()
    call_command("screening", "train", "--output", str(target), stdout=out)
    assert "Trained on" in out.getvalue()
    assert "macro-F1" in out.getvalue()
    assert target.stat().st_size > 100_000


def test_screening_needs_a_subcommand():
    with pytest.raises(CommandError):
        call_command("screening")


def test_ctip_screen_runs_without_setting_django_up(broken_file, tmp_path):
    output = tmp_path / "out.jsonl"
    code = (
        "import sys\n"
        "from ctip.cli import main\n"
        "try:\n"
        f"    main(['screen', '--input', {str(broken_file)!r}, '--output', {str(output)!r},"
        " '--workers', '1'])\n"
        "except SystemExit as done:\n"
        "    print(done.code, 'django.apps' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False"]
    assert "bad" in done.stderr
    lines = output.read_text("utf-8").splitlines()
    via_django = tmp_path / "django.jsonl"
    _screen("--input", str(broken_file), "--output", str(via_django), "--workers", "1")
    assert lines == via_django.read_text("utf-8").splitlines()
    missing = subprocess.run(
        [
            sys.executable,
            "-m",
            "ctip",
            "screen",
            "--input",
            str(tmp_path / "no.jsonl"),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 1
    assert "Cannot read" in missing.stderr
