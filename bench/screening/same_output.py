"""Check that ``ctip screen`` writes, byte for byte, what it wrote before a change.

    uv run python bench/screening/same_output.py --write before.jsonl   # before the change
    uv run python bench/screening/same_output.py --against before.jsonl # after it

Runs ``ctip screen --workers 1`` over one set of posts and either keeps the output or
compares it with the one kept: the same lines, flags, spans, entities and risks, or the
first line that differs and how many do. ``--set`` picks the posts:

- ``bench`` (the default): those of ``throughput.py`` (10,000 of about 300 characters,
  fixed seed), repeats included, as ``versus_tfidf.py`` runs them;
- ``unique``: the same with only the first of each repeat, as ``versus_tfidf.py --unique``;
- ``corpus``: every example of the corpus, hand-written posts and template variants
  (``--posts`` does not apply).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from throughput import make_posts

from ctip.screening.engine.corpus import examples


def _posts(which: str, n: int) -> list[str]:
    if which == "corpus":
        return [e.text for e in examples()]
    posts = make_posts(n)
    return list(dict.fromkeys(posts)) if which == "unique" else posts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--set", choices=("bench", "unique", "corpus"), default="bench")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--write", type=Path, help="keep the output here")
    what.add_argument("--against", type=Path, help="compare the output with this one")
    args = parser.parse_args()
    ctip = shutil.which("ctip") or str(Path(sys.executable).with_name("ctip"))
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "posts.jsonl", Path(tmp) / "out.jsonl"
        posts = _posts(args.set, args.posts)
        with src.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(posts):
                fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        command = [ctip, "screen", "--input", str(src), "--output", str(out)]
        command += ["--workers", str(args.workers)]
        subprocess.run(command, check=True, capture_output=True, env=os.environ)  # noqa: S603
        if args.write:
            shutil.copyfile(out, args.write)
            print(f"{len(posts)} posts ({args.set}): output kept in {args.write}")
            return 0
        now = out.read_bytes().splitlines()
    before = args.against.read_bytes().splitlines()
    differ = [i for i, (a, b) in enumerate(zip(before, now, strict=False)) if a != b]
    if not differ and len(before) == len(now):
        print(f"{len(now)} lines, byte for byte the same as {args.against}")
        return 0
    print(f"{len(differ)} lines differ, {len(before)} lines before and {len(now)} now")
    if differ:
        first = differ[0]
        print(f"first, line {first + 1}:\n  before {before[first]!r}\n  now    {now[first]!r}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
