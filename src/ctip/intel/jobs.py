"""The intel app's background jobs (ctip.core.jobs): a partner document's import, the
networks' rebuild and the indicator exports (STIX 2.1, MISP)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core import jobs
from ctip.core.labels import label
from ctip.core.models import Job, User
from ctip.intel import actions

PARTNER_IMPORT = "intel.partner_import"
REBUILD = "intel.rebuild"
EXPORT = "intel.export"
SHOWN_ERRORS = 200


@dataclass(frozen=True)
class KeptBundle:
    reference: str
    source_id: int
    source: str
    document_id: str


@dataclass(frozen=True)
class RefusedObject:
    """An object of the document that gave no indicator, as the summary keeps it: which
    and why in one sentence, in the language of whoever started the import (the job runs
    in it). A summary written before kept the object's name apart, in ``object``, and an
    English ``message``; its page reads it until ``ctip jobs prune`` deletes it."""

    position: int
    message: str
    kind: str = ""
    value: str = ""
    object: str = ""


@dataclass(frozen=True)
class ImportedDocument:
    """What the job page shows of a partner document's import."""

    created: bool
    bundle: KeptBundle
    indicators: int
    new_indicators: int
    reported: int
    error_count: int
    errors: list[RefusedObject]


def _partner_import(job: Job, actor: User, progress: jobs.Progress) -> jobs.Outcome:
    params = job.params
    result = actions.partner_import(
        actor=actor,
        data=actions.PartnerInput(
            format=params["format"],
            content=jobs.upload_of(job),
            partner=params["partner"],
            country=params["country"],
            kind=params["kind"],
        ),
        progress=progress,
    )
    bundle = result.bundle
    return jobs.Outcome(
        summary={
            "created": result.created,
            "bundle": {
                "reference": bundle.reference,
                "source_id": bundle.source_id,
                "source": str(bundle.source),
                "document_id": bundle.document_id,
            },
            "indicators": result.indicators,
            "new_indicators": result.new_indicators,
            "reported": result.reported,
            "error_count": len(result.errors),
            "errors": [
                {
                    "position": e.position,
                    "kind": e.kind,
                    "value": e.value,
                    "message": label(e.label),
                }
                for e in result.errors[:SHOWN_ERRORS]
            ],
        }
    )


def _partner_context(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        "result": ImportedDocument(
            created=summary["created"],
            bundle=KeptBundle(**summary["bundle"]),
            indicators=summary["indicators"],
            new_indicators=summary["new_indicators"],
            reported=summary["reported"],
            error_count=summary["error_count"],
            errors=jobs.restore(summary["errors"], RefusedObject),
        )
    }


def _rebuild(job: Job, actor: User, progress: jobs.Progress) -> jobs.Outcome:
    result = actions.clusters_rebuild(actor=actor)
    return jobs.Outcome(
        summary={
            "reports": result.reports,
            "clusters": result.clusters,
            "networks": result.networks,
            "largest": result.largest,
        }
    )


def _export(job: Job, actor: User, progress: jobs.Progress) -> jobs.Outcome:
    format = job.params["format"]
    text = actions.indicators_export(actor=actor, format=format)
    day = timezone.localdate().isoformat()
    return jobs.Outcome(
        summary={"format": format, "bytes": len(text.encode())},
        file=text.encode(),
        file_name=f"ctip-indicators-{day}.{format}.json",
        content_type="application/json",
    )


def register() -> None:
    jobs.register(
        jobs.JobKind(
            name=PARTNER_IMPORT,
            label=_("Import a partner document"),
            permission="intel.share",
            run=_partner_import,
            template="intel/_partner_result.html",
            context=_partner_context,
            back_url=jobs.back_to("intel:partner_import"),
        )
    )
    jobs.register(
        jobs.JobKind(
            name=REBUILD,
            label=_("Rebuild the networks"),
            permission="intel.share",
            run=_rebuild,
            template="intel/_rebuild_result.html",
            back_url=jobs.back_to("intel:clusters"),
        )
    )
    jobs.register(
        jobs.JobKind(
            name=EXPORT,
            label=_("Export the indicators"),
            permission="intel.share",
            run=_export,
            template="intel/_export_result.html",
            back_url=jobs.back_to("intel:partners"),
        )
    )
