"""Run the two load benchmarks against each server in turn, several rounds, same machine.

    uv run python bench/core/compare_servers.py [--rounds 3] [--servers ctip,gunicorn,...]

Each round runs bench/screening/api_load.py (wrk, 20 connections) and
bench/intel/lookup_load.py (open loop, 200 requests/s) once per server, the servers
alternated so that load from elsewhere on the machine falls on all of them alike. Prints
each run's figures as it ends, then the median of the rounds per server.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
SERVERS = ("ctip", "gunicorn", "granian", "uvicorn")
NUMBER = r"([\d.]+)"


def _api(server: str, seconds: int) -> dict[str, float]:
    out = _run(BENCH / "screening" / "api_load.py", "--wrk", "--seconds", str(seconds), server)
    return {
        "assess p50": _find(out, rf"p50 {NUMBER}"),
        "assess p99": _find(out, rf"p99 {NUMBER}"),
        "assess req/s": _find(out, rf"throughput: {NUMBER}"),
        "assess MB": _find(out, rf"server RSS: {NUMBER}"),
    }


def _lookup(server: str, seconds: int) -> dict[str, float]:
    out = _run(BENCH / "intel" / "lookup_load.py", "--seconds", str(seconds), server)
    return {
        "lookup p50": _find(out, rf"p50 {NUMBER}"),
        "lookup p95": _find(out, rf"p95 {NUMBER}"),
        "lookup p99": _find(out, rf"p99 {NUMBER}"),
    }


def _run(script: Path, *args: str) -> str:
    *options, server = args
    done = subprocess.run(  # noqa: S603 - our own benchmark scripts
        [sys.executable, str(script), *options, "--server", server],
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"--- {script.name} --server {server}\n{done.stdout}", flush=True)
    return done.stdout


def _find(text: str, pattern: str) -> float:
    found = re.search(pattern, text)
    if found is None:
        raise RuntimeError(f"{pattern!r} not in:\n{text}")
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--servers", default=",".join(SERVERS))
    parser.add_argument("--seconds", type=int, default=15, help="counted seconds per run")
    args = parser.parse_args()
    servers = args.servers.split(",")
    found: dict[str, list[dict[str, float]]] = {s: [] for s in servers}
    for n in range(args.rounds):
        # Rotate the order each round so no server always runs first or last.
        for server in servers[n % len(servers) :] + servers[: n % len(servers)]:
            found[server].append(_api(server, args.seconds) | _lookup(server, args.seconds))
    keys = list(next(iter(found.values()))[0])
    print("median of", args.rounds, "rounds")
    print("server".ljust(10) + "".join(k.rjust(14) for k in keys))
    for server, runs in found.items():
        cells = "".join(f"{statistics.median(r[k] for r in runs):14.1f}" for k in keys)
        print(server.ljust(10) + cells)


if __name__ == "__main__":
    main()
