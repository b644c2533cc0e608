"""Long work as background jobs: queued by a page, run by the worker as the user who
started it, followed on a page that refreshes itself, the result downloaded only by that
user while they still may."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from ctip.core import actions as core_actions
from ctip.core.models import Job, User
from tests.conftest import PASSWORD, sign_in
from tests.intel.factories import PHONE, make_report

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CSV = "full_name,birth_date,sex,home_province\nNguyễn Văn An,01/02/2000,Nam,Hà Tĩnh\n"


def _named(content: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def _import(client: Client) -> object:
    return client.post(
        "/cases/import/",
        {
            "file": _named(CSV.encode(), "list.csv"),
            "handover_date": "2026-01-05",
            "intake_channel": "handover",
            "exploitation_country": "KH",
        },
    )


def _vi(text: str) -> str:
    from django.utils.translation import gettext, override

    with override("vi"):
        return gettext(text)


def _demote(user: User) -> None:
    User.objects.filter(pk=user.pk).update(roles=["statistician"])


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_an_import_waits_for_the_worker_and_its_page_refreshes_until_done(world, client_for):
    client = client_for(world.users["intake_officer"])
    response = _import(client)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/jobs/{job.pk}/"
    # Nothing was imported inside the request; the task waits for the worker.
    assert job.status == "queued"
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    waiting = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert 'data-status="queued"' in waiting
    assert "<script>" not in waiting  # CSP forbids inline script
    # The upload is stored encrypted, never as the plain list.
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT upload FROM core_job")
        assert cur.fetchone()[0].startswith("v1.")
    call_command("worker", "--batch", "--no-startup-delay")
    job.refresh_from_db()
    assert job.status == "done"
    assert job.upload == ""  # dropped once used
    done = client.get(f"/jobs/{job.pk}/")
    text = done.content.decode()
    assert 'http-equiv="refresh"' not in text
    assert 'data-testid="import-report"' in text
    assert len(done.context["report"].created) == 1


@pytest.mark.django_db
def test_a_job_and_its_result_are_its_owners_only(world, client_for):
    make_report(world.users["investigator"], PHONE)
    analyst = world.users["analyst"]
    client = client_for(analyst)
    response = client.post("/intel/partners/export/", {"format": "stix"}, follow=True)
    job = Job.objects.get()
    assert response.status_code == 200
    assert 'data-testid="job-download"' in response.content.decode()
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Disposition"].startswith('attachment; filename="ctip-indicators-')
    assert json.loads(download.content)["type"] == "bundle"
    assert "no-store" in download["Cache-Control"]
    # Another analyst of the same agency, one of another agency: not found.
    colleague = core_actions.user_create(
        actor=None, agency=world.agency, username="analyst-2", password=PASSWORD, roles=["analyst"]
    )
    for other in (colleague, world.other_users["analyst"]):
        stranger = sign_in(Client(), other)
        assert stranger.get(f"/jobs/{job.pk}/").status_code == 404
        assert stranger.get(f"/jobs/{job.pk}/download/").status_code == 404
    # The owner loses the permission: the result is no longer theirs to take.
    _demote(analyst)
    again = sign_in(Client(), analyst)
    assert again.get(f"/jobs/{job.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_the_worker_checks_the_permission_again(world, client_for):
    from ctip.core import jobs

    user = world.users["analyst"]
    with override_settings(TASKS=DB_TASKS):
        job = jobs.start(actor=user, kind="intel.rebuild")
    _demote(user)
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.errors == {"": [_vi("You may no longer do this.")]}


@pytest.mark.django_db
def test_rebuild_and_partner_import_run_as_jobs(world, client_for):
    make_report(world.users["investigator"], PHONE)
    make_report(world.users["investigator"], PHONE)
    client = client_for(world.users["analyst"])
    page = client.post("/intel/clusters/rebuild/", follow=True).content.decode()
    assert 'data-testid="rebuild-networks">1<' in page
    assert Job.objects.get().status == "done"


@pytest.mark.django_db
def test_a_failed_job_says_why_in_words(world, client_for):
    from ctip.core import jobs

    user = world.users["intake_officer"]
    with override_settings(TASKS=DB_TASKS):
        job = jobs.start(
            actor=user,
            kind="cases.import",
            params={
                "handover_date": "2026-01-05",
                "intake_channel": "handover",
                "exploitation_country": "",
            },
            upload=b"PK\x03\x04garbage",
            upload_name="list.xlsx",
        )
    assert jobs.run(job.pk) == "failed"
    page = client_for(user).get(f"/jobs/{job.pk}/").content.decode()
    # In the words of the language its owner reads (Vietnamese by default).
    assert "Tệp này không phải là bảng tính XLSX đọc được." in page
    assert jobs.run(job.pk) == "failed"  # run twice: nothing happens twice


@pytest.mark.django_db
def test_progress_n_of_n_on_the_page_and_in_the_api_for_its_owner_only(world, client_for):
    from ctip.core import jobs

    user = world.users["analyst"]
    job = jobs.start(actor=user, kind="intel.rebuild")
    Job.objects.filter(pk=job.pk).update(status="running", done=40, total=160)
    client = client_for(user)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'value="25"' in page
    assert "40" in page
    assert "160" in page
    body = client.get(f"/api/v1/jobs/{job.pk}").json()
    assert (body["done"], body["total"], body["percent"]) == (40, 160, 25)
    assert body["status"] == "running"
    assert body["download_url"] is None
    for other in (world.other_users["analyst"], world.users["investigator"]):
        assert client_for(other).get(f"/api/v1/jobs/{job.pk}").status_code == 404
    _demote(user)
    assert client_for(user).get(f"/api/v1/jobs/{job.pk}").status_code == 404


@pytest.mark.django_db
def test_a_finished_job_names_its_download_in_the_api(world, client_for):
    make_report(world.users["investigator"], PHONE)
    client = client_for(world.users["analyst"])
    client.post("/intel/partners/export/", {"format": "stix"})
    job = Job.objects.get()
    body = client.get(f"/api/v1/jobs/{job.pk}").json()
    assert body["status"] == "done"
    assert body["download"] is True
    assert client.get(body["download_url"]).status_code == 200


@pytest.mark.django_db
def test_prune_deletes_old_finished_jobs_and_their_results_only(world):
    import datetime as dt

    from django.core.management.base import CommandError
    from django.utils import timezone

    from ctip.core import jobs

    user = world.users["analyst"]
    old = timezone.now() - dt.timedelta(days=40)
    ended_long_ago = jobs.start(actor=user, kind="intel.rebuild")
    failed_long_ago = jobs.start(actor=user, kind="intel.rebuild")
    ended_lately = jobs.start(actor=user, kind="intel.rebuild")
    still_running = jobs.start(actor=user, kind="intel.rebuild")
    Job.objects.filter(pk=ended_long_ago.pk).update(status="done", finished_at=old, result="x")
    Job.objects.filter(pk=failed_long_ago.pk).update(status="failed", finished_at=old)
    Job.objects.filter(pk=ended_lately.pk).update(status="done", finished_at=timezone.now())
    Job.objects.filter(pk=still_running.pk).update(status="running", created_at=old)
    out = io.StringIO()
    call_command("jobs", "prune", "--older-than", "30", stdout=out)
    assert "Deleted 2 job(s)" in out.getvalue()
    assert set(Job.objects.values_list("pk", flat=True)) == {ended_lately.pk, still_running.pk}
    with pytest.raises(CommandError):
        call_command("jobs", "prune", "--older-than", "0")


@pytest.mark.django_db
def test_pruning_is_audited_with_the_count_and_the_cut_off(world):
    import datetime as dt

    from django.utils import timezone
    from django.utils.translation import override

    from ctip.core import audit, events, jobs
    from ctip.core.models import AuditEvent

    user = world.users["analyst"]
    old = jobs.start(actor=user, kind="intel.rebuild")
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - dt.timedelta(days=40))
    before = timezone.now()
    call_command("jobs", "prune", "--older-than", "30", stdout=io.StringIO())
    call_command("jobs", "prune", "--older-than", "30", stdout=io.StringIO())
    pruned = list(AuditEvent.objects.filter(event_type="JOBS_PRUNED").order_by("seq"))
    assert [e.data["pruned"] for e in pruned] == [1, 0]
    cutoff = dt.datetime.fromisoformat(pruned[0].data["ended_before"])
    assert before - dt.timedelta(days=30) <= cutoff <= timezone.now() - dt.timedelta(days=30)
    assert pruned[0].actor_id is None
    with override("vi"):
        assert (
            events.sentence(pruned[0])
            == "Hệ thống đã xóa các công việc chạy nền đã kết thúc từ lâu"
        )
        assert events.event_label("JOBS_PRUNED") == "Đã xóa các công việc chạy nền cũ"
    assert audit.verify().ok


def test_the_prune_timer_runs_the_command():
    from pathlib import Path

    units = Path(__file__).resolve().parents[2] / "deploy" / "systemd"
    service = (units / "ctip-prune-jobs.service").read_text()
    assert "ExecStart=/opt/ctip/.venv/bin/ctip jobs prune --older-than 30" in service
    assert "OnCalendar=" in (units / "ctip-prune-jobs.timer").read_text()


def test_a_summary_keeps_lists_by_name_and_reads_those_kept_before():
    from dataclasses import dataclass

    from ctip.core import jobs

    @dataclass(frozen=True)
    class Problem:
        row: int
        message: str

    kept = jobs.table([Problem(4, "Not a date")], "row", "message")
    assert kept == [{"row": 4, "message": "Not a date"}]
    assert jobs.restore(json.loads(json.dumps(kept)), Problem) == [Problem(4, "Not a date")]
    assert jobs.restore([[4, "Not a date"]], Problem) == [Problem(4, "Not a date")]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one connection write at a time: the count shows at the commit",
)
@pytest.mark.django_db(transaction=True)
def test_progress_from_inside_the_work_transaction_is_seen_before_the_commit(world):
    from django.db import DEFAULT_DB_ALIAS, connections, transaction

    from ctip.core import jobs

    def peek(job_id: int) -> list[int | None]:
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT done, total FROM core_job WHERE id = %s", [job_id])
                return list(cursor.fetchone())
        finally:
            other.close()

    def work(job: Job, actor: User, progress: jobs.Progress) -> jobs.Outcome:
        with transaction.atomic():
            core_actions.agency_create(
                actor=None, code="written-inside", type="police", name_vi="X", name_en="X"
            )
            progress(1, 2)
            seen = peek(job.pk)
            progress(2, 2)
        return jobs.Outcome(summary={"seen": seen})

    jobs.register(
        jobs.JobKind(
            name="tests.inside",
            label="inside",
            permission="intel.share",
            run=work,
            template="core/job.html",
        )
    )
    try:
        with override_settings(TASKS=DB_TASKS):
            job = jobs.start(actor=world.users["analyst"], kind="tests.inside")
            call_command("worker", "--batch", "--no-startup-delay")
    finally:
        del jobs.KINDS["tests.inside"]
    job.refresh_from_db()
    assert job.status == "done", job.errors
    assert job.summary == {"seen": [1, 2]}
    assert (job.done, job.total) == (2, 2)
