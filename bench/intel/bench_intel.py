"""Intel engine benchmark: parse and normalise a million reports, then cluster them.

    uv run python bench/intel/bench_intel.py all --reports 1000000 --dir var/bench/intel

Each phase runs in its own process so that its peak memory (max RSS) is its own:
``generate`` writes a seeded synthetic dataset as JSONL and CSV; ``parse-jsonl`` and
``parse-csv`` stream-parse and normalise it; ``cluster`` builds the report-indicator
graph once and times the engine's vectorised union-find, its pure-Python union-find,
the incremental `ClusterIndex`, and networkx's connected components on that graph.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from ctip.intel.engine.importing import CSV_COLUMNS, LineError, parse_path
from ctip.intel.engine.linking import ClusterIndex, UnionFind, components

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
MOBILE = ["32", "33", "34", "35", "36", "37", "38", "39", "70", "76", "77", "78", "79"]
MOBILE += ["81", "82", "83", "84", "85", "86", "88", "90", "91", "93", "94", "96", "97", "98"]
OLD_VIETTEL = {"32": "162", "33": "163", "34": "164", "35": "165", "36": "166", "37": "167"}
BANKS = [
    ("970436", ["VCB", "Vietcombank", "970436", "Ngân hàng Ngoại thương"]),
    ("970415", ["VietinBank", "CTG", "ICB"]),
    ("970418", ["BIDV", "970418"]),
    ("970405", ["Agribank", "NH Agribank"]),
    ("970407", ["Techcombank", "TCB"]),
    ("970422", ["MB", "MBBank", "MB Bank"]),
    ("970416", ["ACB", "Á Châu"]),
    ("970432", ["VPBank", "VPB"]),
    ("970423", ["TPBank"]),
    ("970403", ["Sacombank", "STB"]),
]
TYPES = ["investment", "romance", "gambling", "impersonation", "recruitment", "ransom", "other"]
START = datetime(2023, 1, 1, tzinfo=UTC)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def b58check(payload: bytes) -> str:
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number, out = int.from_bytes(raw, "big"), ""
    while number:
        number, rem = divmod(number, 58)
        out = B58[rem] + out
    return out


class Faker:
    """Indicators as people type them: one canonical identity, many spellings."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def identity(self, kind: str) -> tuple:
        r = self.rng
        if kind == "phone":
            return (kind, r.choice(MOBILE), f"{r.randrange(10**7):07d}")
        if kind == "bank_account":
            return (kind, r.randrange(len(BANKS)), str(r.randrange(10**11, 10**13)))
        if kind == "ewallet":
            return (kind, r.choice(MOBILE), f"{r.randrange(10**7):07d}")
        if kind == "social":
            name = "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(9))
            return (kind, "v" + name)
        if kind == "url":
            label = "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10))
            return (kind, label + r.choice([".com", ".vn", ".com.vn", ".top", ".xyz", ".net"]))
        if r.random() < 0.5:
            return (kind, "tron", b58check(b"\x41" + r.randbytes(20)))
        return (kind, "evm", "0x" + r.randbytes(20).hex())

    def typed(self, identity: tuple) -> dict[str, str]:
        r, kind = self.rng, identity[0]
        if kind in ("phone", "ewallet"):
            prefix, rest = identity[1], identity[2]
            national = prefix + rest
            if prefix in OLD_VIETTEL and r.random() < 0.2:
                national = OLD_VIETTEL[prefix] + rest
            lead = r.choice(["0", "+84", "+84 ", "84", "0084 "])
            sep = r.choice(["", " ", ".", "-"])
            value = lead + national[:3] + sep + national[3:6] + sep + national[6:]
            if kind == "ewallet":
                return {"kind": kind, "value": value, "bank": r.choice(["MoMo", "momo", "Ví MoMo"])}
            return {"kind": kind, "value": value}
        if kind == "bank_account":
            bin_index, number = identity[1], identity[2]
            sep = r.choice(["", " ", "-"])
            value = sep.join(number[i : i + 4] for i in range(0, len(number), 4))
            return {"kind": kind, "value": value, "bank": r.choice(BANKS[bin_index][1])}
        if kind == "social":
            handle = identity[1]
            handle = handle.upper() if r.random() < 0.2 else handle
            value = r.choice(["@{}", "{}", "t.me/{}", "https://t.me/{}"]).format(handle)
            return {"kind": kind, "value": value, "platform": "telegram"}
        if kind == "url":
            scheme = r.choice(["", "http://", "https://", "https://www."])
            return {"kind": kind, "value": scheme + identity[1] + r.choice(["", "/", "/dang-ky"])}
        return {"kind": kind, "value": identity[2], "platform": r.choice(["", "USDT"])}

    def noise(self) -> dict[str, str]:
        """Indicators that must not link: names, bare shared platforms, and typos."""
        r = self.rng
        choice = r.random()
        if choice < 0.5:
            company = r.choice(["Việt Đức", "Hoàng Long", "Sao Mai", "Phú Quý", "Kim Long"])
            form = r.choice(["Công ty TNHH {}", "{} Co., Ltd", "CÔNG TY CỔ PHẦN {}"])
            return {"kind": "name", "value": form.format(company)}
        if choice < 0.8:
            return {"kind": "url", "value": r.choice(["https://facebook.com", "t.me", "zalo.me/"])}
        return {"kind": "phone", "value": "09" + str(r.randrange(1000))}


