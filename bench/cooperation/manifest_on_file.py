"""A handover manifest of 500 persons matched against the persons on file in the database.

The path the product takes: the cooperation app's manifest import and verification lists
call ``cases.selectors.persons_on_file_many`` (one key query for the whole list, one
decryption of the union of candidates, each pair scored in memory). It runs on the cases
fixture of ``bench/cases/bench_scale.py`` (persons with one case each, encrypted, with
their blocking keys as keyed hashes)::

    export UV_PYTHON_DOWNLOADS=never
    uv run python bench/cases/bench_scale.py generate --persons 1000000 --dir /tmp/ctip-bench/cases
    export DATABASE_URL=sqlite:////tmp/ctip-bench/cases/ctip.sqlite3
    uv run python bench/cases/bench_scale.py load --dir /tmp/ctip-bench/cases
    uv run python bench/cooperation/manifest_on_file.py --dir /tmp/ctip-bench/cases

Half of the manifest are persons on file as foreign police write them (upper case, no
diacritics, given name first at times, a year instead of a date, the identity number half
the time), half are new persons. A reception officer of a border guard agency asks (the
permission the manifest import runs with). Reported: the wall and CPU time of each whole
list, and how many of the persons on file were found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench" / "cases")]

import bench_scale  # noqa: E402  (sets up Django)

from ctip.cases.models import Person  # noqa: E402
from ctip.cases.selectors import SoughtFacts, persons_on_file_many  # noqa: E402
from ctip.core import actions as core_actions  # noqa: E402
from ctip.core.models import Agency, AgencyType, Province, User  # noqa: E402

SEED = 20261206


def _reception_officer() -> User:
    user = User.objects.filter(username="bench-reception").first()
    if user is not None:
        return user
    national = Agency.objects.get(code="bench-national")
    guard = Agency.objects.filter(code="bench-border").first() or core_actions.agency_create(
        actor=None,
        code="bench-border",
        type=AgencyType.BORDER_GUARD,
        name_vi="Bộ đội Biên phòng",
        name_en="Border guard",
        province=Province.objects.get(code="tay-ninh"),
        parent=national,
    )
    user = User(username="bench-reception", agency=guard, roles=["reception_officer"])
    user.set_unusable_password()
    user.save()
    return user


def manifest(folder: Path, size: int, rng: random.Random) -> list[tuple[str, SoughtFacts]]:
    stored = [
        (name, dt.date.fromisoformat(birth), number)
        for _i, name, birth, _sex, number, _phone in bench_scale._rows(folder / "probes.csv")
    ]
    rows: list[tuple[str, SoughtFacts]] = []
    persons = Person.objects.count()
    for full_name, birth_date, number in rng.sample(stored, size // 2):
        tokens = full_name.split()
        name = " ".join(tokens[-1:] + tokens[:-1]) if rng.random() < 0.5 else full_name
        exact = rng.random() < 0.5
        rows.append(
            (
                full_name,
                SoughtFacts(
                    full_name=bench_scale._strip(name).upper(),
                    birth_date=birth_date if exact else None,
                    birth_year=birth_date.year + rng.choice((-1, 0, 0, 1)),
                    document_number=number if rng.random() < 0.5 else "",
                ),
            )
        )
    for n in range(size - len(rows)):
        stranger = bench_scale._person(rng, persons + 1 + n)
        rows.append(
            (
                "",
                SoughtFacts(
                    full_name=bench_scale._strip(stranger["full_name"]).upper(),
                    birth_year=stranger["birth_date"].year,
                ),
            )
        )
    rng.shuffle(rows)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--manifest", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    officer = _reception_officer()
    rng = random.Random(SEED)
    print(f"{Person.objects.count():,} persons on file")
    persons_on_file_many(officer, [s for _n, s in manifest(args.dir, 20, rng)])  # warm up
    for run in range(args.runs):
        rows = manifest(args.dir, args.manifest, rng)
        began, began_cpu = time.perf_counter(), time.process_time()
        answers = persons_on_file_many(officer, [s for _n, s in rows], limit=1)
        wall, cpu = time.perf_counter() - began, time.process_time() - began_cpu
        pairs = [(bool(name), bool(hits)) for (name, _s), hits in zip(rows, answers, strict=True)]
        known = sum(1 for on_file, _hit in pairs if on_file)
        found = sum(1 for on_file, hit in pairs if on_file and hit)
        strangers = sum(1 for on_file, hit in pairs if not on_file and hit)
        verdict = "met" if wall < 5 else "MISSED"
        print(
            f"run {run + 1}: manifest of {len(rows)} matched in {wall:.2f} s wall, {cpu:.2f} s "
            f"CPU ({verdict}: target < 5 s); "
            f"{found} of {known} persons on file found, "
            f"{strangers} of {len(rows) - known} new persons given a candidate"
        )


if __name__ == "__main__":
    main()
