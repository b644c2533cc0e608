"""Latency of POST /api/v1/screening/assess under 20 concurrent clients, on loopback.

    uv run python bench/screening/api_load.py [--clients 20] [--requests 4000] [--workers 1]

Starts `ctip serve` (uvicorn, the production entry point) in a subprocess against a
fresh instance in a temporary directory, with the per-address limit raised through
CTIP_SCREENING_RATE_PER_MINUTE so that it counts every request (its cache work is
measured) but refuses none. Each client is a thread with its own keep-alive
connection that sends ~300-character posts back to back; the first requests of each
client warm the server up and are not counted. Prints p50/p95/p99 latency, throughput
and the resident memory of the server process(es).
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
# The same posts as the throughput benchmark.
from tests.serving import ctip, instance_env, served, server_pids
from throughput import make_posts

PATH = "/api/v1/screening/assess"
WARMUP_PER_CLIENT = 10


def _rss_mb(pid: int) -> tuple[float, float]:
    """Current and peak resident memory of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _client(
    port: int, posts: list[str], count: int, latencies: list[float], errors: list[str]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", "Accept-Language": "vi"}
    for i in range(count + WARMUP_PER_CLIENT):
        body = json.dumps({"text": posts[i % len(posts)]}, ensure_ascii=False).encode()
        started = time.perf_counter()
        conn.request("POST", PATH, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            errors.append(str(response.status))
        elif i >= WARMUP_PER_CLIENT:
            latencies.append(elapsed)
    conn.close()


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000, help="measured, over all clients")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ctip-bench-") as var:
        env = instance_env(
            var, CTIP_SCREENING_RATE_PER_MINUTE="100000000", CTIP_LOG_LEVEL="WARNING"
        )
        ctip(env, "migrate", "--verbosity", "0")
        ctip(env, "compiletranslations")
        with served(env, "--workers", str(args.workers), "--no-worker") as server:
            posts = make_posts(500, length=300)
            per_client = args.requests // args.clients
            latencies: list[float] = []
            errors: list[str] = []
            threads = [
                threading.Thread(
                    target=_client,
                    args=(server.port, posts[i:] + posts[:i], per_client, latencies, errors),
                )
                for i in range(args.clients)
            ]
            started = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - started
            memory = [_rss_mb(pid) for pid in server_pids(server.pid)]

    ms = sorted(x * 1000 for x in latencies)
    total = len(ms) + len(errors) + args.clients * WARMUP_PER_CLIENT
    print(
        f"server: ctip serve --workers {args.workers} (uvicorn), SQLite, "
        "rate limit counted in process memory"
    )
    print(f"clients: {args.clients} threads, keep-alive, {len(ms)} measured requests")
    print(f"errors: {len(errors)} {sorted(set(errors))[:5]}")
    print(
        f"latency ms: p50 {_percentile(ms, 50):.1f}  p95 {_percentile(ms, 95):.1f}  "
        f"p99 {_percentile(ms, 99):.1f}  max {ms[-1]:.1f}"
    )
    print(f"throughput: {total / wall:.0f} requests/s")
    rss = sum(r for r, _ in memory)
    peak = max(p for _, p in memory)
    print(f"server RSS: {rss:.0f} MB over {len(memory)} process(es) (largest peak {peak:.0f} MB)")


if __name__ == "__main__":
    main()
