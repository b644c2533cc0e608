"""Pages of the statistics app: tables, releases, exports and budgets."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.core.engine.periods import Period
from ctip.core.engine.suppression import Unprotectable
from ctip.stats import actions, presentation, report, selectors
from ctip.stats.engine import exports
from ctip.stats.engine.survey import SurveyError
from ctip.stats.forms import (
    BudgetForm,
    PublishForm,
    ReportExportForm,
    ReportForm,
    SurveyForm,
    TableForm,
)
from ctip.stats.models import Method, Release


def period_words(period: Period) -> str:
    return _("%(start)s to %(end)s") % {
        "start": formats.date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(period.end, "SHORT_DATE_FORMAT"),
    }


@requires("stats.view")
def table(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = TableForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            result = selectors.national_table(
                actor, data["indicator"], data["period"], data["breakdowns"]
            )
        except Unprotectable:
            form.add_error(None, _("This breakdown would isolate a person: choose a coarser one."))
        else:
            actions.drafts_shown(actor, result.drafts)
            context.update(
                table=result,
                pictures=presentation.pictures(result),
                period=period_words(result.period),
                previous=period_words(result.previous_period),
                year_earlier=period_words(result.year_earlier_period),
            )
            if actor.has_ctip_perm("stats.release"):
                context["publish"] = PublishForm(
                    initial={
                        "indicator": data["indicator"],
                        "period": result.period.code,
                        "rows": data.get("rows"),
                        "columns": data.get("columns"),
                        "method": Method.SUPPRESSION,
                    }
                )
    return render(request, "stats/table.html", context, status=400 if form.errors else 200)


@requires("stats.release")
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    form = PublishForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            release = actions.release_publish(
                actor=actor_of(request),
                data=actions.ReleaseInput(
                    indicator=data["indicator"],
                    period=data["period"],
                    breakdowns=data["breakdowns"],
                    method=Method(data["method"]),
                    title=data.get("title") or "",
                    epsilon=data.get("epsilon"),
                ),
            )
        except actions.ReleaseRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Published. A release never changes."))
            return redirect("stats:release", release_id=release.pk)
    return render(request, "stats/publish.html", {"form": form}, status=400)


@requires("stats.view")
def releases(request: HttpRequest) -> HttpResponse:
    return render(
        request, "stats/releases.html", {"releases": selectors.releases(actor_of(request))}
    )


def _release_context(release: Release) -> dict[str, Any]:
    result = selectors.release_table(release)
    return {
        "release": release,
        "table": result,
        "pictures": presentation.pictures(result),
        "period": period_words(result.period),
        "private": release.method == Method.PRIVATE,
    }


@requires("stats.view")
def release(request: HttpRequest, release_id: int) -> HttpResponse:
    found = selectors.release(actor_of(request), release_id)
    return render(request, "stats/release.html", _release_context(found))


def _sheet(found: Release) -> exports.Sheet:
    result = selectors.release_table(found)
    notes: tuple[str, ...] = ()
    if found.method == Method.PRIVATE:
        notes = (
            _(
                "Noise was added (differential privacy, epsilon %(e)s): each number is "
                "within ±%(a)s of the true count with 95%% confidence."
            )
            % {"e": found.parameters.get("epsilon"), "a": found.parameters.get("accuracy_95")},
        )
    subtitle = f"{found.reference} · {period_words(result.period)} · {found.get_method_display()}"
    return presentation.sheet(result, subtitle=subtitle, notes=notes)


def _download(body: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires("stats.export")
def export_xlsx(request: HttpRequest, release_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.release(actor, release_id)
    actions.release_exported(actor=actor, data=actions.ExportInput(found, "xlsx"))
    return _download(
        exports.xlsx(_sheet(found)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{found.reference}.xlsx",
    )


@requires("stats.export")
def export_pdf(request: HttpRequest, release_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.release(actor, release_id)
    actions.release_exported(actor=actor, data=actions.ExportInput(found, "pdf"))
    return _download(exports.pdf(_sheet(found)), "application/pdf", f"{found.reference}.pdf")


@requires("stats.export")
def export_unodc(request: HttpRequest, release_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.release(actor, release_id)
    actions.release_exported(actor=actor, data=actions.ExportInput(found, "unodc"))
    rows = presentation.unodc_rows(selectors.release_table(found), found.period_start.year)
    return _download(
        exports.unodc_csv(rows), "text/csv; charset=utf-8", f"{found.reference}-unodc.csv"
    )


@requires("stats.manage_budget")
@require_http_methods(["GET", "POST"])
def budgets(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = BudgetForm(request.POST or None)

    def set_budget(data: dict[str, Any]) -> None:
        try:
            actions.budget_set(
                actor=actor, data=actions.BudgetInput(data["dataset"], data["epsilon"])
            )
        except ValidationError as exc:  # every refusal is about the budget given
            raise ValidationError({"epsilon": exc.messages}) from None

    return posting.submit(
        request,
        form,
        set_budget,
        lambda _set: redirect("stats:budgets"),
        lambda: posting.form_page(
            request, "stats/budgets.html", form, {"budgets": selectors.budgets(actor)}
        ),
        _("Budget set."),
    )


SURVEY_PROBLEMS = {
    "missing_weight": gettext_lazy("no weight (every respondent needs a positive weight)"),
    "missing_column": gettext_lazy("a required column is missing"),
    "not_a_year": gettext_lazy("not a year"),
    "not_yes_no": gettext_lazy("victim must be 1 or 0"),
    "missing_stratum": gettext_lazy("no stratum"),
    "not_utf8": gettext_lazy("the file is not UTF-8 text"),
    "too_many_rows": gettext_lazy("too many rows"),
    "empty": gettext_lazy("no respondents"),
    "year_not_in_survey": gettext_lazy("the survey has no such year"),
}


def _problem_words(exc: SurveyError) -> list[str]:
    out = []
    for row, column, what in exc.problems[:20]:
        words = str(SURVEY_PROBLEMS.get(what, what))
        if row:
            out.append(
                _("Line %(row)s, %(column)s: %(what)s")
                % {"row": row, "column": column, "what": words}
            )
        else:
            out.append(f"{column}: {words}" if column else words)
    return out


@requires("stats.view")
@require_http_methods(["GET", "POST"])
def surveys(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = SurveyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not actor.has_ctip_perm("stats.release"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("stats.release")
        if form.is_valid():
            try:
                found = actions.survey_import(
                    actor=actor,
                    data=actions.SurveyInput(
                        form.cleaned_data["name"], form.cleaned_data["file"].read()
                    ),
                )
            except SurveyError as exc:
                for words in _problem_words(exc):
                    form.add_error("file", words)
            else:
                messages.success(request, _("Survey imported."))
                return redirect("stats:survey", survey_id=found.pk)
    return render(
        request,
        "stats/surveys.html",
        {
            "form": form if actor.has_ctip_perm("stats.release") else None,
            "surveys": selectors.surveys(actor),
        },
        status=400 if form.errors else 200,
    )


@requires("stats.view")
def survey(request: HttpRequest, survey_id: int) -> HttpResponse:
    compare = None
    try:
        compare = (int(request.GET["first"]), int(request.GET["second"]))
    except (KeyError, ValueError):
        compare = None
    result = selectors.survey_estimates(actor_of(request), survey_id, compare)
    return render(request, "stats/survey.html", {"result": result})


@requires("stats.export")
@require_http_methods(["GET", "POST"])
def national_report(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        done = ReportExportForm(request.POST)
        if done.is_valid():
            data = done.cleaned_data
            paragraphs = [p for p in data["text"].replace("\r", "").split("\n\n") if p.strip()]
            actions.report_exported(
                actor=actor,
                data=actions.ReportInput(
                    data["period"], data["language"], data["format"], data["text"]
                ),
            )
            reading = selectors.Reading(actor)
            with translation.override(data["language"]):
                tables = report.tables(reading, data["period"])
            actions.drafts_shown(actor, reading.drafts)
            name = f"report-{data['period'].code}"
            if data["format"] == "docx":
                return _download(
                    exports.docx_report(data["title"], paragraphs, tables),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    f"{name}.docx",
                )
            if data["format"] == "odt":
                return _download(
                    exports.odt_report(data["title"], paragraphs, tables),
                    "application/vnd.oasis.opendocument.text",
                    f"{name}.odt",
                )
            return _download(
                exports.pdf_report(data["title"], paragraphs, tables),
                "application/pdf",
                f"{name}.pdf",
            )
        return render(
            request, "stats/report.html", {"form": ReportForm(), "edit": done}, status=400
        )
    form = ReportForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if request.GET and form.is_valid():
        period = form.cleaned_data["period"]
        language = form.cleaned_data["language"]
        with translation.override(language):
            words = period_words(period)
            title = _("National figures on trafficking in persons, %(period)s") % {"period": words}
            reading = selectors.Reading(actor)
            paragraphs, found = report.write(reading, period, words)
            actions.drafts_shown(actor, reading.drafts)
            text = "\n\n".join(paragraphs)
            context["tables"] = [report.as_written(t) for t in found]
        context["edit"] = ReportExportForm(
            initial={
                "period": period.code,
                "language": language,
                "title": title,
                "text": text,
                "format": "docx",
            }
        )
    return render(request, "stats/report.html", context, status=400 if form.errors else 200)


@requires("stats.export")
def ctdc(request: HttpRequest) -> HttpResponse:
    """The CTDC microdata export, for the national statistician: what was generalised and
    suppressed, and the rows as CSV (``?download=1``)."""
    from ctip.stats.registry import microdata

    export = microdata("ctdc")
    if export is None:
        raise Http404
    rows, found = export(actor_of(request))
    if request.GET.get("download"):
        out = io.StringIO()
        columns = sorted({key for row in rows for key in row})
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return _download(out.getvalue(), "text/csv; charset=utf-8", "ctdc.csv")
    return render(
        request,
        "stats/ctdc.html",
        {"report": found, "generalised": sorted(found.generalised.items())},
    )
