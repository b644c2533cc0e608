"""Forms of the outreach pages (thin: the actions validate)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctip.core.models import Province, User
from ctip.outreach.models import (
    AgeGroup,
    Channel,
    Course,
    EncodingChoice,
    Level,
    Result,
    Topic,
    Variant,
    WarningKind,
)


class ListImportForm(forms.Form):
    name = forms.CharField(label=_("Name of the list"), max_length=200)
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: phone, province, age_group, channel, consent (yes or no)."),
    )


class DoNotContactForm(forms.Form):
    numbers = forms.CharField(
        label=_("Numbers, one a line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=200_000,
    )


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    text_vi = forms.CharField(
        label=_("Text in Vietnamese"), max_length=1600, widget=forms.Textarea(attrs={"rows": 4})
    )
    text_en = forms.CharField(
        label=_("Text in English"),
        max_length=1600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    variant = forms.ChoiceField(
        label=_("Text sent"), choices=Variant.choices, initial=Variant.VI_PLAIN
    )
    encoding = forms.ChoiceField(label=_("Encoding"), choices=EncodingChoice.choices)
    max_parts = forms.IntegerField(
        label=_("At most parts a message"), min_value=1, max_value=6, initial=2
    )
    lists = forms.MultipleChoiceField(
        label=_("Subscriber lists"), widget=forms.CheckboxSelectMultiple
    )
    provinces = forms.MultipleChoiceField(
        label=_("Provinces (none: all)"), required=False, widget=forms.SelectMultiple
    )
    age_groups = forms.MultipleChoiceField(
        label=_("Age groups (none: all)"),
        required=False,
        choices=AgeGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        initial=[Channel.SMS],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, lists: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lists"].choices = [(str(r.id), r.name) for r in lists]
        self.fields["provinces"].choices = [
            (p.code, p.name) for p in Province.objects.order_by("name")
        ]


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Start (07:00 to 22:00)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Empty: now."),
    )


class WarningForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=WarningKind.choices)
    title_vi = forms.CharField(label=_("Title in Vietnamese"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200)
    body_vi = forms.CharField(
        label=_("Text in Vietnamese"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    body_en = forms.CharField(
        label=_("Text in English"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    materials = forms.CharField(
        label=_("Materials"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    starts_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    province = forms.ChoiceField(label=_("Province"))
    trainer = forms.CharField(label=_("Trainer"), max_length=200)

    def __init__(self, *args: Any, courses: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if courses is not None:
            self.fields["course"].queryset = courses
        self.fields["province"].choices = [
            (p.code, p.name) for p in Province.objects.order_by("name")
        ]


class AttendeeForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none())
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices)
    score = forms.IntegerField(label=_("Score"), required=False, min_value=0, max_value=100)
    certificate = forms.CharField(label=_("Certificate number"), required=False, max_length=40)

    def __init__(self, *args: Any, staff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["user"].queryset = staff
