from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ctip.core.engine.periods import InvalidPeriod, Period, parse_period
from ctip.core.figures import DIMENSIONS
from ctip.stats import registry
from ctip.stats.models import Method

PERIOD_HELP = _(
    "A year (2025), a half (2025-H1), a quarter (2025-Q3), a month (2025-07), "
    "or two dates (2025-01-05..2025-02-11)."
)


def _indicator_choices() -> list[tuple[str, str]]:
    return [(i.code, str(i.label)) for i in registry.indicators()]


def _dimension_choices() -> list[tuple[str, Any]]:
    return [("", _("(none)")), *DIMENSIONS.items()]


class TableForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Figure"))
    period = forms.CharField(
        label=pgettext_lazy("statistics", "Period"), max_length=40, help_text=PERIOD_HELP
    )
    rows = forms.ChoiceField(label=_("Broken down by"), required=False)
    columns = forms.ChoiceField(label=_("and by"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = _indicator_choices()
        self.fields["rows"].choices = _dimension_choices()
        self.fields["columns"].choices = _dimension_choices()

    def clean_period(self) -> Period:
        try:
            return parse_period(self.cleaned_data["period"])
        except InvalidPeriod as exc:
            if "ends before" in str(exc):
                raise forms.ValidationError(_("The period ends before it starts.")) from None
            raise forms.ValidationError(
                _("Not a period: give a year, a half, a quarter, a month or two dates.")
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("indicator")
        breakdowns = tuple(b for b in (data.get("rows"), data.get("columns")) if b)
        if code:
            indicator = registry.indicator(code)
            wrong = [b for b in breakdowns if b not in indicator.dimensions]
            if wrong:
                raise forms.ValidationError(
                    _("This figure cannot be broken down by %(dims)s.")
                    % {"dims": ", ".join(str(DIMENSIONS[b]) for b in wrong)}
                )
            if len(set(breakdowns)) != len(breakdowns):
                raise forms.ValidationError(_("Choose two different breakdowns."))
        data["breakdowns"] = breakdowns
        return data


class PublishForm(TableForm):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    epsilon = forms.FloatField(
        label=_("Epsilon (privacy loss)"),
        required=False,
        min_value=0.01,
        max_value=10,
        help_text=_("Only for differential privacy: smaller is more private and less accurate."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == Method.PRIVATE and not data.get("epsilon"):
            self.add_error("epsilon", _("Give the epsilon this release may spend."))
        return data


class BudgetForm(forms.Form):
    dataset = forms.ChoiceField(label=_("Figure"))
    epsilon = forms.FloatField(label=_("Budget (epsilon)"), min_value=0.01, max_value=10)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dataset"].choices = _indicator_choices()


class SurveyForm(forms.Form):
    name = forms.CharField(label=_("Name of the survey"), max_length=200)
    file = forms.FileField(
        label=_("Microdata (CSV)"),
        help_text=_(
            "One line per respondent with the columns year, stratum, weight, victim (1 or 0) "
            "and, if the sample was clustered, psu."
        ),
    )


LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]


class ReportForm(forms.Form):
    period = forms.CharField(
        label=pgettext_lazy("statistics", "Period"), max_length=40, help_text=PERIOD_HELP
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)

    def clean_period(self) -> Period:
        try:
            return parse_period(self.cleaned_data["period"])
        except InvalidPeriod:
            raise forms.ValidationError(
                _("Not a period, or one that ends before it starts.")
            ) from None


class ReportExportForm(ReportForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}), max_length=20000
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("docx", _("Word (DOCX)")),
            ("odt", _("OpenDocument (ODT)")),
            ("pdf", _("PDF")),
        ],
    )
