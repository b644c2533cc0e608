"""Duplicate search and the worker's case list with a million persons and cases.

    export UV_PYTHON_DOWNLOADS=never
    uv run python bench/cases/bench_scale.py generate --persons 1000000 --dir /tmp/ctip-bench/cases
    DATABASE_URL=sqlite:////tmp/ctip-bench/cases/ctip.sqlite3 \\
        uv run python bench/cases/bench_scale.py load --dir /tmp/ctip-bench/cases
    DATABASE_URL=sqlite:////tmp/ctip-bench/cases/ctip.sqlite3 \\
        uv run python bench/cases/bench_scale.py measure --dir /tmp/ctip-bench/cases

(PostgreSQL: create a database, set ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db>``,
run ``load`` and ``measure``, drop the database.)

The fixture bypasses the actions on purpose: a million ``case_open`` calls would take
hours of audit appends. ``generate`` encrypts every personal field with the model fields'
own ``get_prep_value`` (AES-GCM under the test data key, bound to table and column) and
computes each person's blocking keys and their HMACs with ``duplicates.key_hashes``, exactly
as intake stores them, and writes CSV files once; ``load`` bulk-inserts them into a freshly
migrated database (``COPY`` on PostgreSQL, ``executemany`` on SQLite); ``measure`` times
``duplicates.candidates`` (hash the keys, one ranked query, decrypt and score at most 200
candidates) and the worker's list as the page runs it (``selectors.cases(mine=True,
open_only=True)``, its count, the first page of 30 with names decrypted), and the agency's
open-cases tab (``selectors.agency_cases(open_only=True)``, the same) next to the single
scoped query it replaced (``selectors.cases(open_only=True)``).

Persons follow the frequency of Vietnamese family names (``bench_engine.py``); each has one
case, handled by one of 40 agencies of 20 workers (1,250 cases per worker, most closed).
Duplicate queries are variants of stored persons (no diacritics, names reordered, birth
year off by one, half with the identity number) and new persons.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[2] / "src"), str(Path(__file__).parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.test")

import django  # noqa: E402

django.setup()

from bench_engine import FAMILY, GIVEN, MIDDLE  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from ctip.cases import duplicates, selectors  # noqa: E402
from ctip.cases.models import Case, FollowUp, Person, PersonKey, Referral, ServiceProvider  # noqa: E402
from ctip.core import actions  # noqa: E402
from ctip.core.models import Agency, AgencyType, Province, User  # noqa: E402

AGENCIES = 40
WORKERS = 20
SEED = 20250701
TODAY = dt.date(2026, 1, 15)
STATUSES = (
    ("closed", 70),
    ("reintegration", 10),
    ("support", 8),
    ("identification", 4),
    ("screening", 4),
    ("intake", 4),
)
CHANNELS = ("handover", "handover", "handover", "border_detection", "hotline", "walk_in")
COUNTRIES = ("KH", "KH", "KH", "MM", "MM", "LA", "PH")

PERSON_COLUMNS = [
    "id",
    "full_name",
    "other_names",
    "documents",
    "identity_number",
    "identity_number_index",
    "phones",
    "phone",
    "phone_index",
    "addresses",
    "birth_date",
    "sex",
    "nationality",
    "ethnicity",
    "languages",
    "home_commune",
    "created_at",
]
KEY_COLUMNS = ["person_id", "key_hash"]
CASE_COLUMNS = [
    "id",
    "person_id",
    "intake_channel",
    "intake_date",
    "exploitation_country",
    "exploitation_locality",
    "compound",
    "exit_mode",
    "agency",
    "worker",
    "status",
    "status_reason",
    "version",
    "created_at",
    "updated_at",
]


def _field(name: str) -> Any:
    return Person._meta.get_field(name)


def _strip(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def _person(rng: random.Random, index: int) -> dict[str, Any]:
    family = rng.choices(list(FAMILY), weights=list(FAMILY.values()))[0]
    sex = rng.choice(("male", "male", "female"))
    middle = rng.choice(MIDDLE)
    name = f"{family} {middle} {rng.choice(GIVEN)}"
    birth = dt.date(rng.randint(1975, 2009), rng.randint(1, 12), rng.randint(1, 28))
    has_id = rng.random() < 0.6
    has_phone = rng.random() < 0.5
    return {
        "index": index,
        "full_name": name,
        "birth_date": birth,
        "sex": sex,
        "identity_number": f"0{rng.randint(1, 96):02d}{rng.randint(0, 1)}{birth.year % 100:02d}"
        f"{index:06d}"
        if has_id
        else "",
        "phone": f"09{rng.randint(0, 99_999_999):08d}" if has_phone else "",
    }


def _person_row(p: dict[str, Any], rng: random.Random) -> list[Any]:
    documents = [{"kind": "cccd", "number": p["identity_number"]}] if p["identity_number"] else []
    phones = [p["phone"]] if p["phone"] else []
    identity_index = _field("identity_number_index")
    phone_index = _field("phone_index")
    return [
        p["index"],
        _field("full_name").get_prep_value(p["full_name"]),
        _field("other_names").get_prep_value([]),
        _field("documents").get_prep_value(documents),
        _field("identity_number").get_prep_value(p["identity_number"]),
        identity_index.compute(p["identity_number"]) if p["identity_number"] else "",
        _field("phones").get_prep_value(phones),
        _field("phone").get_prep_value(p["phone"]),
        phone_index.compute(p["phone"]) if p["phone"] else "",
        _field("addresses").get_prep_value([f"Thôn {rng.randint(1, 20)}"]),
        # Encrypted since the fixture was first written: the date, ethnicity, languages.
        _field("birth_date").get_prep_value(p["birth_date"]),
        p["sex"],
        "VN",
        _field("ethnicity").get_prep_value("Kinh"),
        _field("languages").get_prep_value([]),
        _field("home_commune").get_prep_value(f"Xã {rng.choice(GIVEN)}"),
        "2025-01-01T00:00:00+00:00",
    ]


def _facts(p: dict[str, Any]) -> Any:
    return duplicates.facts_from_values(
        full_name=p["full_name"],
        birth_date=p["birth_date"],
        birth_year=p["birth_date"].year,
        sex=p["sex"],
        identity_number=p["identity_number"],
        phone=p["phone"],
    )


def generate(persons: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    start = time.perf_counter()
    names = ("persons", "keys", "cases", "probes")
    files = {name: (folder / f"{name}.csv").open("w", newline="") for name in names}
    writers = {name: csv.writer(handle) for name, handle in files.items()}
    statuses = [s for s, _ in STATUSES]
    weights = [w for _, w in STATUSES]
    keys = 0
    for index in range(1, persons + 1):
        p = _person(rng, index)
        writers["persons"].writerow(_person_row(p, rng))
        if index % 50 == 0:
            # Synthetic people in clear: the queries of `measure` are variants of them.
            writers["probes"].writerow(
                [index, p["full_name"], p["birth_date"], p["sex"], p["identity_number"], p["phone"]]
            )
        for key in sorted(duplicates.key_hashes(_facts(p))):
            writers["keys"].writerow([index, key])
            keys += 1
        worker = rng.randrange(AGENCIES * WORKERS)
        intake = TODAY - dt.timedelta(days=rng.randint(0, 6 * 365))
        stamp = f"{intake.isoformat()}T08:00:00+00:00"
        writers["cases"].writerow(
            [
                index,
                index,
                rng.choice(CHANNELS),
                intake.isoformat(),
                rng.choice(COUNTRIES),
                "",
                "",
                "handover",
                worker // WORKERS,
                worker,
                rng.choices(statuses, weights)[0],
                "",
                1,
                stamp,
                stamp,
            ]
        )
        if index % 100_000 == 0:
            print(f"  {index} persons, {time.perf_counter() - start:.0f} s", flush=True)
    for handle in files.values():
        handle.close()
    elapsed = time.perf_counter() - start
    print(f"generated {persons} persons and cases, {keys} blocking keys in {elapsed:.0f} s")


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(newline="") as handle:
        yield from csv.reader(handle)


def _batches(rows: Iterator[list[Any]], size: int = 20_000) -> Iterator[list[list[Any]]]:
    batch: list[list[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(model: Any, columns: list[str], rows: Iterator[list[Any]]) -> int:
    """Bulk insert: COPY on PostgreSQL, executemany in large transactions on SQLite.

    A column the files do not give (one added to the model since the fixture was written)
    takes the field's default, as the model would write it."""
    table = model._meta.db_table
    extra = {
        f.column: f.get_db_prep_save(f.get_default(), connection)
        for f in model._meta.concrete_fields
        if f.column not in columns and f.has_default() and not f.primary_key
    }
    if extra:
        columns = [*columns, *extra]
        rows = ([*row, *extra.values()] for row in rows)
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            names = ", ".join(columns)
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(
                        [
                            None if v == "" and c.endswith(("_id", "_date", "_on")) else v
                            for c, v in zip(columns, row, strict=True)
                        ]
                    )
                    count += 1
        return count
    marks = ", ".join(["%s"] * len(columns))
    # Table and column names come from the models, never from input.
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
    for batch in _batches(rows):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, batch)
        count += len(batch)
    return count


