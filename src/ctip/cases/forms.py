"""Forms of the cases pages: few fields, phone-friendly inputs, errors in the user's language."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctip.cases.engine.children import AGE_BASIS_LABELS
from ctip.cases.engine.followup import OUTCOME_DOMAINS
from ctip.cases.engine.non_punishment import COERCION_LABELS, FORCED_ACT_LABELS
from ctip.cases.engine.questionnaire import Questionnaire
from ctip.cases.engine.support import SUPPORT_TYPES
from ctip.cases.engine.workflow import (
    CASE_STATUS_LABELS,
    EXIT_MODE_LABELS,
    INTAKE_CHANNEL_LABELS,
)
from ctip.cases.labels import choices, label, label_in
from ctip.cases.models import (
    DocumentKind,
    IdentificationOutcome,
    IndicatorKind,
    ServiceProvider,
    Sex,
)
from ctip.compounds import selectors as compound_selectors
from ctip.core.models import Agency, Province, User
from ctip.core.values import CountryField, MoneyField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _support_choices() -> list[tuple[str, str]]:
    return [(c.value, label(i.label)) for c, i in SUPPORT_TYPES.items()]


class IntakeForm(forms.Form):
    """The two-minute intake: a name, how we met them, and what they agree to."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    age = forms.IntegerField(
        label=_("Or estimated age"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    age_basis = forms.ChoiceField(label=_("How the age was estimated"), required=False)
    identity_number = forms.CharField(
        label=_("Identity card or passport number"), max_length=40, required=False
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    home_province = forms.ModelChoiceField(
        label=_("Home province"), queryset=Province.objects.all(), required=False
    )
    intake_channel = forms.ChoiceField(label=_("How we met them"))
    intake_date = forms.DateField(label=_("Intake date"), widget=DATE)
    exploitation_country = CountryField(label=_("Country of exploitation"), required=False)
    compound = forms.CharField(
        label=_("Compound where they were held (as they name it)"),
        help_text=_("A name or alias of the register is linked to its compound."),
        max_length=200,
        required=False,
    )
    compound_id = forms.TypedChoiceField(
        label=_("Compound in the register"), required=False, coerce=int, empty_value=None
    )
    exit_mode = forms.ChoiceField(label=_("How they got out"))
    consent_processing = forms.BooleanField(
        label=_("Agrees that we record and use their data to help them"), required=False
    )
    consent_later_contact = forms.BooleanField(
        label=_("Agrees to be contacted later"), required=False
    )

    def __init__(self, *args: Any, actor: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        compounds = compound_choices(actor)
        if compounds:
            self.fields["compound_id"].choices = [("", _("Choose")), *compounds]
        else:
            del self.fields["compound_id"]
        # Nothing preselected: the officer says how they met them and how they got out.
        self.fields["intake_channel"].choices = [("", _("Choose")), *choices(INTAKE_CHANNEL_LABELS)]
        self.fields["exit_mode"].choices = [("", _("Choose")), *choices(EXIT_MODE_LABELS)]
        self.fields["age_basis"].choices = [("", "—"), *choices(AGE_BASIS_LABELS)]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class IdentityScanForm(forms.Form):
    """The text of the citizen card's QR code (or a passport's machine-readable zone), as a
    handheld scanner types it, a phone's camera reads it, or the officer pastes it."""

    scan = forms.CharField(
        label=_("Citizen identity card's QR code"),
        help_text=_(
            "Scan the QR code on the chip-based card, or paste its text: number|old "
            "number|name|date of birth|sex|address|date of issue. The fields below are "
            "filled for you to check; nothing is saved until the case is opened."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Handover list (CSV or XLSX)"))
    handover_date = forms.DateField(label=_("Handover date"), widget=DATE)
    intake_channel = forms.ChoiceField(label=_("Channel"), initial="handover")
    exploitation_country = CountryField(label=_("Country they were returned from"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intake_channel"].choices = choices(INTAKE_CHANNEL_LABELS)


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    target = forms.ChoiceField(label=_("Move to"))
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, targets: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(choices(CASE_STATUS_LABELS))
        self.fields["target"].choices = [
            (t, labels[t]) for t in (targets if targets is not None else labels)
        ]


class ConsentForm(forms.Form):
    processing = forms.BooleanField(
        label=_("Agrees that we record and use their data to help them"), required=False
    )
    later_contact = forms.BooleanField(label=_("Agrees to be contacted later"), required=False)
    share_agencies = forms.ModelMultipleChoiceField(
        label=_("Agrees that we share their case with"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DATE)


def screening_form(questionnaire: Questionnaire, lang: str, data: Any = None) -> forms.Form:
    """One field per question, grouped by stage in the template, in the interview language."""
    fields: dict[str, forms.Field] = {
        "version": forms.IntegerField(widget=forms.HiddenInput),
        "interviewed_on": forms.DateField(label=_("Interview date"), widget=DATE),
        "minor_at_recruitment": forms.BooleanField(
            label=_("Under 18 when recruited"), required=False
        ),
    }
    for question in questionnaire.questions:
        options = [(o.code, label_in(o.label, lang)) for o in question.options]
        text = label_in(question.text, lang)
        if question.kind == "multiple":
            fields[question.id] = forms.MultipleChoiceField(
                label=text, choices=options, required=False, widget=forms.CheckboxSelectMultiple
            )
        else:
            fields[question.id] = forms.ChoiceField(
                label=text,
                choices=[("", "—"), *options],
                required=False,
                widget=forms.RadioSelect if len(options) <= 4 else forms.Select,
            )
    form_class = type("ScreeningForm", (forms.Form,), fields)
    return form_class(data)


class StatementForm(forms.Form):
    act = forms.ChoiceField(label=_("Act the person was forced to commit"))
    coercion = forms.MultipleChoiceField(
        label=_("What forced them"), widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(
        label=_("In their words"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    period = forms.CharField(label=_("Period"), required=False, max_length=200)
    interviewed_on = forms.DateField(label=_("Date of the statement"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: it shares a page with the interview, whose fields have the same names.
        kwargs.setdefault("auto_id", "statement_%s")
        super().__init__(*args, **kwargs)
        self.fields["act"].choices = choices(FORCED_ACT_LABELS)
        self.fields["coercion"].choices = choices(COERCION_LABELS)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=IdentificationOutcome.choices)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    evidence = forms.CharField(
        label=_("Evidence (one item per line)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)


class ReferralForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Service provider"), queryset=ServiceProvider.objects.filter(is_active=True)
    )
    services = forms.MultipleChoiceField(
        label=_("Services requested"), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Note for the provider"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override_reason = forms.CharField(
        label=_("Supervisor: reason to refer without the person's consent"),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = _support_choices()


class ReferralAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            ("accept", _("Accept")),
            ("decline", _("Decline")),
            ("complete", _("Mark completed")),
        ],
    )
    reason = forms.CharField(label=_("Reason (required to decline)"), required=False)


class DeliveryForm(forms.Form):
    support_type = forms.ChoiceField(label=_("Support given"))
    delivered_on = forms.DateField(label=_("Given on"), widget=DATE)
    cost = MoneyField(label=_("Cost"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["support_type"].choices = _support_choices()


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Visited on"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain, scale in OUTCOME_DOMAINS.items():
            self.fields[f"outcome_{domain.value}"] = forms.TypedChoiceField(
                label=label(scale.label),
                coerce=int,
                choices=[(i + 1, f"{i + 1}. {label(lv)}") for i, lv in enumerate(scale.levels)],
            )

    def outcomes(self) -> dict[str, int]:
        return {d.value: self.cleaned_data[f"outcome_{d.value}"] for d in OUTCOME_DOMAINS}


class LinkForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Action"), choices=[("link", _("Link")), ("merge", _("Merge"))]
    )
    reason = forms.CharField(label=_("Why they are the same person"), max_length=2000)


class PlanForm(forms.Form):
    # The plan's version as shown (0: none yet); a save from an older page is refused.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    goals = forms.CharField(
        label=_("Goals agreed with the person"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    support_types = forms.MultipleChoiceField(
        label=_("Support planned"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["support_types"].choices = _support_choices()


def compound_choices(actor: User | None) -> list[tuple[str, str]]:
    """The compounds of the register the actor may read (empty without the right)."""
    if actor is None or not actor.has_ctip_perm("compounds.view"):
        return []
    return [
        (
            str(c.id),
            f"{c.name} ({c.country_name})" + (f" — {', '.join(c.aliases)}" if c.aliases else ""),
        )
        for c in compound_selectors.compound_list(actor)
    ]


class CompoundForm(forms.Form):
    """Choose the compound of the register, from the list or by any of its names."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    compound_id = forms.TypedChoiceField(
        label=_("Compound in the register"), required=False, coerce=int, empty_value=None
    )
    compound_name = forms.CharField(
        label=_("Or a name or alias of the compound (accents do not matter)"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, actor: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["compound_id"].choices = [("", _("None")), *compound_choices(actor)]


class AssignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    worker = forms.ModelChoiceField(
        label=_("Assigned worker"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(agency=agency, is_active=True).order_by("username")
        self.fields["worker"].queryset = staff.filter(
            pk__in=[u.pk for u in staff if u.has_ctip_perm("cases.change_case")]
        )


class ShareForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Share with"), queryset=Agency.objects.none())
    reason = forms.CharField(label=_("Why this agency needs the case"), max_length=2000)
    override_reason = forms.CharField(
        label=_("Supervisor: reason to share without the person's consent"),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args: Any, lead: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).exclude(pk=lead.pk)


class ScheduleForm(forms.Form):
    start = forms.DateField(
        label=_("Count the follow-ups from"),
        widget=DATE,
        help_text=_(
            "For example the day the person returned home. Visits not yet made are "
            "rescheduled from this date."
        ),
    )
    months = forms.CharField(
        label=_("Visits after these months"),
        required=False,
        max_length=60,
        help_text=_(
            "For example 1, 2, 3, 6, 12. Left empty: after 1, 3, 6 and 12 months. A child "
            "is visited at least as often."
        ),
    )

    def clean_months(self) -> list[int] | None:
        text = self.cleaned_data["months"].replace(",", " ").replace(";", " ").split()
        if not text:
            return None
        if not all(part.isdigit() and 0 < int(part) <= 120 for part in text):
            raise forms.ValidationError(
                _("Write whole numbers of months from 1 to 120, separated by commas.")
            )
        return [int(part) for part in text]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it is"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    file = forms.FileField(
        label=_("File (PDF or photo, up to 10 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp,image/heic"}
        ),
    )


class IndicatorForm(forms.Form):
    # Other forms of the case page have a "kind" and a "note": ids of their own, so that
    # each label points at its own field.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_contact_%s")
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(label=_("Kind of contact"), choices=IndicatorKind.choices)
    value = forms.CharField(
        label=_("Number, account, handle or address"),
        max_length=300,
        help_text=_("As the person gave it: 0912 345 678, @handle, a link, an account number."),
    )
    detail = forms.CharField(
        label=_("Bank, e-wallet or platform"),
        required=False,
        max_length=100,
        help_text=_(
            "For a bank account the bank (Vietcombank, VCB...), for an e-wallet its "
            "provider, for a social account the platform (Zalo, Telegram...)."
        ),
    )
    note = forms.CharField(
        label=_("Whose contact, as the person said"), required=False, max_length=500
    )


class HandoverForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agency = forms.ModelChoiceField(
        label=_("Hand the case to"),
        queryset=Agency.objects.none(),
        error_messages={"invalid_choice": _("There is no such agency. Choose one from the list.")},
    )
    reason = forms.CharField(
        label=_("Why this agency takes the case"), max_length=2000, widget=forms.Textarea
    )

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = targets


class HandoverAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept the case")), ("return", _("Return the case"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required to return the case)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )
