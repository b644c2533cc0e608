"""Forms of the registry's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctip.core.models import Agency
from ctip.core.values import CountryField, MoneyField
from ctip.registry.engine import FeeError, read_fee
from ctip.registry.labels import SIGN_CHOICES
from ctip.registry.models import IncidentKind, IncidentOutcome, Reporter, Status
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


class IncidentForm(forms.Form):
    """What a worker abroad or a family reports; no account needed."""

    kind = forms.ChoiceField(label=_("What happened"), choices=IncidentKind.choices)
    reporter = forms.ChoiceField(
        label=_("Who is reporting"),
        choices=[c for c in Reporter.choices if c[0] != Reporter.STAFF],
    )
    country = CountryField(label=_("Country where the worker is"))
    signs = forms.MultipleChoiceField(
        label=_("Is any of these happening?"),
        choices=SIGN_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    worker_name = forms.CharField(label=_("Worker's name"), max_length=200, required=False)
    enterprise = forms.CharField(
        label=_("Enterprise that sent the worker (name or licence number)"),
        max_length=300,
        required=False,
    )
    employer = forms.CharField(label=_("Employer abroad"), max_length=300, required=False)
    narrative = forms.CharField(
        label=_("Tell us what happened"), max_length=5000, required=False, widget=forms.Textarea
    )
    contact = forms.CharField(
        label=_("How can we reach you safely? (phone, Zalo, Facebook)"),
        max_length=300,
        required=False,
    )


class StaffIncidentForm(IncidentForm):
    reporter = forms.ChoiceField(label=_("Who is reporting"), choices=Reporter.choices)
    compound_name = forms.CharField(
        label=_("Compound in the register: one of its names"), required=False, max_length=200
    )


class IncidentCompoundForm(forms.Form):
    compound_name = forms.CharField(
        label=_("Compound in the register: one of its names"),
        help_text=_("Leave it empty to remove the compound from the incident."),
        required=False,
        max_length=200,
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=IncidentOutcome.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea)


class OpenCaseForm(forms.Form):
    full_name = forms.CharField(label=_("Worker's name"), max_length=200, required=False)


class BoardForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    country = CountryField(label=_("Country"))
    covers = forms.CharField(
        label=_("Other destinations covered (comma-separated)"), max_length=500, required=False
    )
    agency = forms.ModelChoiceField(label=_("The Board's agency"), queryset=Agency.objects.none())
    email = forms.CharField(label=_("E-mail"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.order_by("name_vi")


class ContractForm(forms.Form):
    enterprise = forms.CharField(label=_("Enterprise (licence number)"), max_length=60)
    number = forms.CharField(label=_("Registration number"), max_length=60)
    employer = forms.CharField(label=_("Employer abroad"), max_length=300)
    destination = CountryField(label=_("Destination"))
    job = forms.CharField(label=_("Job"), max_length=100)
    starts_on = forms.DateField(label=_("Starts on"))
    ends_on = forms.DateField(label=_("Ends on"))
    registered_on = forms.DateField(label=_("Registered on"))
    service_fee = forms.CharField(
        label=_("Service fee (an amount, or months of wages)"), max_length=100, required=False
    )
    brokerage = MoneyField(label=_("Brokerage"), required=False)
    wage = MoneyField(label=_("Monthly wage"), required=False)

    def clean_service_fee(self) -> Any:
        fee = self.cleaned_data.get("service_fee", "")
        if not fee.strip():
            return None
        try:
            return read_fee(fee, "service")
        except FeeError as error:
            raise forms.ValidationError(fee_error_message(error)) from None


class WorkerForm(forms.Form):
    scan = forms.CharField(
        label=_("Citizen card's QR code or passport's machine-readable zone"),
        help_text=_(
            "Scan the card's QR code (with a scanner, or the camera button above), or paste "
            "the code or the passport's two lines, then press “Read the document”: the "
            "fields are filled from it for you to check."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    birth_date = forms.DateField(label=_("Date of birth"), required=False)
    identity_number = forms.CharField(
        label=_("Citizen identity number"), max_length=20, required=False
    )
    passport_number = forms.CharField(label=_("Passport number"), max_length=20, required=False)
    destination = CountryField(label=_("Destination"))
    contract = forms.IntegerField(label=_("Contract (number in CTIP)"), required=False)
    phone = forms.CharField(label=_("Phone abroad"), max_length=40, required=False)
    family_contact = forms.CharField(
        label=_("Family contact"), max_length=500, required=False, widget=forms.Textarea
    )
    departed_on = forms.DateField(label=_("Departed on"), required=False)


class OrientationForm(forms.Form):
    course = forms.CharField(label=_("Course"), max_length=200)
    provider = forms.CharField(label=_("Course provider"), max_length=200, required=False)
    completed_on = forms.DateField(label=_("Completed on"))
    certificate = forms.CharField(label=_("Certificate number"), max_length=60, required=False)


class IncidentFollowForm(forms.Form):
    code = forms.CharField(label=_("Reference of your report"), max_length=20)
    secret = forms.CharField(
        label=_("Secret given with the reference"), max_length=100, widget=forms.PasswordInput
    )
