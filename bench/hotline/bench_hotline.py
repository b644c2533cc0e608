"""Logging a call and matching a tracing request against the persons on file.

Builds on the cases fixture of ``bench/cases/bench_scale.py`` (persons with one case each,
encrypted, with their blocking keys as HMACs)::

    export UV_PYTHON_DOWNLOADS=never
    uv run python bench/cases/bench_scale.py generate --persons 1000000 --dir /tmp/ctip-bench/cases
    export DATABASE_URL=sqlite:////tmp/ctip-bench/cases/ctip.sqlite3
    uv run python bench/cases/bench_scale.py load --dir /tmp/ctip-bench/cases
    uv run python bench/hotline/bench_hotline.py --dir /tmp/ctip-bench/cases --queries 100

``calls``: the call page posted by a signed-in operator through Django's test client (the
whole request: session, form, action, audit append, redirect), then the same through the
API. ``matching``: a tracing request is recorded for a variant of a stored person (no
diacritics, names reordered, a birth year off by one) or for a new person, untimed; then
``actions.request_match`` is timed (the cases duplicate search, one query for the
persons' latest cases, the new matches written and both sides notified).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench" / "cases")]

import bench_scale  # noqa: E402  (sets up Django)
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from tests.conftest import sign_in  # noqa: E402

from ctip.cases.models import Case, Person  # noqa: E402
from ctip.core import actions as core_actions  # noqa: E402
from ctip.core.models import Agency, AgencyType, Province, User  # noqa: E402
from ctip.hotline import actions  # noqa: E402

SEED = 20261206


def _staff() -> tuple[User, User]:
    province = Province.objects.get(code="nghe-an")
    national = Agency.objects.get(code="bench-national")
    police = Agency.objects.filter(code="bench-police").first() or core_actions.agency_create(
        actor=None,
        code="bench-police",
        type=AgencyType.POLICE,
        name_vi="Công an",
        name_en="Police",
        province=province,
        parent=national,
    )
    hotline = Agency.objects.filter(code="bench-hotline").first() or core_actions.agency_create(
        actor=None,
        code="bench-hotline",
        type=AgencyType.HOTLINE,
        name_vi="Đường dây nóng",
        name_en="Hotline",
        province=province,
        parent=national,
    )
    made = []
    for username, agency, role in (
        ("bench-operator", hotline, "hotline_operator"),
        ("bench-police", police, "investigator"),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, agency=agency, roles=[role])
            user.set_unusable_password()
            user.save()
        made.append(user)
    return made[0], made[1]


def calls(operator: User, n: int) -> None:
    client = sign_in(Client(), operator)
    province = Province.objects.get(code="nghe-an").pk
    form = {
        "channel": "zalo",
        "caller_type": "family",
        "language": "vi",
        "province": province,
        "topic": "ransom",
        "outcome": "callback",
        "counselling": ["safety", "reporting"],
        "summary": "Con trai đi Campuchia, họ đòi 100 triệu tiền chuộc.",
        "caller_phone": "0912 345 678",
    }
    for _ in range(10):
        when = (timezone.localtime() + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        client.post("/hotline/calls/new/", {**form, "callback_at": when})
    times = []
    for _ in range(n):
        when = (timezone.localtime() + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        elapsed, answer = bench_scale._timed(
            lambda w=when: client.post("/hotline/calls/new/", {**form, "callback_at": w})
        )
        assert answer.status_code == 302, answer.status_code
        times.append(elapsed)
    bench_scale._percentiles("call logged (page POST, whole request)", times, 100)
    body = json.dumps(
        {
            "channel": "phone",
            "caller_type": "at_risk",
            "language": "vi",
            "topic": "job_offer",
            "outcome": "counselled",
            "province": "nghe-an",
        }
    )
    times = []
    for _ in range(n):
        elapsed, answer = bench_scale._timed(
            lambda: client.post("/api/v1/hotline/calls", body, content_type="application/json")
        )
        assert answer.status_code == 201, answer.content
        times.append(elapsed)
    bench_scale._percentiles("call logged (API POST, whole request)", times, 100)


def matching(operator: User, police: User, folder: Path, queries: int) -> None:
    stored = [
        {"full_name": name, "birth_date": dt.date.fromisoformat(birth), "sex": sex}
        for _i, name, birth, sex, _number, _phone in bench_scale._rows(folder / "probes.csv")
    ]
    rng = random.Random(SEED)
    persons = Person.objects.count()
    requests = []
    for _ in range(queries):
        if rng.random() < 0.8:
            p = rng.choice(stored)
            facts = bench_scale._variant(rng, {**p, "identity_number": "", "phone": ""})
        else:
            facts = bench_scale._facts(bench_scale._person(rng, persons + 1))
        requests.append(
            actions.request_record(
                actor=operator,
                data=actions.RequestInput(
                    full_name=facts.full_name,
                    birth_year=facts.birth_year,
                    sex=facts.sex or "",
                    departure_mode="job_offer",
                    home_province=Province.objects.get(code="nghe-an"),
                ),
            ).request
        )
    for row in requests[:5]:
        actions.request_match(actor=police, request=row)
    times, found = [], 0
    for row in requests[5:]:
        elapsed, result = bench_scale._timed(
            lambda r=row: actions.request_match(actor=police, request=r)
        )
        times.append(elapsed)
        found += bool(result)
    bench_scale._percentiles(f"tracing request matched against {persons} persons", times, 1000)
    print(f"  requests with at least one person found: {found} of {len(times)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    operator, police = _staff()
    print(f"{Person.objects.count()} persons, {Case.objects.count()} cases")
    start = time.perf_counter()
    calls(operator, args.calls)
    matching(operator, police, args.dir, args.queries)
    print(f"total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
