"""Pages of criminal proceedings: thin views over actions and selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ctip.core import posting
from ctip.core.access import requires
from ctip.core.auth import actor_of
from ctip.proceedings import actions, figures, selectors
from ctip.proceedings.forms import (
    AccusedForm,
    AssetForm,
    AssetStatusForm,
    ChargeForm,
    CompensationForm,
    DecisionForm,
    DenunciationForm,
    ExtensionForm,
    InitiateForm,
    JointForm,
    LinkForm,
    MeasureForm,
    OutcomeForm,
    PeriodForm,
    ResolutionForm,
    SentenceForm,
    ShareForm,
    TransferForm,
    VictimForm,
)


def _apply(form: Form, run: Callable[[dict[str, Any]], Any]) -> Any:
    """Run the action on a valid form; its refusal becomes the form's errors (``None``)."""
    if not form.is_valid():
        return None
    try:
        return run(form.cleaned_data)
    except posting.REFUSALS as error:
        posting.to_form(form, error)
        return None


@requires("proceedings.view")
def denunciation_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    open_only = request.GET.get("open") == "1"
    rows = selectors.denunciations(actor, open_only=open_only)
    return render(
        request, "proceedings/denunciation_list.html", {"rows": rows, "open_only": open_only}
    )


@requires("proceedings.receive")
@require_http_methods(["GET", "POST"])
def denunciation_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = DenunciationForm(
        request.POST or None,
        initial={"received_on": timezone.localdate(), "source_kind": "none"},
    )
    return posting.submit(
        request,
        form,
        lambda d: actions.denunciation_receive(
            actor=actor,
            data=actions.DenunciationInput(
                kind=d["kind"],
                received_on=d["received_on"],
                summary=d["summary"],
                source_kind=d["source_kind"],
                source_case_id=d["source_case_id"],
                source_reference=d["source_reference"],
            ),
        ),
        lambda found: redirect("proceedings:denunciation", found.pk),
        lambda: posting.form_page(request, "proceedings/denunciation_new.html", form),
        _("Denunciation recorded."),
    )


def _denunciation_page(
    request: HttpRequest, denunciation_id: int, *, status: int = 200, **forms: Form
) -> HttpResponse:
    view = selectors.denunciation(actor_of(request), denunciation_id)
    context = {
        "d": view,
        "extend_form": forms.get("extend_form") or ExtensionForm(),
        "resolve_form": forms.get("resolve_form")
        or ResolutionForm(initial={"decided_on": timezone.localdate()}),
    }
    return render(request, "proceedings/denunciation_detail.html", context, status=status)


@requires("proceedings.view")
def denunciation_detail(request: HttpRequest, denunciation_id: int) -> HttpResponse:
    return _denunciation_page(request, denunciation_id)


@requires("proceedings.receive")
@require_POST
def denunciation_extend(request: HttpRequest, denunciation_id: int) -> HttpResponse:
    return posting.post(
        request,
        lambda actor: denunciation_id,
        lambda _: redirect("proceedings:denunciation", denunciation_id),
        lambda actor, _, data: actions.denunciation_extend(
            actor=actor, data=actions.ExtensionInput(denunciation_id=denunciation_id, **data)
        ),
        _("Time limit extended."),
        form_class=ExtensionForm,
        again=lambda _, form: _denunciation_page(
            request, denunciation_id, status=400, extend_form=form
        ),
    )


@requires("proceedings.decide")
@require_POST
def denunciation_resolve(request: HttpRequest, denunciation_id: int) -> HttpResponse:
    actor = actor_of(request)
    form = ResolutionForm(request.POST)
    done = _apply(
        form,
        lambda d: actions.denunciation_resolve(
            actor=actor,
            data=actions.ResolutionInput(
                denunciation_id=denunciation_id,
                resolution=d["resolution"],
                decided_on=d["decided_on"],
                note=d["note"],
                transferred_to_id=d["transferred_to"].pk if d["transferred_to"] else None,
                case_title=d["case_title"],
                seriousness=d["seriousness"],
            ),
        ),
    )
    if done is None:
        return _denunciation_page(request, denunciation_id, status=400, resolve_form=form)
    if done.decided_late:
        messages.warning(request, _("Resolved after the time limit: this is flagged."))
    else:
        messages.success(request, _("Denunciation resolved."))
    if done.criminal_case_id:
        return redirect("proceedings:case", done.criminal_case_id)
    return redirect("proceedings:denunciation", denunciation_id)


@requires("proceedings.view")
def case_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.criminal_cases(actor_of(request), stage=request.GET.get("stage", ""))
    return render(request, "proceedings/case_list.html", {"rows": rows})


