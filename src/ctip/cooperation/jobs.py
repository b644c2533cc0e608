"""The cooperation app's background job: importing a handover manifest (ctip.core.jobs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctip.core import jobs
from ctip.core.models import Job, User

MANIFEST = "cooperation.manifest"


@dataclass(frozen=True)
class Row:
    row: int
    field: str
    message: str


@dataclass(frozen=True)
class ImportedManifest:
    rows_total: int
    added: int
    already_imported: bool
    handover_id: int
    duplicates: list[int] = field(default_factory=list)
    problems: list[Row] = field(default_factory=list)


def _run(job: Job, actor: User, progress: jobs.Progress) -> jobs.Outcome:
    from ctip.cooperation import actions, selectors

    operation = selectors.handover_operation(actor, int(job.params["handover"]))
    report = actions.manifest_import(
        actor=actor,
        operation=operation,
        file_name=job.upload_name,
        content=jobs.upload_of(job),
    )
    return jobs.Outcome(
        summary={
            "handover": operation.pk,
            "rows_total": report.rows_total,
            "added": report.added,
            "already_imported": report.already_imported,
            "duplicates": list(report.duplicates),
            "problems": [[p.row, p.field, p.message] for p in report.problems],
        }
    )


def _context(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "report": ImportedManifest(
            rows_total=summary["rows_total"],
            added=summary["added"],
            already_imported=summary["already_imported"],
            handover_id=summary["handover"],
            duplicates=summary["duplicates"],
            problems=[Row(*p) for p in summary["problems"]],
        )
    }


def register() -> None:
    jobs.register(
        jobs.JobKind(
            name=MANIFEST,
            label=_("Import a handover manifest"),
            permission="cooperation.handover",
            run=_run,
            template="cooperation/_manifest_report.html",
            context=_context,
            back_url=lambda job: reverse("cooperation:handover", args=[job.params["handover"]]),
        )
    )
