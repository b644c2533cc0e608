"""Forms of the registry's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctip.core.values import CountryField, MoneyField
from ctip.registry.engine import FeeError, read_fee
from ctip.registry.models import Status
from ctip.registry.selectors import fee_error_message

MAX_LIST_BYTES = 5 * 1024 * 1024
FEE_KINDS = [
    ("any", _("Any fee")),
    ("service", _("Service fee")),
    ("brokerage", _("Brokerage")),
]


class LookupForm(forms.Form):
    q = forms.CharField(
        label=_("Enterprise name, licence number, tax code or phone"),
        max_length=300,
        error_messages={"required": _("Enter a name, a licence number, a tax code or a phone.")},
    )
    destination = CountryField(label=_("Country you were offered"), required=False)
    job = forms.CharField(label=_("Job offered"), max_length=100, required=False)
    fee = forms.CharField(
        label=_("Fee asked (an amount, or months of wages such as “2 tháng lương”)"),
        max_length=100,
        required=False,
    )
    fee_kind = forms.ChoiceField(label=_("Kind of fee"), choices=FEE_KINDS, required=False)
    contract_months = forms.IntegerField(
        label=_("Contract length (months)"), min_value=1, max_value=120, required=False
    )
    wage = MoneyField(label=_("Monthly wage offered"), required=False)

    def clean_fee(self) -> str:
        fee = self.cleaned_data.get("fee", "")
        if fee.strip():
            try:
                read_fee(fee)
            except FeeError as error:
                raise forms.ValidationError(fee_error_message(error)) from None
        return fee


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("The published list (CSV or XLSX)"),
        help_text=_(
            "The first row names the columns: số giấy phép, tên doanh nghiệp, mã số thuế, "
            "ngày cấp, trạng thái, quyết định, ngày quyết định, thị trường, chi nhánh, tiền "
            "ký quỹ, người đại diện, địa chỉ, website, điện thoại."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload the list as a CSV or XLSX file."))
        if upload.size > MAX_LIST_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    decision = forms.CharField(label=_("Decision (number)"), max_length=100, required=False)
    decided_on = forms.DateField(label=_("Decided on"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=300, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Status.choices], required=False
    )
