"""The cases app's background jobs: importing a handover list (ctip.core.jobs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ctip.cases import imports
from ctip.core import jobs
from ctip.core.models import Job, User

IMPORT = "cases.import"


@dataclass(frozen=True)
class Row:
    row: int
    field: str
    message: str


@dataclass(frozen=True)
class Opened:
    id: int
    reference: str


@dataclass(frozen=True)
class ImportedList:
    """What the job page shows of a handover import."""

    rows_total: int
    already_imported: bool
    created: list[Opened] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    problems: list[Row] = field(default_factory=list)


def _run(job: Job, actor: User, progress: jobs.Progress) -> jobs.Outcome:
    params = job.params
    report = imports.handover_import(
        actor=actor,
        file_name=job.upload_name,
        content=jobs.upload_of(job),
        handover_date=dt.date.fromisoformat(params["handover_date"]),
        intake_channel=params["intake_channel"],
        exploitation_country=params["exploitation_country"],
        progress=progress,
    )
    return jobs.Outcome(
        summary={
            "id": report.handover.pk,
            "rows_total": report.handover.rows_total,
            "already_imported": report.already_imported,
            "created": jobs.table(report.created, "id", "reference"),
            "skipped": report.skipped,
            "problems": jobs.table(report.problems, "row", "field", "message"),
        }
    )


def _context(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "report": ImportedList(
            rows_total=summary["rows_total"],
            already_imported=summary["already_imported"],
            created=jobs.restore(summary["created"], Opened),
            skipped=summary["skipped"],
            problems=jobs.restore(summary["problems"], Row),
        )
    }


def register() -> None:
    jobs.register(
        jobs.JobKind(
            name=IMPORT,
            label=_("Import a handover list"),
            permission="cases.intake",
            run=_run,
            template="cases/_import_report.html",
            context=_context,
            back_url=jobs.back_to("cases:import"),
        )
    )