def network_sizes(rng: np.random.Generator, linked_reports: int) -> list[int]:
    """Heavy-tailed network sizes: many pairs and small rings, a few networks in thousands."""
    sizes: list[int] = []
    total = 0
    while total < linked_reports:
        size = int(min(rng.zipf(1.8) + 1, 25_000, linked_reports - total))
        size = max(size, 2) if linked_reports - total >= 2 else 1
        sizes.append(size)
        total += size
    return sizes


def generate(reports: int, directory: Path, seed: int) -> dict[str, object]:
    rng = random.Random(seed)
    faker = Faker(rng)
    kinds = ["phone", "bank_account", "social", "ewallet", "url", "crypto"]
    weights = [0.35, 0.30, 0.12, 0.08, 0.10, 0.05]
    singletons = int(reports * 0.6)
    sizes = [1] * singletons + network_sizes(np.random.default_rng(seed), reports - singletons)
    rng.shuffle(sizes)
    directory.mkdir(parents=True, exist_ok=True)
    jsonl_path, csv_path = directory / "reports.jsonl", directory / "reports.csv"
    n_reports = n_indicators = broken = 0
    with (
        jsonl_path.open("w", encoding="utf-8") as jsonl,
        csv_path.open("w", encoding="utf-8", newline="") as csv_file,
    ):
        writer = csv.writer(csv_file)
        writer.writerow(CSV_COLUMNS)
        for size in sizes:
            pool_size = max(1, int(size * 0.7))
            pool = [faker.identity(rng.choices(kinds, weights)[0]) for _ in range(pool_size)]
            for _ in range(size):
                count = rng.choices([1, 2, 3, 4, 5, 6], [0.15, 0.22, 0.3, 0.18, 0.1, 0.05])[0]
                indicators = []
                for _ in range(count):
                    if rng.random() < 0.08:
                        indicators.append(faker.noise())
                    elif size == 1 or rng.random() < 0.1:
                        indicators.append(
                            faker.typed(faker.identity(rng.choices(kinds, weights)[0]))
                        )
                    else:
                        indicators.append(faker.typed(rng.choice(pool)))
                n_reports += 1
                n_indicators += len(indicators)
                report = {
                    "id": f"R{n_reports:08d}",
                    "type": rng.choice(TYPES),
                    "reported_at": (
                        START + timedelta(minutes=rng.randrange(1_000_000))
                    ).isoformat(),
                    "amount_vnd": rng.choice([0, 0, rng.randrange(10**5, 10**9)]),
                    "narrative": "Tôi bị lừa chuyển tiền qua tài khoản.",
                    "indicators": indicators,
                }
                if rng.random() < 0.0001:
                    broken += 1
                    jsonl.write(json.dumps(report, ensure_ascii=False)[:40] + "\n")
                else:
                    jsonl.write(json.dumps(report, ensure_ascii=False) + "\n")
                head = [report[c] for c in ("id", "type", "reported_at", "amount_vnd", "narrative")]
                for position, i in enumerate(indicators):
                    cells = head if position == 0 else [report["id"], "", "", "", ""]
                    writer.writerow(
                        [*cells, i["kind"], i["value"], i.get("bank", ""), i.get("platform", "")]
                    )
                if not indicators:
                    writer.writerow([*head, "", "", "", ""])
    return {
        "reports": n_reports,
        "indicator_mentions": n_indicators,
        "networks": sum(1 for s in sizes if s > 1),
        "largest_network": max(sizes),
        "broken_jsonl_lines": broken,
        "jsonl_mib": round(jsonl_path.stat().st_size / 2**20, 1),
        "csv_mib": round(csv_path.stat().st_size / 2**20, 1),
    }


def parse(path: Path) -> dict[str, object]:
    reports = indicators = rejected = errors = 0
    for result in parse_path(path):
        if isinstance(result, LineError):
            errors += 1
            continue
        reports += 1
        indicators += len(result.indicators)
        rejected += len(result.rejected)
    return {
        "reports": reports,
        "indicators": indicators,
        "rejected_indicators": rejected,
        "line_errors": errors,
    }


