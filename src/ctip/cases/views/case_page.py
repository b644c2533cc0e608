"""The case page, its status and consent, and what is printed from it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctip.cases import actions, ports, selectors
from ctip.cases.engine.non_punishment import NonPunishmentError
from ctip.cases.forms import (
    AssignForm,
    CompoundForm,
    ConsentForm,
    DecisionForm,
    DeliveryForm,
    DocumentForm,
    HandoverForm,
    IndicatorForm,
    PlanForm,
    ReferralForm,
    ScheduleForm,
    ShareForm,
    TransitionForm,
)
from ctip.cases.labels import language
from ctip.cases.views.children import child_context
from ctip.cases.views.common import case_form_post
from ctip.compounds import selectors as compound_selectors
from ctip.core.access import requires
from ctip.core.auth import actor_of


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
    return case_form_post(
        request,
        case_id,
        TransitionForm,
        lambda actor, case, data: actions.case_transition(
            actor=actor,
            case=case,
            target=data["target"],
            version=data["version"],
            reason=data["reason"],
        ),
        _("Status changed."),
    )


@requires("cases.change_case")
@require_POST
def case_consent(request: HttpRequest, case_id: int) -> HttpResponse:
    return case_form_post(
        request,
        case_id,
        ConsentForm,
        lambda actor, case, data: actions.consent_record(
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
