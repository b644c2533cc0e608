"""The registry's background job (ctip.core.jobs): the import of a published list."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctip.core import jobs
from ctip.core.models import Job, User
from ctip.registry import actions

IMPORT = "registry.import"
SHOWN_ERRORS = 500


def _import(job: Job, actor: User, progress: jobs.Progress) -> jobs.Outcome:
    result = actions.list_import(
        actor=actor,
        file_name=job.upload_name,
        content=jobs.upload_of(job),
        progress=progress,
    )
    return jobs.Outcome(
        summary={
            "import_id": result.record.pk,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "refused": len(result.errors),
            "errors": [
                [e.row, e.licence_number, list(e.messages)] for e in result.errors[:SHOWN_ERRORS]
            ],
        }
    )


def _context(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "summary": summary,
        "errors": [
            {"row": row, "licence_number": licence, "messages": messages}
            for row, licence, messages in summary.get("errors", [])
        ],
    }


def register() -> None:
    jobs.register(
        jobs.JobKind(
            name=IMPORT,
            label=_("Import the list of licensed enterprises"),
            permission="registry.manage",
            run=_import,
            template="registry/_import_result.html",
            context=_context,
            back_url=lambda job: reverse("registry:enterprises"),
        )
    )
