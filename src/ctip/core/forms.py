from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctip.core import events
from ctip.core.models import Agency, AgencyType, Province, User
from ctip.core.roles import ROLE_CHOICES


def add_errors(exc: forms.ValidationError, form: forms.Form) -> None:
    """Show an action's ValidationError on the form: by field where it names one of the
    form's fields, above the form otherwise."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "characters",
            }
        ),
    )


class ConfirmCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The 6-digit code your app shows now"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password (at least 12 characters)"),
        strip=False,
        min_length=12,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("vi", "Tiếng Việt"), ("en", "English")]
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class AgencyForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Short identifier, lower-case letters, digits and -."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=AgencyType.choices)
    name_vi = forms.CharField(label=_("Name in Vietnamese"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, to_field_name="code"
    )
    country = forms.CharField(
        label=_("Country (ISO code, e.g. VN, KH)"), max_length=2, min_length=2, initial="VN"
    )
    parent = forms.ModelChoiceField(label=_("Parent agency"), queryset=Agency.objects.none())
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    # The agency's version as shown: an edit from an older page is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, parents: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        if editing:
            self.fields["code"].disabled = True
            self.fields["parent"].required = False
            self.fields["version"].required = True
        else:
            del self.fields["version"]

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).upper()


class UserForm(forms.Form):
    username = forms.RegexField(label=_("Username"), max_length=150, regex=r"^[\w.@+-]+$")
    display_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    password = forms.CharField(
        label=_("Initial password (at least 12 characters)"),
        help_text=_(
            "Leave empty for a machine client's account (a bank's or partner's system): "
            "nobody signs in with it, it acts only through API tokens."
        ),
        required=False,
        strip=False,
        min_length=12,
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    # The account's version as shown: an edit from an older page is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agencies: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if editing:
            for name in ("username", "agency"):
                self.fields[name].disabled = True
            del self.fields["password"]
            self.fields["version"].required = True
        else:
            del self.fields["is_active"]
            del self.fields["version"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if "username" not in self.changed_data:
            return str(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return str(username)


class TokenForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Account the token acts for"), queryset=User.objects.none()
    )
    name = forms.CharField(label=_("Name (which system uses it)"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=[], widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)

    def __init__(self, *args: Any, users: Any, scope_choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["scopes"].choices = scope_choices


def _event_choices() -> list[Any]:
    return [("", _("Any event")), *events.choices()]


class EventTypeField(forms.ChoiceField):
    """An audit event type chosen by its words, grouped by app; the code is accepted in
    either case (``user_created``, ``USER_CREATED``)."""

    def to_python(self, value: Any) -> str:
        return super().to_python(value).strip().lower()


class AuditFilterForm(forms.Form):
    event_type = EventTypeField(label=_("Event type"), required=False, choices=_event_choices)
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    target_type = forms.CharField(label=_("Target type"), required=False, max_length=60)
    target_id = forms.CharField(label=_("Target id"), required=False, max_length=64)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until (exclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
