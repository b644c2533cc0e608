"""Long work in the background: imports, rebuilds and exports as django-tasks.

An app registers each kind of job at start-up (``register``, from its ``AppConfig.ready``):
the permission it needs, the function that does the work and the template that shows
its summary. A page starts a job (``start``) after validating its form, and sends the
user to the job's page, which refreshes itself until the job is done and then shows
the summary and a download. The worker (``ctip worker``) runs the job as the user who
started it: the permission is checked again then, and the work goes through the app's
actions, which check agency scope as they do for a page. The result is downloaded only
by that user, still holding the permission, in the same agency.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import override

from ctip.core.language import language_of
from ctip.core.models import Job, User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What a job's work returns: a summary for its page, and maybe a file to download."""

    summary: dict[str, Any] = field(default_factory=dict)
    file: bytes | None = None
    file_name: str = ""
    content_type: str = "application/octet-stream"


Progress = Callable[[int, int | None], None]


@dataclass(frozen=True)
class JobKind:
    name: str  # e.g. "cases.import"
    label: str | Promise  # what the job page calls it
    permission: str
    run: Callable[[Job, User, Progress], Outcome]
    template: str  # shows the summary; gets the kind's context(summary)
    context: Callable[[dict[str, Any]], dict[str, Any]] = lambda summary: {"summary": summary}
    back_url: Callable[[Job], str] | None = None


KINDS: dict[str, JobKind] = {}

T = TypeVar("T")


def back_to(url_name: str) -> Callable[[Job], str]:
    """A kind's ``back_url``: the page the job was started from (a URL name)."""
    from django.urls import reverse

    return lambda job: reverse(url_name)


def table(items: Iterable[Any], *fields: str) -> list[dict[str, Any]]:
    """The ``fields`` of each item, by name: how a summary (JSON, shown by the job's page
    and read by programs from ``GET /api/v1/jobs/{id}``) keeps a list of results,
    problems or refused objects. ``restore`` reads them back."""
    return [{name: getattr(item, name) for name in fields} for item in items]


def restore(rows: Iterable[Mapping[str, Any] | Sequence[Any]], make: Callable[..., T]) -> list[T]:
    """The items a summary kept with ``table``, each made again by ``make`` (a frozen
    dataclass with those fields). A job that ended before summaries named the fields kept
    a list per item, in the order given to ``table``; its page reads it until ``ctip jobs
    prune`` deletes it."""
    return [make(**row) if isinstance(row, Mapping) else make(*row) for row in rows]


def register(kind: JobKind) -> None:
    KINDS[kind.name] = kind


def start(
    *,
    actor: User,
    kind: str,
    params: dict[str, Any] | None = None,
    upload: bytes | None = None,
    upload_name: str = "",
) -> Job:
    """Queue a job of ``kind`` for ``actor``; the worker runs it.

    The task row is written in the same database transaction as the job, so a job
    that is rolled back is never run and a committed one always is.
    """
    from ctip.core.tasks import run_job

    spec = KINDS[kind]
    if not actor.has_ctip_perm(spec.permission):
        raise PermissionDenied(spec.permission)
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            owner=actor,
            agency_id=actor.agency_id,
            params=params or {},
            upload=base64.b64encode(upload).decode() if upload is not None else "",
            upload_name=upload_name,
        )
        run_job.enqueue(job.pk)
    return job


def visible_job(actor: User, job_id: int) -> tuple[Job, JobKind]:
    """The actor's job and its kind: another user's job, or one whose permission the
    actor no longer holds, is a 404."""
    from django.http import Http404

    from ctip.core.scope import get_visible

    job = get_visible(Job.objects.all(), actor, "core.view_dashboard", pk=job_id)
    spec = KINDS.get(job.kind)
    if spec is None or not actor.has_ctip_perm(spec.permission):
        raise Http404
    return job, spec


@dataclass(frozen=True)
class JobProgress:
    """Where a job stands: ``done`` of ``total`` items (``total`` unknown until the work
    has counted them), once done its summary (what its page shows, as the kind stored
    it), and whether its result can be downloaded."""

    id: int
    kind: str
    label: str
    status: str
    status_label: str
    done: int
    total: int | None
    percent: int | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    errors: dict[str, list[str]]
    summary: dict[str, Any]
    download: bool


def progress_of(actor: User, job_id: int) -> JobProgress:
    job, spec = visible_job(actor, job_id)
    return JobProgress(
        id=job.pk,
        kind=job.kind,
        label=str(spec.label),
        status=job.status,
        status_label=str(job.get_status_display()),
        done=job.done,
        total=job.total,
        percent=min(100, round(100 * job.done / job.total)) if job.total else None,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        errors=job.errors or {},
        summary=(job.summary or {}) if job.status == Job.Status.DONE else {},
        download=job.status == Job.Status.DONE and bool(job.result),
    )


