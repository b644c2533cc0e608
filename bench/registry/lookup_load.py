"""Latency of the public recruiter lookup, GET /api/v1/registry/lookup, on loopback.

    uv run python bench/registry/lookup_load.py [--rate 200] [--seconds 20]
        [--enterprises 1000] [--workers-abroad 1000000] [--instance DIR]

Prepares a demo instance in a temporary directory (`ctip demo --no-serve`), fills the
register with ``--enterprises`` licensed enterprises (names in the authority's spelling,
licence numbers, tax codes, phones, markets) and the registry of workers abroad with
``--workers-abroad`` workers (identity encrypted, as the application writes them), then
starts `ctip serve` with the lookup limit raised (CTIP_REGISTRY_LOOKUPS_PER_MINUTE) so that
every request is counted but none refused, and drives it open-loop as
bench/intel/lookup_load.py does (latency from the moment a request was due). Queries mix
names typed another way ("Cty TNHH DV ..." for "Công ty TNHH Dịch vụ ..."), partial
names, licence numbers, tax codes and phones, with a destination and a fee, 30 % of them
naming no enterprise.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.intel.lookup_load import _percentile, drive
from tests.serving import CTIP, SERVERS, ctip, free_port, instance_env, served, server_command

PATH = "/api/v1/registry/lookup"
WORDS = ("Sao Mai", "Hòa Bình", "Thành Công", "Phú Cường", "Đông Á", "Việt Nhật", "An Khang")
MARKETS = ("JP", "TW", "KR", "DE", "SA", "MY")

FILL = r"""
import json, sys, datetime as dt
import django
django.setup()
from ctip.core.models import Agency
from ctip.registry.engine import licence_key, name_key
from ctip.registry.models import Enterprise, EnterprisePhone, LabourBoard, Worker

spec = json.loads(sys.argv[1])
agency = Agency.objects.get(code="dolab")
rows = []
for n in range(spec["enterprises"]):
    name = f"Công ty TNHH Dịch vụ Quốc tế {spec['words'][n % 7]} {n}"
    rows.append(Enterprise(
        agency=agency, licence_number=f"{n + 1001}/LĐTBXH-GP",
        licence_key=licence_key(f"{n + 1001}/LĐTBXH-GP"), name=name, name_key=name_key(name),
        tax_code=f"{100000000 + n:010d}", status="active" if n % 10 else "revoked",
        status_decision="" if n % 10 else "1/QĐ", markets=spec["markets"][n % 6 : n % 6 + 2],
        phones=[f"+8424{38000000 + n}"],
    ))
Enterprise.objects.bulk_create(rows, batch_size=500)
EnterprisePhone.objects.bulk_create(
    [EnterprisePhone(enterprise=e, e164=e.phones[0]) for e in Enterprise.objects.all()],
    batch_size=500,
)
board = LabourBoard.objects.get()
batch = []
for n in range(spec["workers"]):
    batch.append(Worker(
        agency=agency, board=board, destination="JP", full_name=f"Nguyễn Văn {n}",
        identity_number=f"001{n:09d}", passport_number=f"C{n:07d}",
        departed_on=dt.date(2025, 1, 1),
    ))
    if len(batch) == 5000:
        Worker.objects.bulk_create(batch)
        batch = []
Worker.objects.bulk_create(batch)
print(Enterprise.objects.count(), Worker.objects.count())
"""


def make_queries(count: int, enterprises: int, rng: random.Random) -> list[str]:
    queries = []
    for _ in range(count):
        hit = rng.random() < 0.7
        n = rng.randrange(enterprises) if hit else enterprises + rng.randrange(10**6)
        word = WORDS[n % 7]
        q = rng.choice(
            [
                f"Cty TNHH DV Quoc te {word} {n}",
                f"CÔNG TY CP DỊCH VỤ QUỐC TẾ {word.upper()} {n}",
                f"{n + 1001}/ldtbxh-gp",
                f"{100000000 + n:010d}",
                f"024 {38000000 + n}",
                f"{word} {n}",
            ]
        )
        params = {"q": q, "destination": rng.choice(MARKETS), "fee": "2 tháng lương"}
        queries.append(f"{PATH}?{urllib.parse.urlencode(params)}")
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=200, help="requests per second")
    parser.add_argument("--seconds", type=float, default=20, help="measured duration")
    parser.add_argument("--warmup", type=float, default=3, help="seconds not counted")
    parser.add_argument("--threads", type=int, default=32, help="client threads")
    parser.add_argument("--enterprises", type=int, default=1000)
    parser.add_argument("--workers-abroad", type=int, default=1_000_000)
    parser.add_argument("--server", choices=SERVERS, default="ctip", help="what serves CTIP")
    parser.add_argument(
        "--workers", type=int, default=2, help="server worker processes (2, as deployed)"
    )
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument(
        "--instance",
        type=Path,
        help="keep the filled instance in this folder and reuse it on the next run "
        "(fill once, measure when the machine is idle)",
    )
    args = parser.parse_args()
    rng = random.Random(20261206)

    with tempfile.TemporaryDirectory(prefix="ctip-bench-registry-") as scratch:
        var = args.instance or Path(scratch)
        var.mkdir(parents=True, exist_ok=True)
        env = instance_env(
            str(var),
            CTIP_LOG_LEVEL="WARNING",
            CTIP_DEMO="1",
            CTIP_REGISTRY_LOOKUPS_PER_MINUTE="100000000",
        )
        counts = fill(env, var / "filled.txt", args)
        port = free_port()
        command = server_command(args.server, port, args.workers, args.server_threads)
        with served(env, command=command, port=port) as server:
            queries = make_queries(20_000, args.enterprises, rng)
            latencies, errors, late, wall = drive(
                server.port, queries, args.rate, args.seconds, args.warmup, args.threads
            )
    report(args, counts, latencies, errors, late, wall)


def fill(env: dict[str, str], marker: Path, args: argparse.Namespace) -> str:
    """A demo instance with the register and the workers abroad; once per instance."""
    if marker.exists():
        return marker.read_text()
    ctip(env, "demo", "--no-serve")
    spec = {
        "enterprises": args.enterprises,
        "workers": args.workers_abroad,
        "words": WORDS,
        "markets": MARKETS,
    }
    filled = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [CTIP[0], "-c", FILL, json.dumps(spec)],
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if filled.returncode:
        raise SystemExit(filled.stderr)
    counts = filled.stdout.strip()
    marker.write_text(counts)
    return counts


def report(
    args: argparse.Namespace,
    counts: str,
    latencies: list[float],
    errors: list[str],
    late: int,
    wall: float,
) -> None:
    ms = sorted(latencies)
    sent = int((args.warmup + args.seconds) * args.rate)
    print(f"server: {args.server}, {args.workers} worker(s), {args.server_threads} threads, SQLite")
    print(f"data: enterprises and workers abroad in the instance: {counts}")
    print(
        f"load: open loop {args.rate:.0f} req/s for {args.warmup:.0f}+{args.seconds:.0f} s, "
        f"{args.threads} threads, {sent / wall:.0f} req/s achieved, {len(ms)} measured"
    )
    print(f"errors: {len(errors)} {sorted(set(errors))[:5]}; late starts: {late}")
    if ms:
        print(
            f"latency ms: p50 {_percentile(ms, 50):.1f}, p95 {_percentile(ms, 95):.1f}, "
            f"p99 {_percentile(ms, 99):.1f}, max {ms[-1]:.1f}"
        )


if __name__ == "__main__":
    main()