@requires("proceedings.decide")
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = InitiateForm(request.POST or None, initial={"initiated_on": timezone.localdate()})
    return posting.submit(
        request,
        form,
        lambda d: actions.case_initiate(actor=actor, data=actions.InitiateInput(**d)),
        lambda found: redirect("proceedings:case", found.pk),
        lambda: posting.form_page(request, "proceedings/case_new.html", form),
        _("Criminal case initiated."),
    )


def _choices(
    file: selectors.CaseFile,
) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]]]:
    people = [(a.id, a.full_name) for a in file.accused]
    charges = [(c.id, f"{a.full_name}: {c.article}") for a in file.accused for c in a.charges]
    victims = [(v.id, f"#{v.id}") for v in file.victims]
    return people, charges, victims


def _joints(file: selectors.CaseFile) -> list[tuple[int, str]]:
    return [(j.id, f"{j.number} ({j.counterpart})") for j in file.joints]


def _case_page(
    request: HttpRequest, criminal_case_id: int, *, status: int = 200, **forms: Form
) -> HttpResponse:
    actor = actor_of(request)
    file = selectors.case_file(actor, criminal_case_id)
    people, charges, victims = _choices(file)
    today = timezone.localdate()
    context = {
        "file": file,
        "decision_form": forms.get("decision_form")
        or DecisionForm(initial={"decided_on": today, "version": file.version}),
        "accused_form": forms.get("accused_form") or AccusedForm(),
        "charge_form": forms.get("charge_form") or ChargeForm(people=people),
        "victim_form": forms.get("victim_form") or VictimForm(),
        "measure_form": forms.get("measure_form")
        or MeasureForm(people=people, initial={"starts_on": today}),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(people=people),
        "sentence_form": forms.get("sentence_form") or SentenceForm(charges=charges),
        "compensation_form": forms.get("compensation_form") or CompensationForm(victims=victims),
        "link_form": forms.get("link_form") or LinkForm(),
        "asset_form": forms.get("asset_form")
        or AssetForm(victims=victims, initial={"status_on": today}),
        "share_form": forms.get("share_form") or ShareForm(),
        "asset_status_form": forms.get("asset_status_form")
        or AssetStatusForm(victims=victims, initial={"status_on": today}),
        "joint_form": forms.get("joint_form") or JointForm(),
        "transfer_form": forms.get("transfer_form")
        or TransferForm(people=people, joints=_joints(file), initial={"transferred_on": today}),
        "can": {
            code.split(".")[1]: actor.has_ctip_perm(code)
            for code in ("proceedings.decide", "proceedings.record", "proceedings.share")
        },
    }
    return render(request, "proceedings/case_detail.html", context, status=status)