def started(job: Job) -> dict[str, Any]:
    """The answer (202) of an API operation that queued ``job``: where a program follows
    it (``GET /api/v1/jobs/{id}``, with the summary once done) and where a person does."""
    from django.urls import reverse

    return {
        "job_id": job.pk,
        "progress_url": reverse("api:job_progress", kwargs={"job_id": job.pk}),
        "page_url": reverse("core:job", args=[job.pk]),
    }


def prune(older_than: dt.timedelta) -> int:
    """Delete the jobs that ended more than ``older_than`` ago, with their summaries and
    encrypted results (the upload went when the job ended); returns how many. Queued and
    running jobs stay, however old. The audit trail records each pruning, with how many
    jobs went and the cut-off, in the same transaction."""
    from ctip.core import audit
    from ctip.core.events import CoreEvent

    cutoff = timezone.now() - older_than
    with transaction.atomic():
        ended = Job.objects.filter(
            status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=cutoff
        )
        count, _by_model = ended.delete()
        audit.record(
            CoreEvent.JOBS_PRUNED,
            actor=None,
            data={"pruned": count, "ended_before": cutoff.isoformat()},
        )
    return count


def upload_of(job: Job) -> bytes:
    return base64.b64decode(job.upload)


def run(job_id: int) -> str:
    """Run one queued job (the task's body); returns its final status."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status != Job.Status.QUEUED:
            return str(job.status)  # already run: a task delivered twice does nothing twice
        job.status = Job.Status.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    actor = job.owner
    spec = KINDS.get(job.kind)
    progress = _Progress(job.pk)
    with override(language_of(actor)):
        try:
            if spec is None or not actor.is_active or actor.agency_id != job.agency_id:
                raise PermissionDenied(job.kind)
            if not actor.has_ctip_perm(spec.permission):
                raise PermissionDenied(spec.permission)
            outcome = spec.run(job, actor, progress)
        except ValidationError as exc:
            _finish(job, errors=_messages(exc))
        except PermissionDenied:
            _finish(job, errors={"": [_("You may no longer do this.")]})
        except Exception:
            log.exception("Job %s (%s) failed", job.pk, job.kind)
            _finish(job, errors={"": [_("The job stopped on an unexpected error.")]})
        else:
            _finish(job, outcome=outcome)
        finally:
            progress.close()
    return str(Job.objects.values_list("status", flat=True).get(pk=job.pk))


class _Progress:
    """A job's ``done`` of ``total``, written where the job's page and API read it while
    the work runs.

    Work that writes all or nothing reports from inside its one transaction; an update
    there would be seen only at the commit. So inside a transaction the count goes through
    a second connection of its own, in autocommit, touching only the job's row (which the
    work never locks). SQLite lets one connection write at a time, and the work holds that
    lock until its commit: there the count is written in the work's transaction and shows
    when it ends (the embedded database serves one office, not the national workload).
    """

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.side: BaseDatabaseWrapper | None = None
        self.last: tuple[int, int | None] | None = None

    def __call__(self, done: int, total: int | None) -> None:
        self.last = (done, total)
        if not connection.in_atomic_block or connection.vendor == "sqlite":
            Job.objects.filter(pk=self.job_id).update(done=done, total=total)
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        quote = self.side.ops.quote_name
        table = quote(Job._meta.db_table)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {quote('done')} = %s, {quote('total')} = %s"  # noqa: S608
                f" WHERE {quote('id')} = %s",
                [done, total, self.job_id],
            )

    def close(self) -> None:
        """The last count, written again through the job's own connection: the second
        connection cannot see a job created in a transaction still open (a job run at once,
        as the tests do), and its writes must not be what the job ends with."""
        if self.side is not None:
            self.side.close()
            self.side = None
        if self.last is not None:
            done, total = self.last
            Job.objects.filter(pk=self.job_id).update(done=done, total=total)


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"": [str(m) for m in exc.messages]}


def _finish(
    job: Job, *, outcome: Outcome | None = None, errors: dict[str, list[str]] | None = None
) -> None:
    job.status = Job.Status.FAILED if outcome is None else Job.Status.DONE
    job.finished_at = timezone.now()
    job.upload = ""  # the uploaded file is no longer needed: do not keep it
    job.errors = errors
    if outcome is not None:
        job.summary = outcome.summary
        if outcome.file is not None:
            job.result = base64.b64encode(outcome.file).decode()
            job.result_name = outcome.file_name
            job.result_type = outcome.content_type
    # Not ``done`` and ``total``: the work reported them, this copy of the row never saw them.
    job.save(
        update_fields=[
            "status",
            "finished_at",
            "upload",
            "errors",
            "summary",
            "result",
            "result_name",
            "result_type",
        ]
    )
