"""Forms of a child's case: the age as determined, guardians, consent, best interests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctip.cases.engine.children import (
    AGE_BASIS_LABELS,
    PLACEMENT_LABELS,
    RELATION_LABELS,
)
from ctip.cases.forms import DATE, ConsentForm
from ctip.cases.labels import choices
from ctip.core.models import User


class AgeDeterminationForm(forms.Form):
    child = forms.TypedChoiceField(
        label=_("The person is"),
        choices=[("1", _("a child (under 18)")), ("0", _("an adult"))],
        coerce=lambda v: v == "1",
    )
    age = forms.IntegerField(label=_("Age as determined"), required=False, min_value=0)
    basis = forms.ChoiceField(label=_("How the age was determined"), choices=())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    determined_on = forms.DateField(label=_("Determined on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = choices(AGE_BASIS_LABELS)  # type: ignore[attr-defined]


class GuardianForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    relation = forms.ChoiceField(label=_("Relation to the child"), choices=())
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    suspected = forms.BooleanField(
        label=_("Suspected of involvement in the trafficking or the debt"), required=False
    )
    suspicion = forms.CharField(label=_("What is suspected"), required=False, max_length=500)
    appointed_by = forms.CharField(
        label=_("Appointed by (for an appointed representative)"), required=False, max_length=200
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["relation"].choices = choices(RELATION_LABELS)  # type: ignore[attr-defined]


class ChildConsentForm(ConsentForm):
    guardian = forms.TypedChoiceField(
        label=_("Given by"), coerce=int, required=False, empty_value=None, choices=()
    )
    child_views = forms.CharField(
        label=_("The child's own views"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, guardians: Sequence[tuple[int, str]] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["guardian"].choices = [  # type: ignore[attr-defined]
            ("", _("The child alone")),
            *guardians,
        ]


class BestInterestsForm(forms.Form):
    family_situation = forms.CharField(
        label=_("Family situation"), widget=forms.Textarea(attrs={"rows": 3})
    )
    family_involved = forms.ChoiceField(
        label=_("Did the family take part in the trafficking or the debt?"),
        choices=[("unknown", _("Not known")), ("yes", _("Yes")), ("no", _("No"))],
    )
    schooling = forms.CharField(label=_("Schooling"), required=False)
    safety_at_home = forms.ChoiceField(
        label=_("Is the child safe at home?"),
        choices=[("unknown", _("Not known")), ("safe", _("Safe")), ("unsafe", _("Not safe"))],
    )
    placement = forms.ChoiceField(label=_("Placement"), choices=())
    placement_with = forms.CharField(label=_("With whom or where"), required=False)
    child_views = forms.CharField(
        label=_("The child's own views"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    commune_officer = forms.CharField(label=_("Commune child-protection officer taking part"))
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement"].choices = choices(PLACEMENT_LABELS)  # type: ignore[attr-defined]


class ChildInterviewFacts(forms.Form):
    support_person = forms.CharField(
        label=_("Support person present (name and role)"), max_length=300
    )
    interviewer_qualification = forms.CharField(
        label=_("Your child-protection training or qualification"),
        max_length=200,
        required=False,
        help_text=_(
            "Not needed when your passed child-protection course is in the training records."
        ),
    )
    repeat_reason = forms.CharField(
        label=_("Reason for a second interview"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    repeat_allowed_by = forms.ModelChoiceField(
        label=_("Supervisor allowing a second interview"),
        queryset=User.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["repeat_allowed_by"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            agency_id=agency_id, is_active=True
        )
