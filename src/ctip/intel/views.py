"""Pages of the intel app: the public report and lookup, and the staff pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ctip.core import jobs as core_jobs
from ctip.core import posting
from ctip.core.access import public, requires
from ctip.core.auth import actor_of
from ctip.core.follow_views import secret_page
from ctip.core.models import Agency, User
from ctip.core.pagination import page_of
from ctip.core.throttle import rate_limited
from ctip.intel import actions, jobs, selectors, views_freeze, views_triage
from ctip.intel.evidence import EvidenceDamaged, custody_intact
from ctip.intel.forms import (
    AnswerForm,
    ClusterEvidenceForm,
    CompoundLinkForm,
    EvidenceForm,
    FreezeForm,
    LookupForm,
    PartnerImportForm,
    ReportFilterForm,
    ReportForm,
    TransferForm,
    VerifyForm,
    indicator_rows,
)
from ctip.intel.models import FREEZABLE_KINDS, INSTITUTION_TYPES, Indicator, Report


def lookup_rate() -> int:
    return settings.CTIP_INTEL_LOOKUPS_PER_MINUTE


def report_rate() -> int:
    return settings.CTIP_INTEL_REPORTS_PER_MINUTE


# Public ----------------------------------------------------------------------------------


def _report_input(data: dict[str, Any], rows: Any) -> actions.ReportInput:
    """What the report form and its indicator rows say, for ``actions.report_file``."""
    return actions.ReportInput(
        type=data["type"],
        narrative=data["narrative"],
        amount_lost_vnd=data["amount_lost_vnd"] or 0,
        lost_on=data["lost_on"],
        indicators=rows.inputs(),
        reporter_name=data["reporter_name"],
        reporter_phone=data["reporter_phone"],
        reporter_email=data["reporter_email"],
        province=data["province"],
    )


@public
@require_http_methods(["GET", "POST"])
@rate_limited(
    "intel-report",
    report_rate,
    page="intel/report_public.html",
    context=lambda request: {
        "form": ReportForm(request.POST),
        "rows": indicator_rows(request.POST),
    },
    only_accepted=True,
)
def report_public(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ReportForm(request.POST if posted else None)
    rows = indicator_rows(request.POST if posted else None)
    context: dict[str, Any] = {"form": form, "rows": rows}

    def thanks(filed: Any) -> HttpResponse:
        return secret_page(
            request,
            "intel/report_thanks.html",
            {"code": filed.report.follow_code, "secret": filed.follow_secret},
        )

    return posting.submit(
        request,
        form,
        lambda data: actions.report_file(actor=None, data=_report_input(data, rows)),
        thanks,
        lambda: posting.form_page(request, "intel/report_public.html", form, context, also=[rows]),
        also=[rows],
    )


@public
@require_http_methods(["GET", "POST"])
@rate_limited(
    "intel-lookup",
    lookup_rate,
    page="intel/lookup.html",
    context=lambda request: {"form": LookupForm(request.POST)},
    only_accepted=True,
)
def lookup(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = LookupForm(request.POST if posted else None)
    context: dict[str, Any] = {"form": form}
    if not posted:
        return render(request, "intel/lookup.html", context)
    if not form.is_valid():
        return render(request, "intel/lookup.html", context, status=400)
    data = form.cleaned_data
    detail = data["detail"]
    context["result"] = selectors.public_lookup(
        data["kind"],
        data["value"],
        bank=detail if data["kind"] in ("bank_account", "ewallet") else "",
        platform=detail if data["kind"] in ("social", "crypto") else "",
    )
    return render(request, "intel/lookup.html", context)


# Reports ---------------------------------------------------------------------------------


@requires("intel.view_reports")
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.reports(actor_of(request), type=data.get("type", ""), query=data.get("q", ""))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "intel/report_list.html",
        {"form": form, "page": page_of(request, rows), "query": query.urlencode()},
    )


@requires("intel.report")
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ReportForm(request.POST if posted else None)
    rows = indicator_rows(request.POST if posted else None)
    actor = actor_of(request)

    def filed_page(filed: Any) -> HttpResponse:
        if actor.has_ctip_perm("intel.view_reports"):
            return redirect("intel:report_detail", report_id=filed.report.pk)
        return redirect("intel:report_new")

    return posting.submit(
        request,
        form,
        lambda data: actions.report_file(actor=actor, data=_report_input(data, rows)),
        filed_page,
        lambda: posting.form_page(
            request, "intel/report_new.html", form, {"rows": rows}, also=[rows]
        ),
        lambda filed: [_("Report %(ref)s filed.") % {"ref": filed.report.reference}],
        also=[rows],
    )


@requires("intel.view_reports")
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = actor_of(request)
    report = selectors.open_report(actor, report_id)
    can_evidence = actor.has_ctip_perm("intel.manage_evidence")
    return render(
        request,
        "intel/report_detail.html",
        {
            "report": report,
            "show_reporter": report.shows_reporter_to(actor),
            "indicators": selectors.report_indicators(report),
            "cluster": selectors.cluster_of(actor, report),
            "can_verify": actor.has_ctip_perm("intel.request_freeze"),
            "can_freeze": actor.has_ctip_perm("intel.request_freeze"),
            "can_evidence": can_evidence,
            "evidence": selectors.report_evidence(actor, report) if can_evidence else [],
            "evidence_form": EvidenceForm(),
            "verify_form": VerifyForm(),
            **views_triage.report_context(actor, report),
        },
    )


# Indicators ------------------------------------------------------------------------------


@requires("intel.view_reports")
def indicator_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    actor = actor_of(request)
    indicator = selectors.indicator(actor, indicator_id)
    reports = selectors.indicator_reports(actor, indicator)
    return render(
        request,
        "intel/indicator_detail.html",
        {
            "indicator": indicator,
            "reports": reports[:200],
            "visible_reports": reports.count(),
            "cluster": selectors.indicator_cluster(actor, indicator),
            "partners": selectors.partner_aggregate(indicator),
            "victim_cases": selectors.indicator_cases(actor, indicator),
            "verifications": selectors.verifications(indicator),
            "can_verify": actor.has_ctip_perm("intel.request_freeze"),
            "verify_form": VerifyForm(),
            "compound_form": CompoundLinkForm(actor=actor)
            if actor.has_ctip_perm("intel.triage") and actor.has_ctip_perm("compounds.view")
            else None,
            "compounds": selectors.compound_links_of(actor, [indicator.pk]),
        },
    )


@requires("intel.triage")
@require_POST
def indicator_compound(request: HttpRequest, indicator_id: int) -> HttpResponse:
    return posting.post(
        request,
        lambda actor: selectors.indicator(actor, indicator_id),
        lambda indicator: redirect("intel:indicator", indicator_id=indicator.pk),
        lambda actor, indicator, data: actions.compound_link(
            actor=actor,
            data=actions.CompoundLinkInput(data["compound_id"], indicator=indicator),
        ),
        _("The indicator is tied to the compound."),
        form_class=CompoundLinkForm,
        form_kwargs=lambda actor, _: {"actor": actor},
    )


@requires("intel.request_freeze")
@require_POST
def indicator_verify(request: HttpRequest, indicator_id: int) -> HttpResponse:
    actor = actor_of(request)
    indicator = selectors.indicator(actor, indicator_id, permission="intel.request_freeze")
    form = VerifyForm(request.POST)
    if form.is_valid():
        actions.indicator_verify(actor=actor, indicator=indicator, note=form.cleaned_data["note"])
        messages.success(request, _("%(ind)s is marked verified.") % {"ind": indicator.display})
    else:
        messages.error(request, _("The basis is too long."))
    back = request.POST.get("next", "")
    if back.startswith("/intel/") and "//" not in back:
        return redirect(back)
    return redirect("intel:reports")


# Clusters --------------------------------------------------------------------------------


@requires("intel.view_reports")
def cluster_list(request: HttpRequest) -> HttpResponse:
    everything = request.GET.get("show") == "all"
    actor = actor_of(request)
    rows = selectors.clusters(actor, networks_only=not everything)
    page = page_of(request, rows)
    # A network is read by its strongest indicators and size; its hash stays a reference.
    networks = [(c, selectors.cluster_name(actor, c)) for c in page]
    return render(
        request,
        "intel/cluster_list.html",
        {
            "page": page,
            "networks": networks,
            "everything": everything,
            "query": "show=all" if everything else "",
            "can_share": actor_of(request).has_ctip_perm("intel.share"),
        },
    )


@requires("intel.view_reports")
def cluster_detail(request: HttpRequest, cluster_id: str) -> HttpResponse:
    actor = actor_of(request)
    cluster = selectors.cluster(actor, cluster_id)
    reports = selectors.cluster_reports(actor, cluster)
    can_evidence = actor.has_ctip_perm("intel.manage_evidence")
    indicators = list(selectors.cluster_indicators(actor, cluster)[:200])
    cases = selectors.cluster_cases(actor, cluster, indicators)
    per_indicator = cases[1] if cases else {}
    for indicator in indicators:
        indicator.victim_cases = per_indicator.get(indicator.pk, 0)  # type: ignore[attr-defined]
    return render(
        request,
        "intel/cluster_detail.html",
        {
            "cluster": cluster,
            "name": selectors.cluster_name(actor, cluster),
            "reports": reports[:200],
            "visible_reports": reports.count(),
            "indicators": indicators,
            "victim_cases": cases[0] if cases else None,
            "timeline": selectors.cluster_timeline(cluster),
            "can_freeze": actor.has_ctip_perm("intel.request_freeze"),
            "can_evidence": can_evidence,
            "evidence": selectors.cluster_evidence(actor, cluster) if can_evidence else [],
            "evidence_form": ClusterEvidenceForm(),
            "compound_form": CompoundLinkForm(actor=actor)
            if actor.has_ctip_perm("intel.triage") and actor.has_ctip_perm("compounds.view")
            else None,
            "compounds": selectors.compound_links_of(actor, [i.pk for i in indicators]),
        },
    )


@requires("intel.triage")
@require_POST
def cluster_compound(request: HttpRequest, cluster_id: str) -> HttpResponse:
    return posting.post(
        request,
        lambda actor: selectors.cluster(actor, cluster_id),
        lambda cluster: redirect("intel:cluster", cluster_id=cluster.pk),
        lambda actor, cluster, data: actions.compound_link(
            actor=actor,
            data=actions.CompoundLinkInput(data["compound_id"], cluster=cluster),
        ),
        _("The network is tied to the compound."),
        form_class=CompoundLinkForm,
        form_kwargs=lambda actor, _: {"actor": actor},
    )


@requires("intel.manage_evidence")
@require_POST
def cluster_evidence_add(request: HttpRequest, cluster_id: str) -> HttpResponse:
    actor = actor_of(request)
    cluster = selectors.cluster(actor, cluster_id)
    back = redirect("intel:cluster", cluster_id=cluster.pk)
    form = ClusterEvidenceForm(request.POST, request.FILES)
    if not _valid(request, form):
        return back
    upload = form.cleaned_data["file"]
    if upload:
        _store_evidence(request, actor, form, cluster=cluster)
    else:
        _store_evidence(
            request,
            actor,
            form,
            cluster=cluster,
            filename="captured-message.txt",
            content=form.cleaned_data["message"].encode(),
            media_type="text/plain; charset=utf-8",
        )
    return back


@requires("intel.manage_evidence")
@require_POST
def cluster_package(request: HttpRequest, cluster_id: str) -> HttpResponse:
    actor = actor_of(request)
    cluster = selectors.cluster(actor, cluster_id)
    back = redirect("intel:cluster", cluster_id=cluster.pk)
    return _evidence_package(request, actor, back, f"{cluster.pk}-evidence.zip", cluster=cluster)


# Freeze requests -------------------------------------------------------------------------


@requires("intel.request_freeze")
def freeze_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    overdue = request.GET.get("show") == "overdue"
    rows = selectors.issued_requests(actor, overdue=overdue)
    return render(
        request,
        "intel/freeze_list.html",
        {
            "page": page_of(request, rows),
            "overdue": overdue,
            "overdue_count": selectors.issued_requests(actor, overdue=True).count(),
            "query": "show=overdue" if overdue else "",
        },
    )


def _freeze_choices(actor: User, request: HttpRequest) -> tuple[Any, Any]:
    """Accounts and reports to choose from: those of a cluster or of one report."""
    cluster_id = request.GET.get("cluster", "")
    report_id = request.GET.get("report", "")
    if cluster_id:
        cluster = selectors.cluster(actor, cluster_id)
        indicators = selectors.cluster_indicators(actor, cluster)
        reports = selectors.cluster_reports(actor, cluster)
    elif report_id.isdigit():
        report = selectors.report(actor, int(report_id))
        indicators = selectors.report_indicators(report)
        reports = selectors.reports(actor).filter(pk=report.pk)
    else:
        indicators, reports = Indicator.objects.none(), Report.objects.none()
    return indicators.filter(kind__in=FREEZABLE_KINDS), reports


@requires("intel.request_freeze")
@require_http_methods(["GET", "POST"])
def freeze_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    indicators, reports = _freeze_choices(actor, request)
    posted = request.method == "POST"
    form = FreezeForm(
        request.POST if posted else None,
        institutions=Agency.objects.filter(type__in=INSTITUTION_TYPES, is_active=True),
        indicators=indicators,
        reports=reports,
    )

    def issue(data: dict[str, Any]) -> list[Any]:
        if data["institution"] is None:
            return list(views_freeze.issue_routed(actor, data))
        return [actions.freeze_request_issue(actor=actor, data=views_freeze.request_input(data))]

    def issued_page(sent: list[Any]) -> HttpResponse:
        if len(sent) == 1:
            return redirect("intel:freeze", freeze_id=sent[0].pk)
        return redirect("intel:freeze_list")

    return posting.submit(
        request,
        form,
        issue,
        issued_page,
        lambda: posting.form_page(
            request, "intel/freeze_new.html", form, {"has_choices": indicators.exists()}
        ),
        lambda sent: [
            _("Request %(ref)s sent to %(to)s.")
            % {"ref": issued.reference, "to": issued.institution.name}
            for issued in sent
        ],
    )


@requires("intel.request_freeze")
def freeze_detail(request: HttpRequest, freeze_id: int) -> HttpResponse:
    found = selectors.issued_request(actor_of(request), freeze_id)
    return render(
        request,
        "intel/freeze_detail.html",
        {
            "freeze": found,
            "accounts": selectors.request_accounts(found),
            "reports": selectors.request_reports(found),
            **views_freeze.accounts_context(found, answering=False),
        },
    )


@requires("intel.answer_freeze")
def inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.inbox(actor_of(request))
    return render(request, "intel/inbox.html", {"page": page_of(request, rows)})


@requires("intel.answer_freeze")
@require_http_methods(["GET", "POST"])
def inbox_detail(request: HttpRequest, freeze_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.inbox_request(actor, freeze_id)
    posted = request.method == "POST"
    form = AnswerForm(request.POST if posted else None)

    def answer(data: dict[str, Any]) -> bool:
        """Whether the answer was sent: a second answer is refused above the page."""
        try:
            actions.freeze_request_answer(
                actor=actor,
                request=found,
                data=actions.FreezeAnswerInput(
                    status=data["status"],
                    amount_held_vnd=data["amount_held_vnd"],
                    note=data["note"],
                ),
            )
        except actions.AlreadyAnswered as exc:
            messages.error(request, str(exc))
            return False
        return True

    return posting.submit(
        request,
        form,
        answer,
        lambda _sent: redirect("intel:inbox_detail", freeze_id=found.pk),
        lambda: _inbox_page(request, found, form),
        lambda sent: [_("Your answer was sent.")] if sent else [],
    )


def _inbox_page(request: HttpRequest, found: Any, form: Form) -> HttpResponse:
    return posting.form_page(
        request,
        "intel/inbox_detail.html",
        form,
        {
            "freeze": found,
            "accounts": selectors.request_accounts(found),
            **views_freeze.accounts_context(found, answering=True),
        },
    )


# Evidence --------------------------------------------------------------------------------


@requires("intel.manage_evidence")
@require_POST
def evidence_add(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = actor_of(request)
    report = selectors.report(actor, report_id)
    form = EvidenceForm(request.POST, request.FILES)
    if _valid(request, form):
        _store_evidence(request, actor, form, report=report)
    return redirect("intel:report_detail", report_id=report.pk)


@requires("intel.manage_evidence")
@require_POST
def evidence_package(request: HttpRequest, report_id: int) -> HttpResponse:
    actor = actor_of(request)
    report = selectors.report(actor, report_id)
    back = redirect("intel:report_detail", report_id=report.pk)
    return _evidence_package(
        request, actor, back, f"{report.reference}-evidence.zip", report=report
    )


def _valid(request: HttpRequest, form: Form) -> bool:
    """Whether the form is valid; if not, its errors become messages on the next page."""
    if form.is_valid():
        return True
    posting.invalid(request, form)
    return False


def _store_evidence(request: HttpRequest, actor: User, form: Form, **evidence: Any) -> None:
    """Store the form's upload (or the given content) as evidence of a report or network."""
    upload = form.cleaned_data["file"]
    if upload:
        evidence.update(
            filename=upload.name or "file",
            content=upload.read(settings.CTIP_MAX_UPLOAD_BYTES + 1),
            media_type=upload.content_type or "application/octet-stream",
        )
    try:
        item = actions.evidence_add(
            actor=actor,
            data=actions.EvidenceInput(description=form.cleaned_data["description"], **evidence),
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("%(ref)s stored, SHA-256 %(hash)s.") % {"ref": item.reference, "hash": item.sha256},
        )