# Best of three, for the engine and networkx alike: the machine is shared and noisy.
REPEATS = 3


def cluster(path: Path) -> dict[str, object]:
    started = time.perf_counter()
    rows = [r for r in parse_path(path) if not isinstance(r, LineError)]
    parse_seconds = time.perf_counter() - started
    ref_ids: dict[str, int] = {}
    src: list[int] = []
    dst: list[int] = []
    for node, report in enumerate(rows):
        for indicator in report.indicators:
            if indicator.links:
                src.append(node)
                dst.append(ref_ids.setdefault(indicator.ref, len(ref_ids)))
    n_reports, n_refs = len(rows), len(ref_ids)
    src_a = np.array(src, np.int64)
    dst_a = np.array(dst, np.int64) + n_reports
    n_nodes = n_reports + n_refs
    figures: dict[str, object] = {
        "parse_seconds": round(parse_seconds, 1),
        "report_nodes": n_reports,
        "indicator_nodes": n_refs,
        "edges": len(src),
    }

    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        labels = components(n_nodes, src_a, dst_a)
        timings.append(time.perf_counter() - started)
    figures["engine_vectorised_seconds"] = round(min(timings), 3)
    figures["engine_vectorised_first_call_seconds"] = round(timings[0], 3)
    report_labels = labels[:n_reports]
    figures["clusters"] = int(np.unique(report_labels).size)
    figures["largest_cluster"] = int(np.bincount(report_labels).max())
    figures["singleton_reports"] = int((np.bincount(report_labels) == 1).sum())

    started = time.perf_counter()
    uf = UnionFind(n_nodes)
    for a, b in zip(src, (d + n_reports for d in dst), strict=True):
        uf.union(a, b)
    figures["engine_pure_python_unionfind_seconds"] = round(time.perf_counter() - started, 3)
    figures["pure_python_agrees"] = (
        len({uf.find(n) for n in range(n_reports)}) == figures["clusters"]
    )
    del uf

    started = time.perf_counter()
    index = ClusterIndex()
    for report in rows:
        index.add(
            report.id,
            report.indicators,
            reported_at=report.reported_at,
            amount_vnd=report.amount_vnd,
        )
    figures["engine_incremental_index_seconds"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    index.rebuild()
    figures["engine_index_rebuild_seconds"] = round(time.perf_counter() - started, 3)
    del index, rows

    import networkx as nx

    started = time.perf_counter()
    graph = nx.Graph()
    graph.add_nodes_from(range(n_nodes))
    graph.add_edges_from(zip(src_a.tolist(), dst_a.tolist(), strict=True))
    figures["networkx_build_seconds"] = round(time.perf_counter() - started, 3)
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        nx_components = list(nx.connected_components(graph))
        timings.append(time.perf_counter() - started)
    figures["networkx_components_seconds"] = round(min(timings), 3)
    figures["networkx_agrees"] = all(
        int(labels[min(c)]) == min(c) and len({int(labels[n]) for n in c}) == 1
        for c in nx_components
    )
    figures["speedup_vs_networkx_components"] = round(
        figures["networkx_components_seconds"] / figures["engine_vectorised_seconds"], 1
    )
    return figures


def run_phase(phase: str, args: argparse.Namespace) -> dict[str, object]:
    directory = Path(args.dir)
    started = time.perf_counter()
    if phase == "generate":
        figures = generate(args.reports, directory, args.seed)
    elif phase == "parse-jsonl":
        figures = parse(directory / "reports.jsonl")
    elif phase == "parse-csv":
        figures = parse(directory / "reports.csv")
    else:
        figures = cluster(directory / "reports.jsonl")
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["peak_rss_mib"] = round(peak_rss_mib())
    return figures


PHASES = ["generate", "parse-jsonl", "parse-csv", "cluster"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("phase", choices=[*PHASES, "all"])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--dir", default="var/bench/intel")
    parser.add_argument("--seed", type=int, default=20250601)
    args = parser.parse_args()
    if args.phase != "all":
        print(json.dumps(run_phase(args.phase, args)))
        return
    for phase in PHASES:
        command = [sys.executable, __file__, phase, f"--reports={args.reports}"]
        command += [f"--dir={args.dir}", f"--seed={args.seed}"]
        # Re-runs this same script with its own arguments; nothing comes from outside.
        result = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
        output = result.stdout
        figures = json.loads(output.strip().splitlines()[-1])
        print(f"## {phase}")
        for name, value in figures.items():
            print(f"  {name}: {value}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