def _staff() -> tuple[list[Agency], list[User]]:
    """Forty agencies under a national office, twenty workers in each (no password)."""
    provinces = list(Province.objects.order_by("pk"))
    national = actions.agency_create(
        actor=None,
        code="bench-national",
        type=AgencyType.OVERSIGHT,
        name_vi="QG",
        name_en="National",
    )
    agencies = [
        actions.agency_create(
            actor=None,
            code=f"bench-{i:02d}",
            type=AgencyType.SOCIAL_PROTECTION,
            name_vi=f"Cơ sở {i}",
            name_en=f"Centre {i}",
            province=provinces[i % len(provinces)],
            parent=national,
        )
        for i in range(AGENCIES)
    ]
    users = []
    for a, agency in enumerate(agencies):
        for w in range(WORKERS):
            user = User(username=f"worker-{a:02d}-{w:02d}", agency=agency, roles=["case_worker"])
            user.set_unusable_password()
            users.append(user)
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__startswith="worker-").order_by("username"))
    return agencies, users


def _reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (Person, Case, PersonKey, FollowUp, Referral):
            table = model._meta.db_table
            # Table names come from the models, never from input.
            sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: E501, S608
            cursor.execute(sql)


def load(folder: Path) -> None:
    start = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    agencies, users = _staff()
    print(
        f"migrated, {len(agencies)} agencies, {len(users)} workers: "
        f"{time.perf_counter() - start:.0f} s"
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -1000000")
            cursor.execute("PRAGMA synchronous = OFF")
    step = time.perf_counter()
    persons = _insert(Person, PERSON_COLUMNS, _rows(folder / "persons.csv"))
    print(f"persons: {persons} in {time.perf_counter() - step:.0f} s", flush=True)
    step = time.perf_counter()
    keys = _insert(PersonKey, KEY_COLUMNS, _rows(folder / "keys.csv"))
    print(f"blocking keys: {keys} in {time.perf_counter() - step:.0f} s", flush=True)

    agency_ids = [a.pk for a in agencies]
    user_ids = [u.pk for u in users]
    reintegrating: list[tuple[int, int, dt.date]] = []

    def cases() -> Iterator[list[Any]]:
        for row in _rows(folder / "cases.csv"):
            values = dict(zip(CASE_COLUMNS, row, strict=True))
            worker = user_ids[int(values["worker"])]
            if values["status"] == "reintegration":
                reintegrating.append(
                    (int(values["id"]), worker, dt.date.fromisoformat(values["intake_date"]))
                )
            yield [
                values["id"],
                values["person_id"],
                values["intake_channel"],
                values["intake_date"],
                values["exploitation_country"],
                values["exploitation_locality"],
                values["compound"],
                values["exit_mode"],
                agency_ids[int(values["agency"])],
                worker,
                worker,
                values["status"],
                values["status_reason"],
                values["version"],
                values["created_at"],
                values["updated_at"],
            ]

    step = time.perf_counter()
    columns = [
        "id",
        "person_id",
        "intake_channel",
        "intake_date",
        "exploitation_country",
        "exploitation_locality",
        "compound",
        "exit_mode",
        "lead_agency_id",
        "assigned_worker_id",
        "created_by_id",
        "status",
        "status_reason",
        "version",
        "created_at",
        "updated_at",
    ]
    count = _insert(Case, columns, cases())
    print(f"cases: {count} in {time.perf_counter() - step:.0f} s", flush=True)

    # Reintegration cases carry their four follow-ups; a third of the first ones are overdue.
    step = time.perf_counter()

    def followups() -> Iterator[list[Any]]:
        for case_id, worker, intake in reintegrating:
            for sequence, months in enumerate((1, 3, 6, 12), start=1):
                due = intake + dt.timedelta(days=30 * months)
                done = due.isoformat() if due < TODAY and case_id % 3 else ""
                yield [
                    case_id,
                    sequence,
                    months,
                    due.isoformat(),
                    worker,
                    done or None,
                    "{}",
                    "",
                    "2025-01-01T00:00:00+00:00",
                ]

    count = _insert(
        FollowUp,
        [
            "case_id",
            "sequence",
            "months",
            "due_on",
            "assignee_id",
            "done_on",
            "outcomes",
            "note",
            "created_at",
        ],
        followups(),
    )
    print(f"follow-ups: {count} in {time.perf_counter() - step:.0f} s", flush=True)

    # Open referrals for one case in twenty, to the provider of the next agency: they are
    # part of every visibility check.
    step = time.perf_counter()
    providers = ServiceProvider.objects.bulk_create(
        ServiceProvider(agency=a, name=f"Shelter {a.code}", services=["shelter"]) for a in agencies
    )
    rng = random.Random(SEED + 1)

    def referrals() -> Iterator[list[Any]]:
        for row in _rows(folder / "cases.csv"):
            case_id, agency = int(row[0]), int(row[8])
            if case_id % 20 == 0:
                provider = providers[(agency + 1) % len(providers)]
                yield [
                    case_id,
                    provider.pk,
                    '["shelter"]',
                    rng.choice(("sent", "accepted", "completed")),
                    "",
                    "",
                    "",
                    user_ids[int(row[9])],
                    "2025-01-01T00:00:00+00:00",
                ]

    count = _insert(
        Referral,
        [
            "case_id",
            "provider_id",
            "services",
            "status",
            "note",
            "answer_reason",
            "consent_override",
            "sent_by_id",
            "created_at",
        ],
        referrals(),
    )
    print(f"referrals: {count} in {time.perf_counter() - step:.0f} s", flush=True)
    _reset_sequences()
    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"analyze: {time.perf_counter() - step:.0f} s; "
        f"load total {time.perf_counter() - start:.0f} s"
    )


