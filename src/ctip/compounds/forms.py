from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.compounds.actions import CompoundInput
from ctip.compounds.models import CompoundStatus
from ctip.core.values import CountryField


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


class CompoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line, in any script."),
    )
    country = CountryField(label=_("Country"))
    area = forms.CharField(
        label=_("Area"), max_length=120, required=False, help_text=_("Bokeo, Kampot, Myawaddy...")
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6
    )
    operator_aliases = forms.CharField(
        label=_("Operators' aliases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line."),
    )
    sources = forms.CharField(
        label=_("Sources"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: a report, an article, a partner's message."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def to_input(self) -> CompoundInput:
        d: dict[str, Any] = self.cleaned_data
        return CompoundInput(
            name=d["name"],
            country=d["country"],
            area=d["area"],
            aliases=_lines(d["aliases"]),
            operator_aliases=_lines(d["operator_aliases"]),
            sources=_lines(d["sources"]),
            latitude=d["latitude"],
            longitude=d["longitude"],
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CompoundStatus.choices)
    on = forms.DateField(label=_("Since"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
