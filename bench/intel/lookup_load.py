"""Latency of the public lookup, GET /api/v1/intel/lookup, at a fixed arrival rate on loopback.

    uv run python bench/intel/lookup_load.py [--rate 200] [--seconds 20] [--reports 5000]

Prepares a demo instance in a temporary directory (`ctip demo --no-serve`), imports
``--reports`` generated reports (a phone, a bank account and a website each, a fifth of
them sharing a phone with another report) with `ctip intel import`, and starts
`ctip serve` (or ``--server``, see tests/serving.py; ``--workers`` processes, no task
worker) with the lookup limit raised through CTIP_INTEL_LOOKUPS_PER_MINUTE so that every
request is counted (its cache work is measured) but none is refused.

The load is open-loop: request i is due at start + i / rate whatever happened before,
so a slow answer does not slow the arrivals. A bounded pool of threads, each with its
own keep-alive connection, takes the next due request; latency is measured from the
moment the request was due, so time spent waiting for a free thread counts (no
coordinated omission). The first ``--warmup`` seconds are not counted. Lookups are
70 % hits (known phones, accounts and websites, typed in other spellings) and 30 %
misses. Prints p50/p95/p99/max latency, the achieved rate, errors and late starts.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.serving import SERVERS, ctip, free_port, instance_env, served, server_command

PATH = "/api/v1/intel/lookup"
BANKS = ("Vietcombank", "TCB", "970422")


def _phone(n: int) -> str:
    return f"090{n:07d}"


def _account(n: int) -> str:
    return f"{1_000_000_000 + n * 7919:012d}"


def write_reports(path: Path, count: int, rng: random.Random) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            phone = _phone(n - 1 if n % 5 == 4 else n)
            line = {
                "id": f"LOAD-{n}",
                "type": rng.choice(["recruitment", "investment", "romance", "ransom"]),
                "reported_at": f"2026-{1 + n % 10:02d}-{1 + n % 28:02d}T10:00:00+07:00",
                "amount_vnd": rng.randrange(0, 200_000_000, 1000),
                "narrative": "Generated report for the lookup benchmark.",
                "indicators": [
                    {"kind": "phone", "value": phone},
                    {"kind": "bank_account", "value": _account(n), "bank": BANKS[n % 3]},
                    {"kind": "url", "value": f"https://viec-lam-{n}.example.vn/tuyen"},
                ],
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def make_queries(count: int, reports: int, rng: random.Random) -> list[str]:
    queries = []
    for _ in range(count):
        hit = rng.random() < 0.7
        n = rng.randrange(reports) if hit else reports + rng.randrange(10**6)
        kind = rng.choice(["phone", "bank_account", "url"])
        if kind == "phone":
            digits = _phone(n)
            value = rng.choice([digits, f"+84 {digits[1:4]} {digits[4:7]} {digits[7:]}"])
            params = {"kind": "phone", "value": value}
        elif kind == "bank_account":
            params = {"kind": "bank_account", "value": _account(n), "bank": BANKS[n % 3]}
        else:
            params = {"kind": "url", "value": f"WWW.viec-lam-{n}.example.vn/khac?x=1"}
        queries.append(f"{PATH}?{urllib.parse.urlencode(params)}")
    return queries


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


def drive(
    port: int, queries: list[str], rate: float, seconds: float, warmup: float, threads: int
) -> tuple[list[float], list[str], int, float]:
    """Open-loop load; returns latencies (ms) after warm-up, errors, late starts, wall time."""
    total = int((warmup + seconds) * rate)
    lock = threading.Lock()
    next_index = [0]
    latencies: list[float] = []
    errors: list[str] = []
    late = [0]
    start = time.perf_counter() + 0.5

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= total:
                break
            due = start + i / rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            elif wait < -0.001:
                with lock:
                    late[0] += 1
            try:
                conn.request("GET", queries[i % len(queries)], headers={"Accept-Language": "vi"})
                response = conn.getresponse()
                response.read()
                status = str(response.status) if response.status != 200 else ""
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            elapsed = (time.perf_counter() - due) * 1000
            with lock:
                if status:
                    errors.append(status)
                elif i >= warmup * rate:
                    latencies.append(elapsed)
        conn.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=warmup + seconds + 60)
    return latencies, errors, late[0], time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=200, help="requests per second")
    parser.add_argument("--seconds", type=float, default=20, help="measured duration")
    parser.add_argument("--warmup", type=float, default=3, help="seconds not counted")
    parser.add_argument("--threads", type=int, default=32, help="client threads")
    parser.add_argument("--reports", type=int, default=5000, help="reports imported")
    parser.add_argument("--server", choices=SERVERS, default="ctip", help="what serves CTIP")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument(
        "--server-threads", type=int, default=8, help="requests at once per server process"
    )
    parser.add_argument(
        "--conn-max-age",
        type=int,
        help="CTIP_DB_CONN_MAX_AGE for the server (default: the platform's, 60 s)",
    )
    args = parser.parse_args()
    rng = random.Random(20261123)

    with tempfile.TemporaryDirectory(prefix="ctip-bench-lookup-") as var:
        settings = {
            "CTIP_DEMO": "1",
            "CTIP_INTEL_LOOKUPS_PER_MINUTE": "100000000",
        }
        if args.conn_max_age is not None:
            settings["CTIP_DB_CONN_MAX_AGE"] = str(args.conn_max_age)
        env = instance_env(var, CTIP_LOG_LEVEL="WARNING", **settings)
        ctip(env, "demo", "--no-serve")
        reports = Path(var) / "reports.jsonl"
        write_reports(reports, args.reports, rng)
        ctip(env, "intel", "import", str(reports), "--agency", "police-hanoi")
        port = free_port()
        command = server_command(args.server, port, args.workers, args.server_threads)
        with served(env, command=command, port=port) as server:
            queries = make_queries(20_000, args.reports, rng)
            latencies, errors, late, wall = drive(
                server.port, queries, args.rate, args.seconds, args.warmup, args.threads
            )

    ms = sorted(latencies)
    sent = int((args.warmup + args.seconds) * args.rate)
    print(
        f"server: {args.server}, {args.workers} worker(s), {args.server_threads} threads each, "
        "SQLite, rate limit counted "
        f"in process memory, CTIP_DB_CONN_MAX_AGE={args.conn_max_age or 'default'}"
    )
    print(
        f"data: demo instance + {args.reports} imported reports "
        f"({3 * args.reports} indicator mentions)"
    )
    print(
        f"load: open loop {args.rate:.0f} req/s for {args.warmup:.0f}+{args.seconds:.0f} s, "
        f"{args.threads} threads, {sent / wall:.0f} req/s achieved, {len(ms)} measured"
    )
    print(f"errors: {len(errors)} {sorted(set(errors))[:5]}; late starts: {late}")
    print(
        f"latency ms (from due time): p50 {_percentile(ms, 50):.1f}  "
        f"p95 {_percentile(ms, 95):.1f}  p99 {_percentile(ms, 99):.1f}  max {ms[-1]:.1f}"
    )


if __name__ == "__main__":
    main()
