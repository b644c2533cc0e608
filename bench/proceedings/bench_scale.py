"""The investigator's list and the year's proceedings table with 100,000 criminal cases.

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE ctip_bench_proceedings"
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ctip_bench_proceedings
    uv run python bench/proceedings/bench_scale.py load --cases 100000
    uv run python bench/proceedings/bench_scale.py measure
    psql -h 127.0.0.1 -U postgres -c "DROP DATABASE ctip_bench_proceedings"

``load`` migrates the database and bulk-inserts the cases with what the actions write
(bypassing them: 100,000 initiations would take long in audit appends): per case two
accused persons (names and identity numbers encrypted by the model fields, blind indexes
computed), one charge each (act encrypted and indexed), one victim, and the decisions of
the stage reached. 300,000 persons in all. Cases spread over 2019–2025 among 40 police and
5 border guard agencies; later stages pass to 5 procuracies and 5 courts; a case has gone
through about one stage per quarter since it began, so most old cases are judged.

``measure`` times the investigator's list as the page runs it
(``selectors.criminal_cases``: scoped query, first page, titles decrypted, the list's audit
event) for random investigators, and ``figures.proceedings_table`` for 2023 (with 2022).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[2] / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from ctip.core import actions as core_actions  # noqa: E402
from ctip.core import provinces  # noqa: E402
from ctip.core.models import Agency, AgencyType, Province, User  # noqa: E402
from ctip.proceedings import figures, selectors  # noqa: E402
from ctip.proceedings.actions.common import recount  # noqa: E402
from ctip.proceedings.models import (  # noqa: E402
    Accused,
    CaseDecision,
    Charge,
    CriminalCase,
    Victim,
)

BATCH = 2000
START = dt.date(2019, 1, 1)
DAYS = (dt.date(2025, 12, 31) - START).days


def _agencies() -> tuple[list[Agency], list[Agency], list[Agency], list[User]]:
    if not Province.objects.exists():
        provinces.load(Province)
    national = core_actions.agency_create(
        actor=None, code="b-national", type=AgencyType.OVERSIGHT, name_vi="QG", name_en="National"
    )

    def make(prefix: str, kind: str, n: int) -> list[Agency]:
        return [
            core_actions.agency_create(
                actor=None,
                code=f"b-{prefix}-{i}",
                type=kind,
                name_vi=f"{prefix} {i}",
                name_en=f"{prefix} {i}",
                parent=national,
            )
            for i in range(n)
        ]

    investigating = make("police", AgencyType.POLICE, 40) + make("bg", AgencyType.BORDER_GUARD, 5)
    procuracies = make("vks", AgencyType.PROCURACY, 5)
    courts = make("court", AgencyType.COURT, 5)
    users = [
        core_actions.user_create(
            actor=None,
            agency=a,
            username=f"b-inv-{a.pk}",
            password="x" * 16,
            roles=["investigator"],
        )
        for a in investigating
    ]
    return investigating, procuracies, courts, users


def load(cases: int) -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(14)
    investigating, procuracies, courts, users = _agencies()
    creator = {a.pk: u for a, u in zip(investigating, users, strict=True)}
    started = time.perf_counter()
    for offset in range(0, cases, BATCH):
        rows, plans = [], []
        for _ in range(min(BATCH, cases - offset)):
            agency = rng.choice(investigating)
            began = START + dt.timedelta(days=rng.randrange(DAYS))
            # Older cases have gone further: most of a year-old case's stages are done.
            age = (START + dt.timedelta(days=DAYS) - began).days
            reached = min(4, age // 90 + rng.choice([-1, 0, 0, 1]))
            reached = max(0, reached)
            dates = [began + dt.timedelta(days=60 * k + rng.randrange(30)) for k in range(5)]
            procuracy, court = rng.choice(procuracies), rng.choice(courts)
            in_charge = agency if reached < 2 else procuracy if reached == 2 else court
            rows.append(
                CriminalCase(
                    title=f"Vụ án mua bán người số {offset}",
                    initiated_on=began,
                    initiating_agency=agency,
                    initiating_agency_type=agency.type,
                    agency_in_charge=in_charge,
                    stage=[
                        "initiation",
                        "investigation",
                        "indictment",
                        "first_instance",
                        "first_instance",
                    ][reached],
                    stage_began_on=dates[reached],
                    last_decided_on=dates[reached],
                    seriousness="very_serious",
                    investigation_concluded_on=dates[2] if reached >= 2 else None,
                    court_accepted_on=dates[3] if reached >= 3 else None,
                    first_instance_judged_on=dates[4] if reached >= 4 else None,
                    created_by=creator[agency.pk],
                )
            )
            plans.append((agency, procuracy, court, reached, dates))
        with transaction.atomic():
            made = CriminalCase.objects.bulk_create(rows)
            people, victims, decisions = [], [], []
            for case, (agency, procuracy, court, reached, dates) in zip(made, plans, strict=True):
                role = "defendant" if reached >= 3 else "accused" if reached >= 1 else "suspect"
                for k in range(2):
                    people.append(
                        Accused(
                            case=case,
                            full_name=f"Nguyễn Văn {case.pk}-{k}",
                            identity_number=f"0010{case.pk:08d}{k}",
                            nationality=rng.choice(["VN", "VN", "VN", "KH", "CN"]),
                            sex=rng.choice(["male", "female"]),
                            role=role,
                        )
                    )
                victims.append(
                    Victim(
                        case=case,
                        sex=rng.choice(["male", "female", "female"]),
                        under_16=rng.random() < 0.3,
                    )
                )
                kinds = [
                    "initiate",
                    "charge_accused",
                    "conclude_investigation",
                    "indict",
                    "first_instance_judgment",
                ]
                agencies = [agency, agency, procuracy, court, court]
                decisions += [
                    CaseDecision(
                        case=case,
                        kind=kinds[k],
                        decided_on=dates[k],
                        agency=agencies[k],
                        to_stage=case.stage,
                        decided_by=case.created_by,
                    )
                    for k in range(reached + 1)
                ]
            people = Accused.objects.bulk_create(people)
            Charge.objects.bulk_create(
                [
                    Charge(
                        case_id=p.case_id,
                        accused=p,
                        article=rng.choice(["150", "150", "151", "348"]),
                        act=f"Hành vi {p.pk}",
                    )
                    for p in people
                ]
            )
            Victim.objects.bulk_create(victims)
            CaseDecision.objects.bulk_create(decisions)
        print(f"{offset + len(rows)} cases, {time.perf_counter() - started:.0f} s", flush=True)
    t = time.perf_counter()
    with transaction.atomic():
        recount(CriminalCase.objects.all())
    print(f"counts kept per case set in {time.perf_counter() - t:.0f} s", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def _time(run: Callable[[], object], n: int) -> list[float]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) * 1000)
    return times


def _report(name: str, times: list[float]) -> None:
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    p50 = statistics.median(times)
    print(f"{name}: n={len(times)} p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms")


def measure(n: int) -> None:
    rng = random.Random(7)
    users = list(User.objects.filter(username__startswith="b-inv-").select_related("agency"))
    persons = Accused.objects.count() + Victim.objects.count()
    print(f"{CriminalCase.objects.count()} cases, {persons} persons")
    _report("investigator's list", _time(lambda: selectors.criminal_cases(rng.choice(users)), n))
    _report(
        "year's table (2023 and 2022)",
        _time(
            lambda: figures.proceedings_table(dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
            max(10, n // 10),
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("load").add_argument("--cases", type=int, default=100_000)
    sub.add_parser("measure").add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    if args.command == "load":
        load(args.cases)
    else:
        measure(args.n)


if __name__ == "__main__":
    main()
