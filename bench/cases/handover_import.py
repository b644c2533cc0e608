"""A handover list of 5,000 persons imported as the API does it: checked, queued, run.

    nice -n 10 uv run --frozen python bench/cases/handover_import.py --rows 5000

On a fresh database (SQLite in a scratch folder, or the empty PostgreSQL database that
``DATABASE_URL`` names): one agency and an intake officer, then the same call as
``POST /api/v1/cases/imports`` (the file's check in the request, then ``jobs.start``) and
the worker's run of the job. The list is written as border posts write it: Vietnamese
names with and without diacritics, dates as DD/MM/YYYY, provinces by name, phones, one row
in fifty with a mistake the check refuses. Reported: the time in the request (check and
queue), the job's run (from ``started_at`` to ``finished_at``), and when the progress
reports came (through the check, then through the writing).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(Path(__file__).parent)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctip.config.settings.test")

import django  # noqa: E402

DIR = Path(os.environ.get("CTIP_BENCH_DIR", Path(tempfile.gettempdir()) / "ctip-bench-handover"))
if "DATABASE_URL" not in os.environ:
    shutil.rmtree(DIR, ignore_errors=True)
    DIR.mkdir(parents=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DIR / 'ctip.sqlite3'}"

django.setup()

from bench_engine import FAMILY, GIVEN, MIDDLE  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from ctip.cases import imports  # noqa: E402
from ctip.cases import jobs as case_jobs  # noqa: E402
from ctip.core import actions, jobs  # noqa: E402
from ctip.core.models import AgencyType, Job, Province, User  # noqa: E402

SEED = 20261206
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _strip(text: str) -> str:
    import unicodedata

    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in bare if not unicodedata.combining(c))


def handover_list(rows: int, rng: random.Random) -> bytes:
    provinces = list(Province.objects.values_list("name", flat=True))
    out = io.StringIO()
    sheet = csv.writer(out)
    sheet.writerow(["họ và tên", "ngày sinh", "giới tính", "quê quán", "số điện thoại"])
    for n in range(rows):
        family = rng.choices(list(FAMILY), list(FAMILY.values()))[0]
        name = f"{family} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if rng.random() < 0.4:
            name = _strip(name).upper()
        born = dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(365 * 38))
        birth = born.strftime("%d/%m/%Y") if n % 50 else "31/02/1990"  # one in fifty refused
        sheet.writerow(
            [
                name,
                birth,
                rng.choice(["Nam", "Nữ"]),
                rng.choice(provinces),
                f"09{rng.randrange(10**8):08d}",
            ]
        )
    return out.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=imports.MAX_ROWS)
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    agency = actions.agency_create(
        actor=None,
        code="bench-border",
        type=AgencyType.POLICE,
        name_vi="Đồn biên phòng",
        name_en="Border post",
        province=Province.objects.order_by("pk").first(),
    )
    officer = User(username="bench-intake", agency=agency, roles=["intake_officer"])
    officer.set_unusable_password()
    officer.save()
    content = handover_list(args.rows, random.Random(SEED))
    handover_date = timezone.localdate() - dt.timedelta(days=1)
    print(f"{connection.vendor}, {args.rows} rows, {len(content) / 1024:.0f} KiB", flush=True)

    began = time.perf_counter()
    with override_settings(TASKS=DUMMY):
        imports.check_list(file_name="list.csv", content=content, handover_date=handover_date)
        job = jobs.start(
            actor=officer,
            kind=case_jobs.IMPORT,
            params={
                "handover_date": handover_date.isoformat(),
                "intake_channel": "handover",
                "exploitation_country": "KH",
            },
            upload=content,
            upload_name="list.csv",
        )
    print(f"in the request (check, queue): {time.perf_counter() - began:.2f} s", flush=True)

    heard: list[tuple[float, int, int | None]] = []
    kind = jobs.KINDS[case_jobs.IMPORT]
    began = time.perf_counter()

    def run(job: Job, actor: User, progress: jobs.Progress) -> jobs.Outcome:
        def listen(done: int, total: int | None) -> None:
            heard.append((time.perf_counter() - began, done, total))
            progress(done, total)

        return kind.run(job, actor, listen)

    jobs.KINDS[case_jobs.IMPORT] = jobs.JobKind(**{**kind.__dict__, "run": run})
    status = jobs.run(job.pk)
    job.refresh_from_db()
    assert job.started_at is not None
    assert job.finished_at is not None
    ran = (job.finished_at - job.started_at).total_seconds()
    summary = job.summary
    print(
        f"job {status}: {ran:.1f} s from start to finish; {len(summary['created'])} cases "
        f"opened, {len(summary['problems'])} problems, {len(summary['skipped'])} skipped",
        flush=True,
    )
    print(f"progress reports: {len(heard)}, the last at {heard[-1][0]:.1f} s", flush=True)
    for t, done, total in heard[:: max(1, len(heard) // 12)]:
        print(f"  {t:7.1f} s  {done} of {total}")
    print(f"database: {settings.DATABASES['default']['NAME']}")


if __name__ == "__main__":
    main()
