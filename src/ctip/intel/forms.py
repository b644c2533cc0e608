"""Forms of the intel pages. Indicator rows are a fixed set (no script adds rows)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctip.core.labels import label
from ctip.core.models import Agency, Province, User
from ctip.core.values import MoneyField
from ctip.intel.actions import MAX_NARRATIVE, PARTNER_MAX_BYTES, IndicatorInput
from ctip.intel.engine import InvalidIndicator, normalise
from ctip.intel.models import (
    ANSWERS,
    FeedFormat,
    FreezeStatus,
    HolderKind,
    Indicator,
    IndicatorKind,
    PartnerKind,
    Report,
    ReportType,
)

INDICATOR_ROWS = 5
# What each kind's "bank or platform" box means.
DETAIL_LABEL = _("Bank, e-wallet or platform (for accounts)")
LOOKUP_KINDS = [
    ("phone", _("Phone number")),
    ("bank_account", _("Bank account")),
    ("ewallet", _("E-wallet")),
    ("url", _("Website or link")),
    ("social", _("Social media account")),
    ("crypto", _("Crypto wallet")),
    ("email", _("E-mail address")),
    ("ip", _("IP address")),
    ("app", _("App (package name)")),
]


def _normalise(kind: str, value: str, detail: str) -> None:
    detail = detail.strip() or ""
    bank = detail if kind in ("bank_account", "ewallet") else None
    platform = detail if kind in ("social", "crypto") else None
    normalise(kind, value, bank=bank or None, platform=platform or None)


class IndicatorRowForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *IndicatorKind.choices], required=False
    )
    value = forms.CharField(
        label=_("Number, account, address or name"), max_length=300, required=False
    )
    detail = forms.CharField(label=DETAIL_LABEL, max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, value = data.get("kind", ""), data.get("value", "").strip()
        if value and not kind:
            self.add_error("kind", _("Choose what kind of value this is."))
        elif value:
            try:
                _normalise(kind, value, data.get("detail", ""))
            except InvalidIndicator as refused:
                self.add_error("value", label(refused.label))
        return data

    def as_input(self) -> IndicatorInput | None:
        kind, value = self.cleaned_data.get("kind", ""), self.cleaned_data.get("value", "")
        if not kind or not value.strip():
            return None
        detail = self.cleaned_data.get("detail", "").strip()
        return IndicatorInput(
            kind,
            value,
            bank=detail if kind in ("bank_account", "ewallet") else "",
            platform=detail if kind in ("social", "crypto") else "",
        )


class RowSet(BaseFormSet):
    def inputs(self) -> list[IndicatorInput]:
        return [i for f in self.forms if (i := f.as_input()) is not None]


def indicator_rows(data: Any = None) -> RowSet:
    return cast(RowSet, _IndicatorRows(data, prefix="ind"))


_IndicatorRows = formset_factory(
    IndicatorRowForm,
    formset=RowSet,
    extra=INDICATOR_ROWS,
    max_num=INDICATOR_ROWS,
    absolute_max=INDICATOR_ROWS,
    validate_max=True,
)


class ReportForm(forms.Form):
    # No kind is preselected: the reporter says which it was.
    type = forms.ChoiceField(
        label=_("What happened"), choices=[("", _("Choose what happened")), *ReportType.choices]
    )
    province = forms.ModelChoiceField(
        label=_("Your province (optional)"),
        queryset=Province.objects.all(),
        required=False,
        help_text=_("The report goes to the police of this province."),
    )
    narrative = forms.CharField(
        label=_("Tell us what happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_NARRATIVE,
        required=False,
        help_text=_("When, how they contacted you, what they asked for. Do not send passwords."),
    )
    amount_lost_vnd = MoneyField(label=_("Amount lost"), required=False)
    lost_on = forms.DateField(
        label=_("Date of the loss"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    reporter_phone = forms.CharField(
        label=_("Your phone (optional)"), max_length=50, required=False
    )
    reporter_email = forms.EmailField(label=_("Your email (optional)"), required=False)

    def clean_lost_on(self) -> dt.date | None:
        value = self.cleaned_data.get("lost_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value


class LookupForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to check"), choices=LOOKUP_KINDS)
    value = forms.CharField(
        label=_("Phone number, account number or web address"),
        max_length=300,
        error_messages={"required": _("Enter what you want to check.")},
    )
    detail = forms.CharField(
        label=_("Bank or e-wallet (for accounts), platform (for social accounts)"),
        max_length=100,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, value = data.get("kind"), data.get("value", "")
        if kind and value:
            try:
                _normalise(kind, value, data.get("detail", ""))
            except InvalidIndicator as refused:
                self.add_error("value", label(refused.label))
        return data


class ReportFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", "—"), *ReportType.choices], required=False
    )
    q = forms.CharField(label=_("Indicator or reference"), max_length=200, required=False)


class VerifyForm(forms.Form):
    note = forms.CharField(label=_("Basis"), max_length=300, required=False)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=2000, required=False)


class CompoundLinkForm(forms.Form):
    """Tie a network to a compound of the register (those the analyst may read)."""

    compound_id = forms.TypedChoiceField(label=_("Compound in the register"), coerce=int)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        from ctip.compounds import selectors as compound_selectors

        super().__init__(*args, **kwargs)
        self.fields["compound_id"].choices = [
            (str(c.id), f"{c.name} ({c.country_name})")
            for c in compound_selectors.compound_list(actor)
        ]


class ClusterEvidenceForm(EvidenceForm):
    """A file, or a captured message pasted as text (kept as a UTF-8 text file)."""

    file = forms.FileField(label=_("File"), required=False)
    message = forms.CharField(
        label=_("Or paste a captured message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20_000,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("message", "").strip():
            raise ValidationError(_("Choose a file or paste the message."))
        return data


class PartnerImportForm(forms.Form):
    partner = forms.CharField(label=_("Sent by (partner agency, CERT or country)"), max_length=200)
    country = forms.CharField(
        label=_("Country (two letters)"),
        max_length=2,
        required=False,
        help_text=_("KH, MM, LA, TH ... Leave empty for an international body."),
    )
    kind = forms.ChoiceField(label=_("Kind of partner"), choices=PartnerKind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=FeedFormat.choices)
    file = forms.FileField(label=_("File (JSON)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > PARTNER_MAX_BYTES:
            raise ValidationError(
                _("The file is too large: at most %(n)d MB.") % {"n": PARTNER_MAX_BYTES // 2**20}
            )
        return upload


class TransferForm(forms.Form):
    to_agency = forms.ModelChoiceField(label=_("Hand over to"), queryset=Agency.objects.none())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].queryset = agencies


def _account_label(indicator: Any) -> str:
    return f"{indicator.get_kind_display()}: {indicator.display}"


class FreezeForm(forms.Form):
    institution = forms.ModelChoiceField(
        label=_("Send to"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("The institution holding each account"),
        help_text=_("Each account goes to the bank, e-wallet or operator that holds it."),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Accounts to suspend"),
        queryset=Indicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    reports = forms.ModelMultipleChoiceField(
        label=_("Linked reports"),
        queryset=Report.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    deadline = forms.DateTimeField(
        label=_("Answer by"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(
        self, *args: Any, institutions: Any, indicators: Any, reports: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        self.fields["indicators"].queryset = indicators
        self.fields["indicators"].label_from_instance = _account_label
        self.fields["reports"].queryset = reports


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[(s.value, s.label) for s in ANSWERS],
        widget=forms.RadioSelect,
    )
    amount_held_vnd = MoneyField(label=_("Amount held"), required=False)
    note = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if (
            status in (FreezeStatus.DONE, FreezeStatus.PARTIAL)
            and data.get("amount_held_vnd") is None
        ):
            self.add_error("amount_held_vnd", _("Give the amount held (0 if none)."))
        if status == FreezeStatus.REJECTED and not data.get("note", "").strip():
            self.add_error("note", _("Say why the request is rejected."))
        return data


class FollowForm(forms.Form):
    code = forms.CharField(label=_("Reference of your report"), max_length=20)
    secret = forms.CharField(
        label=_("Secret given with the reference"), max_length=100, widget=forms.PasswordInput
    )


class DisputeForm(LookupForm):
    statement = forms.CharField(
        label=_("Why the reports are wrong"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("For example: the number is yours, since when, and what you use it for."),
    )
    contact = forms.CharField(
        label=_("How the police can reach you (optional)"), max_length=300, required=False
    )


class TriageForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("assigned", _("Accept and assign")),
            ("merged", _("Merge into another report")),
            ("unfounded", _("Close as unfounded")),
        ],
        widget=forms.RadioSelect,
    )
    assignee = forms.ModelChoiceField(
        label=_("Officer who follows it up"), queryset=User.objects.none(), required=False
    )
    merged_into = forms.CharField(
        label=_("Reference of the report to merge into (SR-…)"), max_length=20, required=False
    )
    note = forms.CharField(
        label=_("Note (required to close as unfounded)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officers


class DisputeAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("uphold", _("Uphold: the reports are unfounded")),
            ("reject", _("Reject: the reports stand")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AccountAnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Answer for this account"),
        choices=[
            ("frozen", _("Frozen")),
            ("not_found", _("Not found")),
            ("closed", _("Already closed")),
            ("refused", _("Refused")),
        ],
        widget=forms.RadioSelect,
    )
    amount_held_vnd = MoneyField(label=_("Amount frozen"), required=False)
    reason = forms.CharField(
        label=_("Reason (required to refuse)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class ReturnForm(forms.Form):
    amount_vnd = MoneyField(label=_("Amount returned to victims"))


class InstitutionCodeForm(forms.Form):
    """Declare what an institution holds, in the words the liaison uses."""

    agency = forms.ModelChoiceField(label=_("Institution"), queryset=Agency.objects.none())
    kind = forms.ChoiceField(label=_("What it holds"), choices=HolderKind.choices)
    code = forms.CharField(
        label=_("Bank code (BIN), e-wallet or mobile operator"),
        max_length=60,
        help_text=_("For example 970436, MoMo or Viettel."),
    )

    def __init__(self, *args: Any, institutions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if institutions is not None:
            self.fields["agency"].queryset = institutions
