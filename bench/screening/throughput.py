"""Throughput, memory, model size and load time of the screening engine.

    uv run python bench/screening/throughput.py [--posts 20000]

Posts are 300 characters, built from varied Vietnamese and English fragments with a
fixed seed. Measures: model load time (fresh process), single-process posts/s through
``assess``, the batch runner with 1 and with all workers (posts/s, peak RSS of the
parent and of the largest worker). Single-process runs also report posts per CPU-second
(``time.process_time``): on a machine shared with other work, wall-clock rates fall with
the load while the CPU-time rate is what one core gives.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ctip.screening.engine import assess
from ctip.screening.engine.batch import run
from ctip.screening.engine.model import MODEL_PATH

FRAGMENTS = [
    "Tuyển gấp nhân viên CSKH đi Campuchia, lương 20tr/tháng, bao ăn ở, k cần kn.",
    "Công ty TNHH May Hòa Phát tuyển công nhân may, lương 8 triệu, đóng BHXH đầy đủ.",
    "Làm CTV Shopee tại nhà, chốt đơn nhận hoa hồng 300k/ngày, nạp tiền mở khóa nhiệm vụ.",
    "Urgent hiring: customer service in Sihanoukville, $1,200/month, free flight.",
    "We are hiring a warehouse associate in Hanoi, 9 million VND, social insurance.",
    "Liên hệ Zalo 0912 345 678 hoặc Telegram @tuyendung_vip để biết thêm chi tiết.",
    "Giấy phép số 215/LĐTBXH-GP, hợp đồng đăng ký với Cục Quản lý lao động ngoài nước.",
    "viec nhe luong cao ben cpc, 1 thang 20 cu, an o free, ib e nhe 🔥💰",
    "Part-time job from home: rate hotels, earn $50-300 per day, top up to unlock.",
    "Phỏng vấn trực tiếp tại văn phòng, 12 Nguyễn Trãi, Q.1, không thu phí.",
]


def make_posts(n: int, length: int = 300, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    posts = []
    for _ in range(n):
        text = ""
        while len(text) < length:
            text += rng.choice(FRAGMENTS) + " "
        posts.append(text[:length])
    return posts


def load_time() -> float:
    code = (
        "import time; t=time.perf_counter(); "
        "from ctip.screening.engine.model import default_model; default_model(); "
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=20000)
    args = parser.parse_args()
    posts = make_posts(args.posts)
    cores = os.cpu_count() or 1
    print(f"model file: {MODEL_PATH.stat().st_size / 1e6:.1f} MB")
    print(
        f"model load (fresh process, median of 3): {sorted(load_time() for _ in range(3))[1]:.3f} s"
    )

    assess(posts[0])
    started, cpu = time.perf_counter(), time.process_time()
    for text in posts:
        assess(text)
    single = len(posts) / (time.perf_counter() - started)
    single_cpu = len(posts) / (time.process_time() - cpu)
    print(
        f"assess(), one process, 300-char posts: {single:,.0f} posts/s "
        f"({single_cpu:,.0f} per CPU-second)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "posts.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for i, text in enumerate(posts):
                fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        for workers in sorted({1, cores}):
            cpu = time.process_time()
            summary = run(src, Path(tmp) / f"out{workers}.jsonl", workers=workers, progress=False)
            rate = summary.assessed / summary.seconds
            # One worker runs in this process, so its CPU time is this process's.
            per_cpu = (
                f", {summary.assessed / (time.process_time() - cpu):,.0f} per CPU-second"
                if workers == 1
                else ""
            )
            print(
                f"batch.run, {workers} worker(s): {rate:,.0f} posts/s "
                f"({rate / workers:,.0f} per core{per_cpu}), {summary.errors} errors"
            )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: parent {own:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()
