"""A handover manifest of 500 persons matched against the persons on file.

    uv run python bench/cooperation/manifest_match.py --persons 100000 --manifest 500

The persons on file are written as case officers write them, the manifest as foreign
police write a handover list (upper case, no diacritics, sometimes given name first, a
year instead of a date), half of it people already on file. Matching is the engine that
``ctip persons match`` and the intake screen use (``cases.engine.duplicates.PersonIndex``
over keyed blocking keys); the cooperation app calls the same scoring per person through
``cases.selectors.persons_on_file``. Reported: the time to index the persons on file, and
the time to match the whole manifest on one core (wall and CPU), with how many of the
persons on file were found.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.cases.person_records import make_person, write  # noqa: E402

from ctip.cases.engine.duplicates import PersonIndex  # noqa: E402
from ctip.cases.engine.matching import parse_person  # noqa: E402

KEY = b"bench blind-index key, 32 bytes!"
SEED = 20261206


def blind(key: str) -> str:
    return hmac.new(KEY, key.encode(), hashlib.sha256).hexdigest()[:40]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--manifest", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(SEED)
    index = PersonIndex(blind)
    sample = []
    began = time.perf_counter()
    every = max(1, args.persons // args.manifest)
    for i in range(args.persons):
        person = make_person(rng, f"p{i}")
        record = write(rng, person, "officer", f"F{i}")
        index.add(record.id, parse_person(record.to_json()).facts)
        if i % every == 0:
            sample.append((record.id, person))
    indexed = time.perf_counter() - began
    print(f"{args.persons:,} persons on file indexed in {indexed:.1f} s")
    manifest = []
    known = rng.sample(sample, min(args.manifest // 2, len(sample)))
    for n, (ident, person) in enumerate(known):
        manifest.append((ident, parse_person(write(rng, person, "handover", f"M{n}").to_json())))
    for n in range(args.manifest - len(manifest)):
        stranger = make_person(rng, f"n{n}")
        manifest.append(("", parse_person(write(rng, stranger, "handover", f"N{n}").to_json())))
    rng.shuffle(manifest)
    for _ident, row in manifest[:10]:
        index.search(row.facts)
    began, began_cpu = time.perf_counter(), time.process_time()
    found = 0
    for ident, row in manifest:
        hits = index.search(row.facts)
        found += bool(ident) and any(h[0] == ident for h in hits)
    wall, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    print(
        f"manifest of {len(manifest)} matched against {len(index):,} persons: "
        f"{wall:.2f} s wall, {cpu:.2f} s CPU on one core; "
        f"{found} of {len(known)} persons on file found among the candidates"
    )


if __name__ == "__main__":
    main()
