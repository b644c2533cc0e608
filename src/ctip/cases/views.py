"""Pages of the cases app: worker's list, intake, handover import, case page and its actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctip.cases import actions, documents, imports, jobs, ports, search, selectors
from ctip.cases.actions.compound import chosen_compound
from ctip.cases.engine.non_punishment import (
    NonPunishmentError,
)
from ctip.cases.engine.questionnaire import (
    load_questionnaire,
)
from ctip.cases.forms import (
    AssignForm,
    CompoundForm,
    ConsentForm,
    DecisionForm,
    DeliveryForm,
    DocumentForm,
    FollowUpForm,
    HandoverForm,
    ImportForm,
    IndicatorForm,
    IntakeForm,
    LinkForm,
    PlanForm,
    ReferralAnswerForm,
    ReferralForm,
    ScheduleForm,
    ShareForm,
    StatementForm,
    TransitionForm,
    screening_form,
)
from ctip.cases.labels import label_in, language, support_label
from ctip.cases.models import (
    Case,
    Person,
    PersonLink,
)
from ctip.cases.views_children import child_context
from ctip.cases.views_common import explain, invalid, run, to_form
from ctip.compounds import selectors as compound_selectors
from ctip.core import jobs as core_jobs
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.core.forms import add_errors
from ctip.core.pagination import page_of

# Lists and intake ------------------------------------------------------------------------------


@requires("cases.view_case")
def case_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    show = request.GET.get("show", "mine")
    found = selectors.case_list_page(actor, show=show, page_number=request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": found.page,
            "show": show,
            "query": f"show={show}",
            "overdue": found.overdue,
            "incoming": found.incoming,
            "incoming_handovers": found.incoming_handovers,
        },
    )


@requires("cases.intake")
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = IntakeForm(
        request.POST or None,
        initial={"intake_date": timezone.localdate()},
        actor=actor,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        age = data["age"]
        try:
            result = actions.case_open(
                actor=actor,
                data=actions.CaseOpenInput(
                    idempotency_key=f"form:{actor.pk}:{data['idempotency_key']}",
                    full_name=data["full_name"],
                    sex=data["sex"],
                    birth_date=data["birth_date"],
                    age_min=age,
                    age_max=age,
                    age_basis=data["age_basis"],
                    identity_number=data["identity_number"],
                    phone=data["phone"],
                    home_province=data["home_province"],
                    intake_channel=data["intake_channel"],
                    intake_date=data["intake_date"],
                    exploitation_country=data["exploitation_country"],
                    compound=data["compound"],
                    compound_id=data.get("compound_id"),
                    exit_mode=data["exit_mode"],
                    assigned_worker=actor,
                    consent_processing=data["consent_processing"],
                    consent_later_contact=data["consent_later_contact"],
                ),
            )
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            if result.created:
                messages.success(request, _("Case %s opened.") % result.case.reference)
            else:
                messages.info(request, _("This form was already sent; here is the case."))
            return redirect("cases:detail", case_id=result.case.pk)
    return render(
        request, "cases/case_new.html", {"form": form}, status=400 if form.errors else 200
    )


@requires("cases.intake")
@require_http_methods(["GET", "POST"])
def case_import(request: HttpRequest) -> HttpResponse:
    """Check the list is readable, then import it in the background (ctip.cases.jobs)."""
    actor = actor_of(request)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"handover_date": timezone.localdate(), "intake_channel": "handover"},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            imports.check_list(
                file_name=upload.name or "",
                content=content,
                handover_date=form.cleaned_data["handover_date"],
            )
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            job = core_jobs.start(
                actor=actor,
                kind=jobs.IMPORT,
                params={
                    "handover_date": form.cleaned_data["handover_date"].isoformat(),
                    "intake_channel": form.cleaned_data["intake_channel"],
                    "exploitation_country": form.cleaned_data["exploitation_country"],
                },
                upload=content,
                upload_name=upload.name or "",
            )
            return redirect("core:job", job.pk)
    return render(
        request,
        "cases/case_import.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# The case page ---------------------------------------------------------------------------------


@requires("cases.view_case")
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    page = selectors.case_page(actor, case_id, language())
    found = page.file
    case, plan = found.case, found.plan
    context = {
        "case": case,
        "person": found.person,
        "leads": page.leads,
        "receiving": page.receiving,
        "timeline": page.timeline,
        "screenings": found.screenings,
        "latest": page.latest,
        "latest_label": page.recommendation,
        "findings": page.findings,
        "answers": page.answers,
        "statements": page.statements,
        "decisions": found.decisions,
        "consent": found.consent,
        "consent_agencies": found.consent.agencies if found.consent else [],
        "referrals": found.referrals,
        "deliveries": found.deliveries,
        "followups": found.followups,
        "today": timezone.localdate(),
        "plan": plan,
        "plan_support": page.plan_support,
        "shares": found.shares,
        "handovers": page.handovers,
        "handover_form": (
            HandoverForm(
                initial={"version": case.version}, targets=selectors.handover_targets(case)
            )
            if page.leads and actor.has_ctip_perm("cases.intake")
            else None
        ),
        "held_elsewhere": page.held_elsewhere,
        **child_context(case),
        "plan_form": PlanForm(
            initial={
                "goals": plan.goals,
                "support_types": plan.support_types,
                "version": plan.version,
            }
            if plan
            else {"version": 0}
        ),
        "assign_form": AssignForm(
            initial={"version": case.version, "worker": case.assigned_worker_id},
            agency=case.lead_agency,
        ),
        "share_form": ShareForm(lead=case.lead_agency),
        "compound_form": CompoundForm(
            initial={"version": case.version, "compound_id": case.linked_compound_id},
            actor=actor,
        ),
        "linked_compound": compound_selectors.compound_ref(actor, case.linked_compound_id)
        if actor.has_ctip_perm("compounds.view")
        else None,
        "schedule_form": ScheduleForm(initial={"start": timezone.localdate()}),
        "documents": page.documents,
        "proceedings": ports.proceedings_stages(actor, case.pk),
        "contacts": page.contacts,
        "indicator_form": IndicatorForm(),
        "document_form": DocumentForm(),
        "transition_form": TransitionForm(initial={"version": case.version}, targets=page.targets),
        "consent_form": ConsentForm(initial={"given_on": timezone.localdate()}),
        "decision_form": DecisionForm(initial={"decided_on": timezone.localdate()}),
        "referral_form": ReferralForm(),
        "delivery_form": DeliveryForm(initial={"delivered_on": timezone.localdate()}),
        "can": {
            code.split(".")[1]: actor.has_ctip_perm(code)
            for code in (
                "cases.change_case",
                "cases.screen",
                "cases.identify",
                "cases.approve",
                "cases.refer",
                "cases.export",
                "cases.merge",
                "cases.view_sensitive",
            )
        },
    }
    return render(request, "cases/case_detail.html", context)


@requires("cases.change_case")
@require_POST
def case_move(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    return run(
        request,
        case,
        lambda: actions.case_transition(
            actor=actor,
            case=case,
            target=form.cleaned_data["target"],
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        ),
        _("Status changed."),
    )


@requires("cases.change_case")
@require_POST
def case_consent(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    return run(
        request,
        case,
        lambda: actions.consent_record(
            actor=actor,
            case=case,
            data=actions.ConsentInput(
                processing=data["processing"],
                later_contact=data["later_contact"],
                share_agencies=list(data["share_agencies"]),
                given_on=data["given_on"],
            ),
        ),
        _("Consent recorded."),
    )


@requires("cases.screen")
@require_http_methods(["GET", "POST"])
def case_screening(request: HttpRequest, case_id: int) -> HttpResponse:
    """The interview one section at a time, with a draft kept between sections.

    "Next", "Previous" and "Save the draft" keep the answers so far (encrypted, seen by the
    author and the lead agency); "Save the interview" on the last section records it. A post
    without a section button records the answers it carries in one go.
    """
    actor = actor_of(request)
    case = selectors.open_case(actor, case_id, permission="cases.screen")
    lang = request.GET.get("lang") or language()
    lang = lang if lang in {"vi", "en"} else "vi"
    questionnaire = load_questionnaire()
    stages = questionnaire.stages
    draft = selectors.screening_draft(actor, case)
    section = _section_number(request.GET.get("section"), draft, len(stages))
    stage = stages[section - 1]
    go = request.POST.get("go", "")
    form = screening_form(questionnaire, lang, request.POST or None)
    form.fields["interviewed_on"].required = False
    if not request.POST:
        initial: dict[str, Any] = {
            "version": case.version,
            "interviewed_on": timezone.localdate(),
        }
        if draft is not None:
            initial.update(draft.answers)
            initial["minor_at_recruitment"] = draft.minor
            if draft.interviewed_on:
                initial["interviewed_on"] = draft.interviewed_on
        form.initial = initial
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        asked = questionnaire.by_stage(stage.code) if go else questionnaire.questions
        answers = dict(draft.answers) if (draft is not None and go) else {}
        for question in asked:
            if data.get(question.id):
                answers[question.id] = data[question.id]
            else:
                answers.pop(question.id, None)
        first = section == 1 or not go
        interviewed_on = data["interviewed_on"] if first else None
        if interviewed_on is None and draft is not None and draft.interviewed_on:
            interviewed_on = dt.date.fromisoformat(draft.interviewed_on)
        minor = data["minor_at_recruitment"] if first else bool(draft and draft.minor)
        if go in {"next", "previous", "draft"}:
            target = {"next": section + 1, "previous": section - 1}.get(go, section)
            target = min(max(target, 1), len(stages))
            try:
                actions.screening_draft_save(
                    actor=actor,
                    case=case,
                    data=actions.ScreeningDraftInput(
                        answers=answers,
                        section=target,
                        interviewed_on=interviewed_on,
                        minor_at_recruitment=minor,
                    ),
                )
            except ValidationError as exc:
                to_form(form, exc)
            else:
                if go == "draft":
                    messages.success(
                        request, _("Draft saved. You can come back to it from the case page.")
                    )
                    return redirect("cases:detail", case_id=case.pk)
                return redirect(
                    f"{reverse('cases:screening', args=[case.pk])}?section={target}&lang={lang}"
                )
        elif interviewed_on is None:
            form.add_error(None, _("Give the date of the interview in the first section."))
        else:
            try:
                actions.screening_record(
                    actor=actor,
                    case=case,
                    data=actions.ScreeningInput(
                        answers=answers,
                        interviewed_on=interviewed_on,
                        version=data["version"],
                        minor_at_recruitment=minor,
                    ),
                )
            except (ValidationError, actions.Conflict) as exc:
                to_form(form, exc)
            else:
                messages.success(request, _("Screening interview saved."))
                return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/case_screening.html",
        {
            "case": case,
            "form": form,
            "stage": {
                "label": label_in(stage.label, lang),
                "fields": [form[q.id] for q in questionnaire.by_stage(stage.code)],
            },
            "section": section,
            "sections": len(stages),
            "progress": [
                {
                    "number": n,
                    "label": label_in(s.label, lang),
                    "current": n == section,
                }
                for n, s in enumerate(stages, start=1)
            ],
            "draft": draft,
            "lang": lang,
            "title": label_in(questionnaire.title, lang),
            "statement_form": StatementForm(initial={"interviewed_on": timezone.localdate()}),
        },
        status=400 if form.errors else 200,
    )


def _section_number(raw: str | None, draft: Any, count: int) -> int:
    """The section asked for, else where the draft was left, else the first; always in range."""
    try:
        number = int(raw) if raw else (draft.section if draft is not None else 1)
    except ValueError:
        number = 1
    return min(max(number, 1), count)


@requires("cases.screen")
@require_POST
def case_statement(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission="cases.screen")
    form = StatementForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    act = {k: data[k] for k in ("act", "coercion", "description", "place", "period")}
    return run(
        request,
        case,
        lambda: actions.statement_record(
            actor=actor, case=case, acts=[act], interviewed_on=data["interviewed_on"]
        ),
        _("Statement on forced acts recorded."),
    )


@requires("cases.export")
def case_note(request: HttpRequest, case_id: int) -> HttpResponse:
    """The printable non-punishment note, carrying the name of who printed it."""
    actor = actor_of(request)
    case = selectors.open_case(actor, case_id, permission="cases.export")
    text = ""
    try:
        text = selectors.non_punishment_note(case, language())
    except NonPunishmentError as error:
        messages.error(request, str(error))
    actions.export_recorded(actor=actor, case=case, kind="non_punishment_note")
    return render(
        request,
        "cases/case_note.html",
        {"case": case, "text": text, "printed_by": actor, "now": timezone.now()},
    )


@requires("cases.export")
def case_print(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.open_case(actor, case_id, permission="cases.export")
    actions.export_recorded(actor=actor, case=case, kind="case_summary")
    found = selectors.file_of(actor, case)
    return render(
        request,
        "cases/case_print.html",
        {
            "case": case,
            "person": found.person,
            "printed_by": actor,
            "now": timezone.now(),
            "decisions": found.decisions,
            "referrals": found.referrals,
            "deliveries": found.deliveries,
            "followups": found.followups,
        },
    )


# Plan, worker, sharing -------------------------------------------------------------------------


@requires("cases.change_case")
@require_POST
def case_plan(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    return run(
        request,
        case,
        lambda: actions.plan_save(
            actor=actor,
            case=case,
            goals=form.cleaned_data["goals"],
            support_types=form.cleaned_data["support_types"],
            version=form.cleaned_data["version"],
        ),
        _("Case plan saved."),
    )


@requires("cases.change_case")
@require_POST
def case_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = AssignForm(request.POST, agency=case.lead_agency)
    if not form.is_valid():
        return invalid(request, case, form)
    return run(
        request,
        case,
        lambda: actions.case_assign(
            actor=actor,
            case=case,
            worker=form.cleaned_data["worker"],
            version=form.cleaned_data["version"],
        ),
        _("Worker assigned."),
    )


@requires("cases.change_case")
@require_POST
def case_compound(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = CompoundForm(request.POST, actor=actor)
    if not form.is_valid():
        return invalid(request, case, form)
    chosen = form.cleaned_data["compound_id"]
    name = form.cleaned_data["compound_name"].strip()
    if chosen is None and name:
        chosen = chosen_compound(actor, None, name)
        if chosen is None:
            form.add_error("compound_name", _("No single compound of the register has this name."))
            return invalid(request, case, form)
    return run(
        request,
        case,
        lambda: actions.case_compound_link(
            actor=actor,
            case=case,
            data=actions.CaseCompoundInput(
                compound_id=chosen, version=form.cleaned_data["version"]
            ),
        ),
        _("Compound saved."),
    )


@requires("cases.change_case")
@require_POST
def case_share(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = ShareForm(request.POST, lead=case.lead_agency)
    if not form.is_valid():
        return invalid(request, case, form)
    return run(
        request,
        case,
        lambda: actions.case_share(
            actor=actor,
            case=case,
            data=actions.ShareInput(
                agency=form.cleaned_data["agency"],
                reason=form.cleaned_data["reason"],
                override_reason=form.cleaned_data["override_reason"],
            ),
        ),
        _("Case shared."),
    )


@requires("cases.change_case")
@require_POST
def share_revoke(request: HttpRequest, share_id: int) -> HttpResponse:
    actor = actor_of(request)
    share = selectors.share(actor, share_id)
    return run(
        request,
        share.case,
        lambda: actions.share_revoke(actor=actor, share=share),
        _("Sharing ended."),
    )


@requires("cases.change_case")
@require_POST
def case_schedule(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    return run(
        request,
        case,
        lambda: actions.followup_schedule(actor=actor, case=case, start=form.cleaned_data["start"]),
        _("Follow-ups scheduled."),
    )


# Contacts named in the person's account ----------------------------------------------------


@requires("cases.change_case")
@require_POST
def case_indicator_add(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = IndicatorForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    return run(
        request,
        case,
        lambda: actions.indicator_add(
            actor=actor,
            case=case,
            data=actions.ContactInput(
                kind=data["kind"], value=data["value"], detail=data["detail"], note=data["note"]
            ),
        ),
        _("Contact recorded."),
    )


@requires("cases.change_case")
@require_POST
def case_indicator_remove(request: HttpRequest, contact_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.case_indicator(actor, contact_id)
    return run(
        request,
        found.case,
        lambda: actions.indicator_remove(actor=actor, indicator=found),
        _("Contact removed."),
    )


# Documents -------------------------------------------------------------------------------------


@requires("cases.change_case")
@require_POST
@csrf_exempt
def case_document_add(request: HttpRequest, case_id: int) -> HttpResponse:
    # The upload handlers must be replaced before anything reads the body, the CSRF check
    # included: the default ones would spool a large file in clear to the temporary folder.
    request.upload_handlers = [documents.MemoryOnlyUploadHandler(request)]
    return _document_add(request, case_id)


@csrf_protect
def _document_add(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = DocumentForm(request.POST, request.FILES)
    if getattr(request, "upload_too_large", False):
        messages.error(
            request,
            _("The file is larger than %(max)s MB.") % {"max": documents.MAX_BYTES // 2**20},
        )
        return redirect("cases:detail", case_id=case.pk)
    if not form.is_valid():
        return invalid(request, case, form)
    upload = form.cleaned_data["file"]
    return run(
        request,
        case,
        lambda: actions.document_add(
            actor=actor,
            case=case,
            data=actions.DocumentInput(
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                file_name=upload.name or "",
                content=upload.read(),
            ),
        ),
        _("File attached."),
    )


@requires("cases.view_case")
@require_GET
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    """The decrypted file, as a download (never shown inline), audited."""
    actor = actor_of(request)
    found = selectors.document(actor, document_id)
    try:
        content = selectors.document_content(actor, found)
    except documents.DocumentError:
        messages.error(request, _("This file cannot be read. Tell your administrator."))
        return redirect("cases:detail", case_id=found.case_id)
    return documents.attachment(found, content)


# Identification ------------------------------------------------------------------------------


@requires("cases.identify")
@require_POST
def case_decide(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission="cases.identify")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    return run(
        request,
        case,
        lambda: actions.identification_decide(
            actor=actor,
            case=case,
            data=actions.DecisionInput(
                outcome=data["outcome"],
                legal_basis=data["legal_basis"],
                evidence=data["evidence"].splitlines(),
                decided_on=data["decided_on"],
            ),
        ),
        _("Decision recorded; it needs a supervisor's approval."),
    )


@requires("cases.approve")
@require_POST
def decision_approve(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = actor_of(request)
    decision = selectors.decision(actor, decision_id)
    return run(
        request,
        decision.case,
        lambda: actions.identification_approve(actor=actor, decision=decision),
        _("Decision approved."),
    )


# Support ---------------------------------------------------------------------------------------


@requires("cases.refer")
@require_POST
def case_refer(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id, permission="cases.refer")
    form = ReferralForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    return run(
        request,
        case,
        lambda: actions.referral_send(
            actor=actor,
            case=case,
            data=actions.ReferralInput(
                provider=data["provider"],
                services=data["services"],
                note=data["note"],
                override_reason=data["override_reason"],
            ),
        ),
        _("Referral sent."),
    )


@requires("cases.refer")
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The receiving agency's view of a referral: what is asked, accept or decline."""
    actor = actor_of(request)
    referral = selectors.referral(actor, referral_id)
    form = ReferralAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.referral_answer(
                actor=actor,
                referral=referral,
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, actions.Conflict) as exc:
            explain(request, exc)
        else:
            messages.success(request, _("Referral answered."))
            return redirect("cases:referral", referral_id=referral.pk)
    return render(
        request,
        "cases/referral.html",
        {
            "referral": referral,
            "form": form,
            "receives": actions.receives(actor, referral),
            "services": [support_label(code) for code in referral.services],
        },
        status=400 if form.errors else 200,
    )


