"""Forms of the proceedings pages; values as typed (dates localised, money, countries)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ctip.cooperation import actions as cooperation_actions
from ctip.core.models import Agency, AgencyType
from ctip.core.values import CountryField, MoneyField
from ctip.proceedings import law
from ctip.proceedings.actions.victims import PROTECTION_MEASURES
from ctip.proceedings.models import (
    AssetStatus,
    DecisionKind,
    DenunciationKind,
    LinkKind,
    MeasureKind,
    Outcome,
    Resolution,
    SentenceKind,
    Seriousness,
    Sex,
    SourceKind,
    WitnessStatus,
)
from ctip.proceedings.schemas import DecisionChoice

DATE = forms.DateInput(attrs={"type": "date"})

PROTECTION_LABELS = {
    "identity_withheld": _("Identity withheld"),
    "escort": _("Escort"),
    "shelter": _("Safe place"),
    "no_contact": _("No contact with the accused"),
    "closed_hearing": _("Closed hearing"),
}


class DenunciationForm(forms.Form):
    kind = forms.ChoiceField(label=_("What was received"), choices=DenunciationKind.choices)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, max_length=10_000)
    source_kind = forms.ChoiceField(label=_("Comes from"), choices=SourceKind.choices)
    source_case_id = forms.IntegerField(
        label=_("Number of the protection case"), required=False, min_value=1
    )
    source_reference = forms.CharField(
        label=_("Network, call or tracing request reference"), required=False, max_length=80
    )


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("Days added"), min_value=1, max_value=366)
    reason = forms.CharField(label=_("Why more time is needed"), max_length=2000)
    procuracy_decision = forms.CharField(
        label=_("Number of the procuracy's decision"), required=False, max_length=80
    )


class ResolutionForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Decision"), choices=Resolution.choices)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    note = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea)
    transferred_to = forms.ModelChoiceField(
        label=_("Transferred to"), queryset=Agency.objects.filter(is_active=True), required=False
    )
    case_title = forms.CharField(
        label=_("Title of the criminal case"), required=False, max_length=300
    )
    seriousness = forms.ChoiceField(
        label=_("Seriousness"), choices=Seriousness.choices, initial=Seriousness.SERIOUS
    )


class InitiateForm(forms.Form):
    title = forms.CharField(label=_("Title of the criminal case"), max_length=300)
    initiated_on = forms.DateField(label=_("Initiated on"), widget=DATE)
    seriousness = forms.ChoiceField(
        label=_("Seriousness"), choices=Seriousness.choices, initial=Seriousness.SERIOUS
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Decision"),
        choices=[(k.value, DecisionKind(k.value).label) for k in DecisionChoice],
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    agency = forms.ModelChoiceField(
        label=_("Agency taking the case over (procuracy or court)"),
        queryset=Agency.objects.filter(
            is_active=True, type__in=[AgencyType.PROCURACY, AgencyType.COURT]
        ),
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AccusedForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    nationality = CountryField(label=_("Nationality"), initial="VN")
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    identity_number = forms.CharField(
        label=_("Identity or passport number"), required=False, max_length=50
    )


class ChargeForm(forms.Form):
    accused = forms.TypedChoiceField(label=_("Person charged"), coerce=int)
    article = forms.ChoiceField(label=_("Penal Code article"))
    clause = forms.IntegerField(label=_("Clause"), required=False, min_value=1, max_value=9)
    act = forms.CharField(label=_("Act charged"), widget=forms.Textarea, max_length=2000)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accused"].choices = people
        self.fields["article"].choices = law.article_choices()


class MeasureForm(forms.Form):
    accused = forms.TypedChoiceField(label=_("Person"), coerce=int)
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accused"].choices = people


class OutcomeForm(forms.Form):
    accused = forms.TypedChoiceField(label=_("Person"), coerce=int)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[c for c in Outcome.choices if c[0] != Outcome.PENDING]
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accused"].choices = people


class SentenceForm(forms.Form):
    charge = forms.TypedChoiceField(label=_("Charge"), coerce=int)
    kind = forms.ChoiceField(label=_("Sentence"), choices=[c for c in SentenceKind.choices if c[0]])
    months = forms.IntegerField(label=_("Months"), required=False, min_value=1, max_value=360)
    fine = MoneyField(label=_("Fine"), required=False)

    def __init__(self, *args: Any, charges: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["charge"].choices = charges


class CompensationForm(forms.Form):
    victim = forms.TypedChoiceField(
        label=pgettext_lazy("criminal proceedings", "Victim"), coerce=int
    )
    ordered = MoneyField(label=_("Compensation ordered"), required=False)
    paid = MoneyField(label=_("Compensation paid"), required=False)

    def __init__(self, *args: Any, victims: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["victim"].choices = victims


class VictimForm(forms.Form):
    protection_case_id = forms.IntegerField(
        label=_("Number of the victim's protection case"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for a victim not known to the protection services."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    under_16 = forms.BooleanField(label=_("Under 16 at the time of the offence"), required=False)
    under_18 = forms.BooleanField(label=_("A child (under 18)"), required=False)
    witness_status = forms.ChoiceField(label=_("As a witness"), choices=WitnessStatus.choices)
    protection_measures = forms.MultipleChoiceField(
        label=_("Protection measures"),
        choices=[(m, PROTECTION_LABELS[m]) for m in PROTECTION_MEASURES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    legal_aid = forms.BooleanField(label=_("Legal aid"), required=False)


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Link to"), choices=LinkKind.choices)
    ref = forms.CharField(label=_("Reference"), max_length=80)


class AssetForm(forms.Form):
    description = forms.CharField(label=_("Asset"), max_length=2000)
    amount = MoneyField(label=_("Value"))
    status = forms.ChoiceField(label=_("Status"), choices=AssetStatus.choices)
    status_on = forms.DateField(label=_("Since"), widget=DATE)
    returned_to = forms.TypedChoiceField(
        label=_("Returned to the victim"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, victims: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["returned_to"].choices = [("", "—"), *victims]


class AssetStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AssetStatus.choices)
    status_on = forms.DateField(label=_("Since"), widget=DATE)
    returned_to = forms.TypedChoiceField(
        label=_("Returned to the victim"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, victims: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["returned_to"].choices = [("", "—"), *victims]


class ShareForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.filter(is_active=True, country="VN").exclude(
            type=AgencyType.COUNTERPART
        ),
    )


class JointForm(forms.Form):
    counterpart = forms.ModelChoiceField(
        label=_("Counterpart abroad"),
        queryset=Agency.objects.filter(is_active=True, type=AgencyType.COUNTERPART),
    )
    summary = forms.CharField(
        label=_("What the counterpart is told of the case (in English)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferForm(forms.Form):
    accused = forms.TypedChoiceField(label=_("Accused person"), coerce=int)
    joint = forms.TypedChoiceField(label=_("Joint investigation"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=cooperation_actions.TransferKind.choices)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=cooperation_actions.TransferDirection.choices
    )
    transferred_on = forms.DateField(label=_("Transferred on"), widget=DATE)

    def __init__(
        self,
        *args: Any,
        people: list[tuple[int, str]],
        joints: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accused"].choices = people
        self.fields["joint"].choices = joints


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("Until"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start).days > 3660):
            raise forms.ValidationError(
                _("The period ends before it starts or spans over ten years.")
            )
        return data