def _evidence_package(
    request: HttpRequest, actor: User, back: HttpResponse, filename: str, **target: Any
) -> HttpResponse:
    """The verifiable evidence package of a report or network, or ``back`` with why not."""
    try:
        data = actions.evidence_export(actor=actor, **target)
    except (ValidationError, EvidenceDamaged) as exc:
        messages.error(
            request, str(exc.messages[0]) if isinstance(exc, ValidationError) else str(exc)
        )
        return back
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires("intel.manage_evidence")
def evidence_detail(request: HttpRequest, evidence_id: int) -> HttpResponse:
    actor = actor_of(request)
    item = selectors.evidence_item(actor, evidence_id)
    return render(
        request,
        "intel/evidence_detail.html",
        {
            "item": item,
            "cluster": selectors.evidence_cluster(actor, item),
            "custody": selectors.custody(item),
            "intact": custody_intact(item),
            "transfer_form": TransferForm(
                agencies=Agency.objects.filter(is_active=True).exclude(pk=item.holder_id)
            ),
        },
    )


@requires("intel.manage_evidence")
@require_POST
def evidence_transfer(request: HttpRequest, evidence_id: int) -> HttpResponse:
    return posting.post(
        request,
        lambda actor: selectors.evidence_item(actor, evidence_id),
        lambda item: redirect("intel:evidence", evidence_id=item.pk),
        lambda actor, item, data: actions.evidence_transfer(
            actor=actor, item=item, to_agency=data["to_agency"], note=data["note"]
        ),
        _("Handed over."),
        form_class=TransferForm,
        form_kwargs=lambda actor, _: {"agencies": Agency.objects.filter(is_active=True)},
    )


