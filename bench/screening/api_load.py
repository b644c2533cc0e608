"""Latency of POST /api/v1/screening/assess under 20 concurrent clients, on loopback.

    uv run python bench/screening/api_load.py [--clients 20] [--requests 4000] [--workers 1]

Starts `ctip serve` (or ``--server``: a standard server running Django's own handler,
tests/serving.py) in a subprocess against a
fresh instance in a temporary directory, with the per-address limit raised through
CTIP_SCREENING_RATE_PER_MINUTE so that it counts every request (its cache work is
measured) but refuses none. Each client is a thread with its own keep-alive
connection that sends ~300-character posts back to back; the first requests of each
client warm the server up and are not counted. Prints p50/p95/p99 latency, throughput
and the resident memory of the server process(es).

``--wrk`` drives the same load with wrk (``apt-get install wrk``: C, one thread, 20
keep-alive connections, the same posts in turn) instead of Python threads, so that the
client takes far less of the CPU the server shares with it; wrk's warm-up is a first
run of a few seconds that is not counted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
# The same posts as the throughput benchmark.
from tests.serving import (
    SERVERS,
    ctip,
    free_port,
    instance_env,
    served,
    server_command,
    server_pids,
)
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


WRK_SCRIPT = """
local bodies = {%s}
local n = 0
request = function()
  n = n %% #bodies + 1
  return wrk.format("POST", "%s", {["Content-Type"] = "application/json",
    ["Accept-Language"] = "vi"}, bodies[n])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %%d %%d %%.3f %%.3f %%.3f %%.3f %%d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def _lua_string(text: str) -> str:
    level = 0
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def _wrk(port: int, posts: list[str], clients: int, seconds: int, var: str) -> dict[str, float]:
    """One counted wrk run after a warm-up run; latencies in ms."""
    bodies = ", ".join(
        _lua_string(json.dumps({"text": post}, ensure_ascii=False)) for post in posts
    )
    script = Path(var) / "assess.lua"
    script.write_text(WRK_SCRIPT % (bodies, PATH), encoding="utf-8")
    command = ["wrk", "-t1", f"-c{clients}", "-s", str(script), f"http://127.0.0.1:{port}{PATH}"]
    subprocess.run([*command[:1], "-d3s", *command[1:]], check=True, capture_output=True)  # noqa: S603
    out = subprocess.run(  # noqa: S603 - wrk with our own arguments
        [*command[:1], f"-d{seconds}s", *command[1:]], check=True, capture_output=True, text=True
    ).stdout
    fields = next(line for line in out.splitlines() if line.startswith("WRK ")).split()[1:]
    requests, micros, p50, p95, p99, worst, errors = (float(x) for x in fields)
    return {
        "requests": requests,
        "throughput": requests / (micros / 1e6),
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "max": worst,
        "errors": errors,
    }


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(q * 10) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000, help="measured, over all clients")
    parser.add_argument("--server", choices=SERVERS, default="ctip", help="what serves CTIP")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument(
        "--threads", type=int, default=8, help="requests at once per server process"
    )
    parser.add_argument("--wrk", action="store_true", help="drive the load with wrk")
    parser.add_argument("--seconds", type=int, default=20, help="counted duration with --wrk")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ctip-bench-") as var:
        env = instance_env(
            var,
            CTIP_SCREENING_RATE_PER_MINUTE="100000000",
            CTIP_LOG_LEVEL="WARNING",
        )
        ctip(env, "migrate", "--verbosity", "0")
        ctip(env, "compiletranslations")
        port = free_port()
        command = server_command(args.server, port, args.workers, args.threads)
        with served(env, command=command, port=port) as server:
            posts = make_posts(500, length=300)
            if args.wrk:
                found = _wrk(server.port, posts, args.clients, args.seconds, var)
                memory = [_rss_mb(pid) for pid in server_pids(server.pid)]
                _report_wrk(args, found, memory)
                return
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
    _report_threads(args, ms, errors, wall, memory)


def _server_line(args: argparse.Namespace) -> str:
    return (
        f"server: {args.server}, {args.workers} worker(s), {args.threads} threads each, "
        "SQLite, rate limit counted in process memory"
    )


def _memory_line(memory: list[tuple[float, float]]) -> str:
    rss = sum(r for r, _ in memory)
    peak = max(p for _, p in memory)
    return f"server RSS: {rss:.0f} MB over {len(memory)} process(es) (largest peak {peak:.0f} MB)"


def _report_wrk(
    args: argparse.Namespace, found: dict[str, float], memory: list[tuple[float, float]]
) -> None:
    print(_server_line(args))
    print(f"clients: wrk, 1 thread, {args.clients} connections, {found['requests']:.0f} requests")
    print(f"errors: {found['errors']:.0f}")
    print(
        f"latency ms: p50 {found['p50']:.1f}  p95 {found['p95']:.1f}  "
        f"p99 {found['p99']:.1f}  max {found['max']:.1f}"
    )
    print(f"throughput: {found['throughput']:.0f} requests/s")
    print(_memory_line(memory))


def _report_threads(
    args: argparse.Namespace,
    ms: list[float],
    errors: list[str],
    wall: float,
    memory: list[tuple[float, float]],
) -> None:
    total = len(ms) + len(errors) + args.clients * WARMUP_PER_CLIENT
    print(_server_line(args))
    print(f"clients: {args.clients} threads, keep-alive, {len(ms)} measured requests")
    print(f"errors: {len(errors)} {sorted(set(errors))[:5]}")
    print(
        f"latency ms: p50 {_percentile(ms, 50):.1f}  p95 {_percentile(ms, 95):.1f}  "
        f"p99 {_percentile(ms, 99):.1f}  max {ms[-1]:.1f}"
    )
    print(f"throughput: {total / wall:.0f} requests/s")
    print(_memory_line(memory))


if __name__ == "__main__":
    main()