@requires("cases.change_case")
@require_POST
def case_delivery(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.case(actor, case_id)
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        return invalid(request, case, form)
    data = form.cleaned_data
    return run(
        request,
        case,
        lambda: actions.delivery_record(
            actor=actor,
            case=case,
            data=actions.DeliveryInput(
                support_type=data["support_type"],
                delivered_on=data["delivered_on"],
                cost=data["cost"],
                note=data["note"],
            ),
        ),
        _("Support recorded."),
    )


@requires("cases.change_case")
@require_http_methods(["GET", "POST"])
def followup_detail(request: HttpRequest, followup_id: int) -> HttpResponse:
    actor = actor_of(request)
    item = selectors.followup(actor, followup_id)
    form = FollowUpForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            actions.followup_complete(
                actor=actor,
                followup=item,
                done_on=form.cleaned_data["done_on"],
                outcomes=form.outcomes(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_errors(exc, form)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("cases:detail", case_id=item.case_id)
    return render(
        request,
        "cases/followup.html",
        {"item": item, "form": form},
        status=400 if form.errors else 200,
    )


# Duplicates --------------------------------------------------------------------------------------


@requires("cases.merge")
@require_http_methods(["GET", "POST"])
def case_duplicates(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = actor_of(request)
    case = selectors.open_case(actor, case_id, permission="cases.merge")
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = get_object_or_404(
            Person.objects.filter(Person.scope_q(actor)), pk=form.cleaned_data["other"]
        )
        try:
            actions.person_link(
                actor=actor,
                person=case.person,
                other=other,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                score=None,
            )
        except ValidationError as exc:
            explain(request, exc)
        else:
            messages.success(request, _("Records linked."))
        return redirect("cases:duplicates", case_id=case.pk)
    links = PersonLink.objects.filter(person=case.person).order_by("-created_at")
    return render(
        request,
        "cases/duplicates.html",
        {
            "case": case,
            "candidates": selectors.duplicate_candidates(actor, case),
            "links": links,
        },
        status=400 if form.errors else 200,
    )


@requires("cases.merge")
@require_POST
def link_undo(request: HttpRequest, link_id: int) -> HttpResponse:
    actor = actor_of(request)
    found = selectors.link(actor, link_id)
    try:
        actions.link_undo(actor=actor, link=found)
    except ValidationError as exc:
        explain(request, exc)
    else:
        messages.success(request, _("Link undone."))
    case = Case.objects.filter(person=found.person).order_by("-pk").first()
    if case is None:
        return redirect("cases:list")
    return redirect("cases:duplicates", case_id=case.pk)


@requires("cases.view_case")
def provider_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.providers(actor_of(request))
    return render(request, "cases/provider_list.html", {"page": page_of(request, rows)})


@requires("cases.view_case")
def case_search(request: HttpRequest) -> HttpResponse:
    """Search cases within scope by name, identity number or phone (every search audited)."""
    actor = actor_of(request)
    query = request.GET.get("q", "")
    context: dict[str, Any] = {"query": query}
    if query.strip():
        try:
            context["result"] = search.search_cases(actor, query)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
    return render(
        request, "cases/search.html", context, status=400 if context.get("error") else 200
    )