@requires("proceedings.view")
def case_detail(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    return _case_page(request, criminal_case_id)


def _case_post(
    request: HttpRequest,
    criminal_case_id: int,
    name: str,
    form: Callable[..., Form],
    run: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A form posted from the criminal case's page (``ctip.core.posting``): refused, the page
    again with the form ``name`` and its errors."""
    return posting.post(
        request,
        lambda actor: criminal_case_id,
        lambda _: redirect("proceedings:case", criminal_case_id),
        lambda actor, _, data: run(data),
        done,
        form_class=form,
        again=lambda _, posted: _case_page(request, criminal_case_id, status=400, **{name: posted}),
    )


@requires("proceedings.decide")
@require_POST
def case_decide(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _case_post(
        request,
        criminal_case_id,
        "decision_form",
        DecisionForm,
        lambda d: actions.case_decide(
            actor=actor,
            data=actions.DecisionInput(
                case_id=criminal_case_id,
                kind=d["kind"],
                decided_on=d["decided_on"],
                agency_id=d["agency"].pk if d["agency"] else None,
                note=d["note"],
                version=d["version"],
            ),
        ),
        _("Decision recorded."),
    )


@requires("proceedings.record")
@require_POST
def accused_add(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _case_post(
        request,
        criminal_case_id,
        "accused_form",
        AccusedForm,
        lambda d: actions.accused_add(
            actor=actor, data=actions.AccusedInput(case_id=criminal_case_id, **d)
        ),
        _("Person recorded."),
    )


@requires("proceedings.record")
@require_POST
def charge_add(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    file = selectors.case_file(actor, criminal_case_id)
    form = partial(ChargeForm, people=[(a.id, a.full_name) for a in file.accused])
    return _case_post(
        request,
        criminal_case_id,
        "charge_form",
        form,
        lambda d: actions.charge_add(
            actor=actor,
            data=actions.ChargeInput(
                accused_id=d["accused"], article=d["article"], act=d["act"], clause=d["clause"]
            ),
        ),
        _("Charge recorded."),
    )


@requires("proceedings.record")
@require_POST
def victim_add(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _case_post(
        request,
        criminal_case_id,
        "victim_form",
        VictimForm,
        lambda d: actions.victim_add(
            actor=actor,
            data=actions.VictimInput(
                case_id=criminal_case_id,
                protection_case_id=d["protection_case_id"],
                sex=d["sex"],
                under_16=d["under_16"],
                under_18=d["under_18"],
                witness_status=d["witness_status"],
                protection_measures=tuple(d["protection_measures"]),
                legal_aid=d["legal_aid"],
            ),
        ),
        _("Victim added."),
    )


@requires("proceedings.record")
@require_POST
def link_add(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _case_post(
        request,
        criminal_case_id,
        "link_form",
        LinkForm,
        lambda d: actions.link_add(
            actor=actor, data=actions.LinkInput(case_id=criminal_case_id, **d)
        ),
        _("Linked."),
    )


@requires("proceedings.record")
@require_POST
def asset_add(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    file = selectors.case_file(actor, criminal_case_id)
    form = partial(AssetForm, victims=[(v.id, f"#{v.id}") for v in file.victims])
    return _case_post(
        request,
        criminal_case_id,
        "asset_form",
        form,
        lambda d: actions.asset_record(
            actor=actor,
            data=actions.AssetInput(
                case_id=criminal_case_id,
                description=d["description"],
                amount_vnd=d["amount"].vnd if d["amount"] else 0,
                status=d["status"],
                status_on=d["status_on"],
                returned_to_id=d["returned_to"],
            ),
        ),
        _("Asset recorded."),
    )


@requires("proceedings.share")
@require_POST
def file_share(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _case_post(
        request,
        criminal_case_id,
        "share_form",
        ShareForm,
        lambda d: actions.file_share(
            actor=actor, data=actions.ShareInput(case_id=criminal_case_id, agency_id=d["agency"].pk)
        ),
        _("File shared."),
    )


def _file_choices(request: HttpRequest, criminal_case_id: int) -> Any:
    return _choices(selectors.case_file(actor_of(request), criminal_case_id))


@requires("proceedings.record")
@require_POST
def measure_add(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    people, _charges, _victims = _file_choices(request, criminal_case_id)
    return _case_post(
        request,
        criminal_case_id,
        "measure_form",
        partial(MeasureForm, people=people),
        lambda d: actions.measure_add(
            actor=actor,
            data=actions.MeasureInput(
                accused_id=d["accused"],
                kind=d["kind"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
            ),
        ),
        _("Measure recorded."),
    )


@requires("proceedings.record")
@require_POST
def outcome_record(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    people, _charges, _victims = _file_choices(request, criminal_case_id)
    return _case_post(
        request,
        criminal_case_id,
        "outcome_form",
        partial(OutcomeForm, people=people),
        lambda d: actions.outcome_record(
            actor=actor, data=actions.OutcomeInput(accused_id=d["accused"], outcome=d["outcome"])
        ),
        _("Outcome recorded."),
    )


@requires("proceedings.record")
@require_POST
def sentence_record(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    _people, charges, _victims = _file_choices(request, criminal_case_id)
    return _case_post(
        request,
        criminal_case_id,
        "sentence_form",
        partial(SentenceForm, charges=charges),
        lambda d: actions.sentence_record(
            actor=actor,
            data=actions.SentenceInput(
                charge_id=d["charge"],
                kind=d["kind"],
                months=d["months"],
                fine_vnd=d["fine"].vnd if d["fine"] else None,
            ),
        ),
        _("Sentence recorded."),
    )


@requires("proceedings.record")
@require_POST
def victim_compensation(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    _people, _charges, victims = _file_choices(request, criminal_case_id)
    return _case_post(
        request,
        criminal_case_id,
        "compensation_form",
        partial(CompensationForm, victims=victims),
        lambda d: actions.victim_compensation(
            actor=actor,
            data=actions.CompensationInput(
                victim_id=d["victim"],
                ordered_vnd=d["ordered"].vnd if d["ordered"] else None,
                paid_vnd=d["paid"].vnd if d["paid"] else None,
            ),
        ),
        _("Compensation recorded."),
    )


FIGURE_ROWS = [
    ("denunciations_handled", gettext_lazy("Denunciations and crime reports handled")),
    ("cases_investigated", gettext_lazy("Cases investigated")),
    ("offenders_investigated", gettext_lazy("Offenders investigated")),
    ("victims_investigated", gettext_lazy("Victims in cases investigated")),
    ("victims_male", gettext_lazy("of whom male")),
    ("victims_female", gettext_lazy("of whom female")),
    ("victims_under_16", gettext_lazy("of whom under 16")),
    ("victims_under_18", gettext_lazy("of whom under 18 (children, those under 16 included)")),
    ("cases_under_16", gettext_lazy("Cases of trafficking in persons under 16")),
    ("offenders_under_16", gettext_lazy("Offenders in those cases")),
    ("police_cases", gettext_lazy("Cases investigated by the police")),
    ("police_offenders", gettext_lazy("Offenders, police cases")),
    ("police_victims", gettext_lazy("Victims, police cases")),
    ("border_guard_cases", gettext_lazy("Cases investigated by the border guard")),
    ("border_guard_offenders", gettext_lazy("Offenders, border guard cases")),
    ("border_guard_victims", gettext_lazy("Victims, border guard cases")),
    ("prosecutions_initiated", gettext_lazy("Criminal cases initiated")),
    ("prosecutions_accused", gettext_lazy("Accused in cases initiated")),
    ("prosecutions_victims", gettext_lazy("Victims in cases initiated")),
    ("first_instance_accepted_cases", gettext_lazy("Cases accepted at first instance")),
    ("first_instance_accepted_defendants", gettext_lazy("Defendants in cases accepted")),
    ("first_instance_resolved_cases", gettext_lazy("Cases resolved at first instance")),
    ("first_instance_resolved_defendants", gettext_lazy("Defendants in cases resolved")),
    ("suspected_cases_verified", gettext_lazy("Suspected cases verified")),
    ("victims_confirmed", gettext_lazy("Victims confirmed")),
]


@requires("stats.view")
def figures_table(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PeriodForm(request.GET or {"start": today.replace(month=1, day=1), "end": today})
    rows: list[tuple[str, int, int, int]] = []
    table = None
    if form.is_valid():
        table = figures.proceedings_table(form.cleaned_data["start"], form.cleaned_data["end"])
        rows = [
            (
                str(label),
                getattr(table.current, name),
                getattr(table.previous, name),
                table.change[name],
            )
            for name, label in FIGURE_ROWS
        ]
    return render(
        request,
        "proceedings/figures.html",
        {"form": form, "rows": rows, "table": table},
        status=200 if form.is_valid() else 400,
    )


@requires("proceedings.share")
@require_POST
def file_share_revoke(request: HttpRequest, criminal_case_id: int, agency_id: int) -> HttpResponse:
    return posting.run(
        request,
        redirect("proceedings:case", criminal_case_id),
        lambda: actions.file_share_revoke(
            actor=actor_of(request),
            data=actions.ShareInput(case_id=criminal_case_id, agency_id=agency_id),
        ),
        _("Sharing ended."),
    )


@requires("proceedings.share")
@require_POST
def joint_share(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _case_post(
        request,
        criminal_case_id,
        "joint_form",
        JointForm,
        lambda d: actions.joint_share(
            actor=actor,
            data=actions.JointShareInput(
                case_id=criminal_case_id, counterpart_id=d["counterpart"].pk, summary=d["summary"]
            ),
        ),
        _("The case was shared with the counterpart abroad."),
    )


@requires("proceedings.record")
@require_POST
def accused_transfer(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    file = selectors.case_file(actor, criminal_case_id)
    people, _charges, _victims = _choices(file)
    form = partial(TransferForm, people=people, joints=_joints(file))
    return _case_post(
        request,
        criminal_case_id,
        "transfer_form",
        form,
        lambda d: actions.accused_transfer(
            actor=actor,
            data=actions.TransferInput(
                accused_id=d["accused"],
                joint_id=d["joint"],
                kind=d["kind"],
                direction=d["direction"],
                transferred_on=d["transferred_on"],
            ),
        ),
        _("Transfer recorded."),
    )


@requires("proceedings.record")
@require_POST
def asset_status(request: HttpRequest, criminal_case_id: int) -> HttpResponse:
    actor = actor_of(request)
    file = selectors.case_file(actor, criminal_case_id)
    form = partial(AssetStatusForm, victims=[(v.id, f"#{v.id}") for v in file.victims])
    # The asset is named by the button's form; one of this case's, or none.
    chosen = request.POST.get("asset", "")
    asset_id = next((a.id for a in file.assets if str(a.id) == chosen), 0)
    return _case_post(
        request,
        criminal_case_id,
        "asset_status_form",
        form,
        lambda d: actions.asset_status(
            actor=actor,
            data=actions.AssetStatusInput(
                asset_id=asset_id,
                status=d["status"],
                status_on=d["status_on"],
                returned_to_id=d["returned_to"],
            ),
        ),
        _("The asset's status was changed."),
    )