def _percentiles(label: str, values: list[float], target: float) -> None:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    verdict = "met" if p95 < target else "MISSED"
    print(
        f"{label}: n={len(values)} median {statistics.median(values):.1f} ms, "
        f"p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms (target p95 < {target:.0f} ms: {verdict})"
    )


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return (time.perf_counter() - start) * 1000, result


def _variant(rng: random.Random, p: dict[str, Any]) -> Any:
    """How the same person comes back: typed without accents, names reordered, a year off."""
    tokens = p["full_name"].split()
    name = " ".join(tokens[-1:] + tokens[:-1]) if rng.random() < 0.5 else p["full_name"]
    if rng.random() < 0.7:
        name = _strip(name).upper()
    year = p["birth_date"].year + rng.choice((-1, 0, 0, 1))
    exact = rng.random() < 0.5
    return duplicates.facts_from_values(
        full_name=name,
        birth_date=p["birth_date"] if exact else None,
        birth_year=year,
        sex=p["sex"],
        identity_number=p["identity_number"] if rng.random() < 0.5 else "",
    )


def measure(folder: Path, queries: int) -> None:
    persons = Person.objects.count()
    print(
        f"{connection.vendor}: {persons} persons, {Case.objects.count()} cases, "
        f"{PersonKey.objects.count()} keys"
    )
    stored = [
        {
            "full_name": name,
            "birth_date": dt.date.fromisoformat(birth),
            "sex": sex,
            "identity_number": number,
            "phone": phone,
        }
        for _index, name, birth, sex, number, phone in _rows(folder / "probes.csv")
    ]
    probe = random.Random(SEED + 2)
    facts = []
    for _ in range(queries):
        if probe.random() < 0.8:
            facts.append(_variant(probe, probe.choice(stored)))
        else:
            facts.append(_facts(_person(probe, persons + 1)))
    for f in facts[:20]:
        duplicates.candidates(f)
    times, found = [], 0
    for f in facts:
        elapsed, result = _timed(lambda f=f: duplicates.candidates(f))
        times.append(elapsed)
        found += bool(result)
    _percentiles("duplicate search (duplicates.candidates)", times, 150)
    print(f"  queries with at least one candidate: {found} of {len(facts)}")

    workers = list(User.objects.filter(username__startswith="worker-"))
    sample = [probe.choice(workers) for _ in range(queries)]

    def page(actor: User, kind: str) -> int:
        rows: Any
        if kind == "mine":
            rows = selectors.cases(actor, mine=True, open_only=True)
        elif kind == "agency":
            # What the "open cases" tab runs: own cases through the index, merged with
            # the referred and shared ones.
            rows = selectors.agency_cases(actor, open_only=True)
        else:
            # The scope's OR in one query, as the tab ran before (for comparison).
            rows = selectors.cases(actor, open_only=True)
        total = rows.count()
        names = [c.person.full_name for c in rows[:30]]
        return total + len(names)

    for kind, label, target in (
        ("mine", "worker's list (my open cases)", 100),
        ("agency", "agency's open cases (merged)", 100),
        ("scope_or", "agency's open cases (scope OR, before)", 100),
    ):
        for actor in sample[:10]:
            page(actor, kind)
        times = [_timed(lambda a=actor, k=kind: page(a, k))[0] for actor in sample]
        _percentiles(label, times, target)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["generate", "load", "measure"])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    if args.phase == "generate":
        generate(args.persons, args.dir)
    elif args.phase == "load":
        load(args.dir)
    else:
        measure(args.dir, args.queries)


if __name__ == "__main__":
    main()
