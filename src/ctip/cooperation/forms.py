from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.compounds import selectors as compound_selectors
from ctip.cooperation import gates
from ctip.cooperation.actions import PersonInput
from ctip.cooperation.models import Answer, NeedKind, Outcome
from ctip.core.models import Agency, AgencyType, User


def _vietnamese_agencies() -> list[tuple[int, str]]:
    return [
        (a.pk, a.name)
        for a in Agency.objects.filter(is_active=True, country="VN")
        .exclude(type__in=[AgencyType.BANK, AgencyType.TELCO, AgencyType.PLATFORM])
        .order_by("name_vi")
    ]


def _compounds(actor: User | None) -> list[tuple[str, str]]:
    if actor is None or not actor.has_ctip_perm("compounds.view"):
        return []
    return [("", "—")] + [
        (str(c.id), f"{c.name} ({c.country_name})") for c in compound_selectors.compound_list(actor)
    ]


def _counterparts() -> list[tuple[int, str]]:
    return [
        (a.pk, f"{a.name} ({a.country})")
        for a in Agency.objects.filter(is_active=True, type=AgencyType.COUNTERPART).order_by(
            "name_en"
        )
    ]


class VerificationForm(forms.Form):
    counterpart = forms.TypedChoiceField(label=_("Counterpart abroad"), coerce=int)
    verifying_agency = forms.TypedChoiceField(label=_("Vietnamese agency that answers"), coerce=int)
    their_reference = forms.CharField(label=_("Their reference"), max_length=60, required=False)
    days = forms.IntegerField(label=_("Days to answer"), min_value=1, max_value=180, initial=30)
    persons = forms.CharField(
        label=_("Persons"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One person a line: name; sex (M or F); date of birth, year or age; home place; "
            "passport or ID number."
        ),
    )

    compound = forms.ChoiceField(label=_("Compound the persons came from"), required=False)

    def __init__(
        self, *args: object, partner: bool = False, actor: User | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["verifying_agency"].choices = _vietnamese_agencies()
        compounds = _compounds(actor)
        if compounds:
            self.fields["compound"].choices = compounds
        else:
            del self.fields["compound"]
        if partner:
            del self.fields["counterpart"]
        else:
            self.fields["counterpart"].choices = _counterparts()

    def persons_input(self) -> tuple[PersonInput, ...]:
        people = []
        for line in self.cleaned_data["persons"].splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")] + [""] * 5
            people.append(PersonInput(*parts[:5]))
        return tuple(people)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=[(a.value, a.label) for a in Answer if a != Answer.PENDING]
    )
    note = forms.CharField(
        label=_("Note to the counterpart (in English)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HandoverForm(forms.Form):
    on = forms.DateField(label=_("Date"), initial=timezone.localdate)
    gate = forms.ChoiceField(label=_("Border gate or airport"))
    counterpart = forms.TypedChoiceField(label=_("Counterpart abroad"), coerce=int)
    receiving_agencies = forms.TypedMultipleChoiceField(
        label=_("Receiving agencies"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    transit_countries = forms.CharField(
        label=_("Transit countries (evacuation by air)"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, e.g. Trung Quốc, Thái Lan."),
    )

    compound = forms.ChoiceField(label=_("Compound the persons came from"), required=False)

    def __init__(self, *args: object, actor: User | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["gate"].choices = gates.choices()
        compounds = _compounds(actor)
        if compounds:
            self.fields["compound"].choices = compounds
        else:
            del self.fields["compound"]
        self.fields["counterpart"].choices = _counterparts()
        self.fields["receiving_agencies"].choices = _vietnamese_agencies()


class ManifestForm(forms.Form):
    file = forms.FileField(label=_("Manifest (CSV or XLSX)"))


class ReceptionForm(forms.Form):
    arrival = forms.ChoiceField(
        label=_("Arrival"),
        choices=[("arrived", _("Arrived")), ("absent", _("Did not arrive"))],
        widget=forms.RadioSelect,
    )
    identity_checked = forms.BooleanField(label=_("Identity checked"), required=False)
    outcome = forms.ChoiceField(
        label=_("Goes to"),
        required=False,
        choices=[("", "—"), *[(o.value, o.label) for o in Outcome if o.value]],
    )


class ScreeningChangeForm(forms.Form):
    on = forms.DateField(label=_("New day of the screening interview"))
    reason = forms.CharField(
        label=_("Why it moves"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Need"), choices=NeedKind.choices)
    agency = forms.TypedChoiceField(label=_("Responsible agency"), coerce=int)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["agency"].choices = _vietnamese_agencies()


class AssistanceForm(forms.Form):
    subject = forms.CharField(
        label=_("What is asked"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    days = forms.IntegerField(label=_("Days to answer"), min_value=1, max_value=365, initial=60)


class AssistanceAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
