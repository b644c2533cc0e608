"""Forms of the hotline's pages. The call form is built for the keyboard: the first
field has the focus, fields follow in the order of a conversation, and no choice is made
for the operator (every closed list starts empty)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ctip.compounds import selectors as compound_selectors
from ctip.cooperation import selectors as cooperation_selectors
from ctip.core.models import Agency, Province, User
from ctip.core.values import CountryField, MoneyField
from ctip.hotline.models import (
    CallChannel,
    CallerType,
    Counselling,
    DepartureMode,
    Language,
    Outcome,
    RequestStatus,
    Topic,
    TracingEvidence,
)

EMPTY: list[tuple[str, Any]] = [("", "—")]
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONTACT_KINDS: list[tuple[str, Any]] = [
    ("phone", _("Phone number")),
    ("social", _("Social media account")),
    ("bank_account", _("Bank account")),
    ("ewallet", _("E-wallet")),
    ("url", _("Website or link")),
    ("name", _("Recruiter or company name")),
]
ACCOUNT_KINDS: list[tuple[str, Any]] = [
    ("bank_account", _("Bank account")),
    ("ewallet", _("E-wallet")),
    ("crypto", _("Crypto wallet")),
    ("phone", _("Phone number (mobile money)")),
]


def _select(choices: Any, label: Any, **attrs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=EMPTY + list(choices), widget=forms.Select(attrs=attrs)
    )


class CallForm(forms.Form):
    channel = _select(CallChannel.choices, _("Channel"), autofocus=True)
    caller_type = _select(CallerType.choices, _("Who is calling"))
    language = _select(Language.choices, _("Language"))
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, empty_label="—"
    )
    topic = _select(Topic.choices, _("Topic"))
    summary = forms.CharField(
        label=_("What was said"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    counselling = forms.MultipleChoiceField(
        label=_("Counselling given"),
        choices=Counselling.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outcome = _select(Outcome.choices, _("Outcome"))
    callback_at = forms.DateTimeField(label=_("Call back at"), required=False, widget=DATETIME)
    caller_name = forms.CharField(
        label=_("Caller's name (if given)"), required=False, max_length=200
    )
    caller_phone = forms.CharField(
        label=_("Caller's number (if given)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )


class OpenFromCallForm(forms.Form):
    what = forms.ChoiceField(
        choices=[("case", "case"), ("report", "report")], widget=forms.HiddenInput
    )


class RequestForm(forms.Form):
    full_name = forms.CharField(label=_("Name of the person sought"), max_length=200)
    other_names = forms.CharField(
        label=_("Other names, nicknames (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    birth_year = forms.IntegerField(label=_("Year of birth (about)"), required=False)
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[*EMPTY, ("female", _("Female")), ("male", _("Male")), ("other", _("Other"))],
    )
    phone = forms.CharField(label=_("Their phone"), required=False, max_length=200)
    home_province = forms.ModelChoiceField(
        label=_("Home province"), queryset=Province.objects.all(), required=False, empty_label="—"
    )
    departure_mode = _select(DepartureMode.choices, _("How they left"))
    left_on = forms.DateField(label=_("Left on"), required=False, widget=DATE)
    last_contact_on = forms.DateField(label=_("Last contact on"), required=False, widget=DATE)
    last_contact = forms.CharField(
        label=_("Last contact: what they said"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    country = CountryField(label=_("Country where held"), required=False)
    place = forms.CharField(
        label=_("Where held (compound, town, what they describe)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    compound_id = forms.TypedChoiceField(
        label=_("Compound in the register"), required=False, coerce=int, empty_value=None
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=8, decimal_places=5
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=8, decimal_places=5
    )
    violence = forms.BooleanField(label=_("Violence or threats"), required=False)
    minor = forms.BooleanField(label=_("A minor (under 18)"), required=False)
    medical = forms.BooleanField(label=_("A medical need"), required=False)
    family_name = forms.CharField(label=_("Family contact's name"), required=False, max_length=200)
    family_relation = forms.CharField(label=_("Relation"), required=False, max_length=200)
    family_phone = forms.CharField(
        label=_("Family's number for text messages"), required=False, max_length=200
    )
    narrative = forms.CharField(
        label=_("What the family said"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_kind = forms.ChoiceField(
        label=_("Recruiter's contact: kind"), required=False, choices=EMPTY + CONTACT_KINDS
    )
    contact_value = forms.CharField(
        label=_("Recruiter's contact: value"), required=False, max_length=200
    )

    def __init__(self, *args: Any, actor: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if actor is not None and actor.has_ctip_perm("compounds.view"):
            self.fields["compound_id"].choices = [
                ("", "—"),
                *(
                    (str(c.id), f"{c.name} ({c.country_name})")
                    for c in compound_selectors.compound_list(actor)
                ),
            ]
        else:
            del self.fields["compound_id"]


class CompoundForm(forms.Form):
    compound_name = forms.CharField(
        label=_("Compound in the register: one of its names"), required=False, max_length=200
    )


class RansomForm(forms.Form):
    amount = MoneyField(label=_("Amount demanded"), required=False)
    deadline = forms.DateTimeField(label=_("Deadline"), required=False, widget=DATETIME)
    account_kind = _select(ACCOUNT_KINDS, _("Account kind"))
    account = forms.CharField(label=_("Account or wallet"), max_length=200)
    bank = forms.CharField(label=_("Bank or provider"), required=False, max_length=40)
    freeze = forms.BooleanField(label=_("Ask the institution to freeze it now"), required=False)
    legal_basis = forms.CharField(
        label=_("Legal basis of the freeze request"), required=False, max_length=2000
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Photo, voice recording or chat capture"))
    description = forms.CharField(label=_("Description"), required=False, max_length=2000)


class HandOverForm(forms.Form):
    """Which file of the request went to which agency, and why."""

    evidence = forms.TypedChoiceField(label=_("File"), coerce=int)
    to_agency = forms.TypedChoiceField(label=_("Handed over to"), coerce=int)
    note = forms.CharField(
        label=_("Why, and to whom (a sealed envelope, a disc)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, actor: User, request_id: int, **kwargs: Any) -> None:
        # The status form on the same page has a note too: ids stay unique.
        kwargs.setdefault("auto_id", "id_hand_over_%s")
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = EMPTY + [
            (e.pk, f"{e.reference} · {e.filename}")
            for e in TracingEvidence.objects.filter(request_id=request_id).order_by("pk")
        ]
        self.fields["to_agency"].choices = EMPTY + [
            (a.pk, a.name)
            for a in Agency.objects.filter(is_active=True)
            .exclude(pk=actor.agency_id)
            .order_by("name_vi")
        ]


class AbroadForm(forms.Form):
    """Who receives the request abroad: a counterpart, or a Vietnamese embassy or
    consulate, of the country where the person is held."""

    counterpart_id = forms.TypedChoiceField(
        label=_("Send to"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, country: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = {True: _("embassy or consulate"), False: _("police of that country")}
        self.fields["counterpart_id"].choices = EMPTY + [
            (r.id, f"{r.name} ({kinds[r.mission]})")
            for r in cooperation_selectors.recipients_abroad(country)
        ]


class StatusForm(forms.Form):
    status = _select(RequestStatus.choices, _("New status"))
    note = forms.CharField(
        label=_("Note for investigators (the family never sees it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FollowForm(forms.Form):
    code = forms.CharField(label=_("Reference of the request"), max_length=20)
    secret = forms.CharField(label=_("Secret"), max_length=100, widget=forms.PasswordInput)
