"""The statistics API: tables after disclosure control, releases and their exports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.responses import Status

from ctip.core.auth import actor_of, needs
from ctip.core.engine.periods import InvalidPeriod, parse_period
from ctip.core.engine.suppression import Unprotectable
from ctip.core.figures import UnknownBreakdown
from ctip.stats import actions, presentation, registry, selectors
from ctip.stats.engine import exports
from ctip.stats.models import Method, Release
from ctip.stats.schemas import ReleaseIn, ReleaseOut, TableOut
from ctip.stats.selectors import NationalTable

router = Router(tags=["stats"])


class TableQuery(Schema):
    indicator: str
    period: str
    breakdowns: str = ""  # comma-separated: "province,sex"


def _period(text: str) -> Any:
    try:
        return parse_period(text)
    except InvalidPeriod as exc:
        # Worded as on the table page, in the reader's language.
        if "ends before" in str(exc):
            raise ValidationError(_("The period ends before it starts.")) from None
        raise ValidationError(
            _("Not a period: give a year, a half, a quarter, a month or two dates.")
        ) from None


def _table_out(t: NationalTable) -> dict[str, Any]:
    return {
        "indicator": t.indicator,
        "indicator_label": t.indicator_label,
        "unit": t.unit_label,
        "period_start": t.period.start.isoformat(),
        "period_end": t.period.end.isoformat(),
        "breakdowns": list(t.breakdowns),
        "threshold": t.threshold,
        "suppressed": t.suppressed,
        "cells": [
            {
                "categories": list(c.categories),
                "value": c.value,
                "status": c.status,
                "accuracy": c.accuracy,
            }
            for c in t.cells
        ],
        "lines": [
            {
                "category": line.key,
                "label": line.label,
                "total": line.total.value,
                "previous": line.previous,
                "year_earlier": line.year_earlier,
                "change_previous": line.change_previous,
                "change_year": line.change_year,
            }
            for line in t.lines
        ],
    }


@router.get("/tables", response=TableOut, auth=needs("stats.view"))
def table(request: HttpRequest, q: Query[TableQuery]):
    breakdowns = tuple(b.strip() for b in q.breakdowns.split(",") if b.strip())
    if len(breakdowns) > 2:
        raise ValidationError(_("At most two breakdowns."))
    actor = actor_of(request)
    try:
        result = selectors.national_table(actor, q.indicator, _period(q.period), breakdowns)
    except registry.UnknownIndicator:
        raise ValidationError(_("No such figure.")) from None
    except UnknownBreakdown:
        raise ValidationError(_("This figure has no such breakdown.")) from None
    except Unprotectable:
        raise ValidationError(_("This breakdown would isolate a person.")) from None
    actions.drafts_shown(actor, result.drafts)
    return _table_out(result)


def _release_out(r: Release) -> dict[str, Any]:
    return {
        "id": r.pk,
        "reference": r.reference,
        "title": r.title,
        "dataset": r.dataset,
        "period_start": r.period_start.isoformat(),
        "period_end": r.period_end.isoformat(),
        "breakdowns": r.breakdowns,
        "method": r.method,
        "parameters": r.parameters,
        "content_hash": r.content_hash,
        "published_at": r.published_at.isoformat(),
        "cells": r.cells,
    }


@router.get("/releases", response=list[ReleaseOut], auth=needs("stats.view"))
def release_list(request: HttpRequest):
    return [_release_out(r) for r in selectors.releases(actor_of(request))]


@router.post("/releases", response={201: ReleaseOut}, auth=needs("stats.release"))
def release_publish(request: HttpRequest, body: ReleaseIn):
    try:
        release = actions.release_publish(
            actor=actor_of(request),
            data=actions.ReleaseInput(
                indicator=body.indicator,
                period=_period(body.period),
                breakdowns=tuple(str(b.value) for b in body.breakdowns),
                method=Method(body.method.value),
                title=body.title,
                epsilon=body.epsilon,
            ),
        )
    except actions.ReleaseRefused as exc:
        raise ValidationError(str(exc)) from None
    return Status(201, _release_out(release))


@router.get("/releases/{int:release_id}", response=ReleaseOut, auth=needs("stats.view"))
def release_detail(request: HttpRequest, release_id: int):
    return _release_out(selectors.release(actor_of(request), release_id))


@router.get("/releases/{int:release_id}/unodc", auth=needs("stats.export"))
def release_unodc(request: HttpRequest, release_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.release(actor, release_id)
    actions.release_exported(actor=actor, data=actions.ExportInput(found, "unodc"))
    rows = presentation.unodc_rows(selectors.release_table(found), found.period_start.year)
    return HttpResponse(exports.unodc_csv(rows), content_type="text/csv; charset=utf-8")


def _sheet_download(request: HttpRequest, release_id: int, fmt: str) -> HttpResponse:
    from ctip.stats.views import _sheet

    actor = actor_of(request)
    found = selectors.release(actor, release_id)
    actions.release_exported(actor=actor, data=actions.ExportInput(found, fmt))
    if fmt == "xlsx":
        body = exports.xlsx(_sheet(found))
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, kind = exports.pdf(_sheet(found)), "application/pdf"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{found.reference}.{fmt}"'
    return response


@router.get("/releases/{int:release_id}/xlsx", auth=needs("stats.export"))
def release_xlsx(request: HttpRequest, release_id: int) -> HttpResponse:
    return _sheet_download(request, release_id, "xlsx")


@router.get("/releases/{int:release_id}/pdf", auth=needs("stats.export"))
def release_pdf(request: HttpRequest, release_id: int) -> HttpResponse:
    return _sheet_download(request, release_id, "pdf")
