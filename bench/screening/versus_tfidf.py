"""`ctip screen --workers 1`, the whole command, against a plain scikit-learn pipeline's
``predict`` alone, on the same posts, in one run, alternating.

    uv run python bench/screening/versus_tfidf.py [--posts 10000] [--rounds 3] [--unique]

The posts are those of ``throughput.py`` (about 300 characters, fixed seed), written
once to a JSONL file. Built from ten fragments, about three in ten repeat an earlier
post word for word, and ``ctip screen`` writes a repeat from the first one's result;
``--unique`` keeps only the first of each, for the figure on posts that never repeat.
Each round times, in turn:

- ``ctip screen --input posts.jsonl --output out.jsonl --workers 1`` as a fresh process:
  start-up, reading, assessing, writing, everything the user waits for;
- ``predict`` of a character TF-IDF (2-5 grams) + LogisticRegression pipeline fitted
  beforehand on the corpus's training part, over the same texts already in memory
  (no start-up, no files, no fitting: the pipeline at its most favourable).

The machine is shared, so the two alternate and every round is printed, with the CPU
time each took (the command's as a child process's, user and system): on a loaded
machine wall times swing with the load while CPU time is what one core gives.

The command runs as an installed program does: Python keeps the compiled bytecode of
the modules it imports (``__pycache__``), so a run after the first does not compile
them again. A shell with ``PYTHONDONTWRITEBYTECODE`` set would recompile every module
of the engine and of numpy at each start (about 0.15 s of CPU), which no installation
does; the variable is dropped for the command, and one untimed run before the rounds
leaves the bytecode in place, as the first run after an install does.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evaluate import char_tfidf
from throughput import make_posts

from ctip.screening.engine.corpus import training_examples


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--unique", action="store_true", help="drop the repeated posts")
    args = parser.parse_args()
    posts = make_posts(args.posts)
    distinct = len(set(posts))
    if args.unique:
        posts = list(dict.fromkeys(posts))
    train = training_examples()
    pipeline = char_tfidf().fit([e.text for e in train], [e.label for e in train])
    ctip = shutil.which("ctip") or str(Path(sys.executable).with_name("ctip"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ctip.config.settings.test"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "posts.jsonl", Path(tmp) / "out.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(posts):
                fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        command = [ctip, "screen", "--input", str(src), "--output", str(out), "--workers", "1"]
        subprocess.run(command, check=True, env=env, capture_output=True)  # noqa: S603
        print(
            f"{len(posts)} posts of {len(posts[0])} characters, {distinct} distinct; "
            f"load {os.getloadavg()[0]:.1f}"
        )
        for round_ in range(1, args.rounds + 1):
            started, children = time.perf_counter(), _children_cpu()
            subprocess.run(command, check=True, env=env, capture_output=True)  # noqa: S603
            engine = time.perf_counter() - started
            engine_cpu = _children_cpu() - children
            lines = out.read_text("utf-8").count("\n")
            started, cpu = time.perf_counter(), time.process_time()
            pipeline.predict(posts)
            baseline = time.perf_counter() - started
            baseline_cpu = time.process_time() - cpu
            print(
                f"round {round_}: ctip screen --workers 1 {len(posts) / engine:,.0f} posts/s "
                f"({engine:.2f} s, {lines} lines out); TF-IDF char + LR predict "
                f"{len(posts) / baseline:,.0f} posts/s ({baseline:.2f} s); "
                f"load {os.getloadavg()[0]:.1f}"
            )
            print(
                f"    CPU time: ctip screen {engine_cpu:.2f} s, predict {baseline_cpu:.2f} s, "
                f"ratio {baseline_cpu / engine_cpu:.2f}; wall ratio {baseline / engine:.2f}"
            )


if __name__ == "__main__":
    main()
