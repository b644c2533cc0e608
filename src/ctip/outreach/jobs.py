"""The outreach app's background jobs (ctip.core.jobs): a subscriber list's import."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.utils.translation import gettext_lazy as _

from ctip.core import jobs
from ctip.core.models import Job, User
from ctip.outreach.actions.subscribers import ListImportInput, subscriber_list_import

LIST_IMPORT = "outreach.list_import"
SHOWN_ERRORS = 500


def _list_import(job: Job, actor: User, progress: jobs.Progress) -> jobs.Outcome:
    result = subscriber_list_import(
        actor=actor,
        data=ListImportInput(
            name=job.params["name"],
            content=jobs.upload_of(job),
            source=job.params.get("source", ""),
        ),
    )
    return jobs.Outcome(
        summary={
            "list_id": result.list_id,
            "imported": result.imported,
            "updated": result.updated,
            "error_count": len(result.errors),
            "errors": [[e.row, e.message] for e in result.errors[:SHOWN_ERRORS]],
        }
    )


def _list_context(summary: dict[str, Any]) -> dict[str, Any]:
    errors = [SimpleNamespace(row=r, message=m) for r, m in summary["errors"]]
    return {"result": SimpleNamespace(**(summary | {"errors": errors}))}


def register() -> None:
    jobs.register(
        jobs.JobKind(
            name=LIST_IMPORT,
            label=_("Subscriber list import"),
            permission="outreach.manage_subscribers",
            run=_list_import,
            template="outreach/job_list_import.html",
            context=_list_context,
        )
    )