@requires("intel.manage_evidence")
@require_POST
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    actor = actor_of(request)
    item = selectors.evidence_item(actor, evidence_id)
    try:
        content = actions.evidence_open(actor=actor, item=item)
    except EvidenceDamaged as exc:
        messages.error(request, str(exc))
        return redirect("intel:evidence", evidence_id=item.pk)
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{item.reference}.bin"'
    response["X-Content-SHA256"] = item.sha256
    return response


# Partner sources -------------------------------------------------------------------------


@requires("intel.share")
def partner_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.partner_sources(actor_of(request))
    return render(request, "intel/partner_list.html", {"page": page_of(request, rows), "query": ""})


@requires("intel.share")
@require_http_methods(["GET", "POST"])
def partner_import(request: HttpRequest) -> HttpResponse:
    """Check the document can be read, then import it in the background (ctip.intel.jobs)."""
    posted = request.method == "POST"
    form = PartnerImportForm(request.POST if posted else None, request.FILES if posted else None)

    def start(data: dict[str, Any]) -> Any:
        content = data["file"].read(actions.PARTNER_MAX_BYTES + 1)
        params = {k: data[k] for k in ("format", "partner", "country", "kind")}
        actions.partner_document(actions.PartnerInput(content=content, **params))
        return core_jobs.start(
            actor=actor_of(request),
            kind=jobs.PARTNER_IMPORT,
            params=params,
            upload=content,
            upload_name=data["file"].name or "",
        )

    return posting.submit(
        request,
        form,
        start,
        lambda job: redirect("core:job", job.pk),
        lambda: posting.form_page(request, "intel/partner_import.html", form),
    )


@requires("intel.share")
@require_POST
def clusters_rebuild(request: HttpRequest) -> HttpResponse:
    job = core_jobs.start(actor=actor_of(request), kind=jobs.REBUILD)
    return redirect("core:job", job.pk)


@requires("intel.share")
@require_POST
def indicators_export(request: HttpRequest) -> HttpResponse:
    format = request.POST.get("format", "")
    if format not in {"stix", "misp"}:
        return render(
            request,
            "core/error.html",
            {"status": 400, "detail": _("Export as STIX or MISP.")},
            status=400,
        )
    job = core_jobs.start(actor=actor_of(request), kind=jobs.EXPORT, params={"format": format})
    return redirect("core:job", job.pk)


@requires("intel.share")
def partner_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    actor = actor_of(request)
    source = selectors.partner_source(actor, source_id)
    return render(
        request,
        "intel/partner_detail.html",
        {
            "source": source,
            "documents": selectors.source_bundles(actor, source)[:200],
            "indicators": selectors.source_indicators(actor, source),
        },
    )
