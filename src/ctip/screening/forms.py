from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ctip.core import provinces
from ctip.core.models import Province
from ctip.screening.checking import MAX_POST_BYTES, empty_message, too_long_message


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("The job post"),
        # Kept exactly as pasted: the highlighted offsets point into this text.
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("Paste the whole post, with its phone numbers and links."),
        error_messages={"required": _("Paste the job post to check.")},
    )
    keep = forms.BooleanField(
        label=_("Keep this check for statistics, without the text"),
        required=False,
        help_text=_(
            "Only the verdict, the kinds of warning signs, the destination countries, the "
            "pay band, the language and the day are kept: never the text, phone numbers, "
            "accounts, web addresses or names. When no warning sign is found, the post's "
            "three-word sequences are counted, apart from the check, so that the police can "
            "spot a new lure; a sequence is shown to staff only once many checks share it."
        ),
    )
    # The public page lists the provinces from the shipped data (``provinces.choices``),
    # not from the database on every render; only a chosen one is read, to keep it.
    province = forms.TypedChoiceField(
        label=_("Your province (optional)"),
        choices=lambda: [("", _("I would rather not say")), *provinces.choices()],
        coerce=lambda code: Province.objects.filter(code=code).first(),
        empty_value=None,
        required=False,
        help_text=_(
            "Kept with the check only if you keep it, and only the province: it lets the "
            "police see where a lure is spreading."
        ),
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not text.strip():
            raise ValidationError(empty_message())
        if len(text.encode("utf-8", "surrogatepass")) >= MAX_POST_BYTES:
            raise ValidationError(too_long_message())
        return text


class PeriodForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        choices=[
            (4, _("Last 4 weeks")),
            (12, _("Last 12 weeks")),
            (52, _("Last 52 weeks")),
        ],
        initial=12,
    )
