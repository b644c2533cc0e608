"""The one way each kind of value is entered and shown: money and countries.

* :class:`MoneyField` (forms) and :data:`MoneyIn` (API schemas) read an amount as typed
  (``5.000.000``, ``5 triệu``, ``150tr``, ``1,5 tỷ``, ``500 USD``) with
  :mod:`ctip.core.engine.money` and give an :class:`~ctip.core.engine.money.Amount`;
  what cannot be read one way only is refused with a sentence saying why.
* :class:`CountryField` (forms, a text input with a list of countries in the reader's
  language) and :data:`CountryIn` (API) read a country by code or by its Vietnamese or
  English name and give its ISO 3166-1 alpha-2 code.
* Templates show both through ``{% load values %}``: ``{{ amount|money }}``,
  ``{{ report|money_of:"amount_lost" }}`` and ``{{ code|country }}``, localised.

A model stores money as ``<name>_vnd`` (whole đồng), ``<name>_currency`` and
``<name>_original`` (the amount as typed when not đồng): :func:`money_columns`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django import forms
from django.utils import formats
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from ctip.core.engine import countries
from ctip.core.engine.money import MAX_VND, Amount, MoneyError, parse

__all__ = [
    "Amount",
    "CountryField",
    "CountryIn",
    "MoneyField",
    "MoneyIn",
    "country_name",
    "format_money",
    "money_columns",
    "read_country",
    "read_money",
    "split_money",
]


def money_error_message(error: MoneyError) -> str:
    messages = {
        "unreadable": _(
            "This amount could not be read. Write it in figures, for example "
            "5.000.000, 5 triệu, 150tr, 1,5 tỷ or 500 USD."
        ),
        "negative": _("An amount cannot be negative."),
        "ambiguous": _(
            "This amount can be read more than one way. Group thousands by three "
            "(5.000.000) or write it with a unit (1,5 triệu)."
        ),
        "fraction": _(
            "An amount in đồng has no fraction: write it in whole đồng (5.000.000) or "
            "with a unit (1,5 triệu)."
        ),
        "too_large": _("This amount is too large to be real (at most %(max)s ₫).")
        % {"max": formats.number_format(MAX_VND, use_l10n=True, force_grouping=True)},
        "currency": _("Give the amount in one currency only."),
    }
    return messages.get(error.code, messages["unreadable"])


def read_money(value: Any) -> Amount | None:
    """An amount from a form or API value: text as typed, or a whole number of đồng.
    Raises ValueError with a readable message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Amount):
        return value
    if isinstance(value, bool):
        raise ValueError(money_error_message(MoneyError("unreadable")))
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, float | Decimal):
        if value != int(value):
            raise ValueError(money_error_message(MoneyError("fraction")))
        value = str(int(value))
    if not isinstance(value, str) or len(value) > 100:
        raise ValueError(money_error_message(MoneyError("unreadable")))
    try:
        return parse(value)
    except MoneyError as error:
        raise ValueError(money_error_message(error)) from None


def _plain(value: Decimal) -> Decimal:
    """Without the zeros a database column pads with: 500.000000 is 500, 20.500000 is 20.5."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def format_money(vnd: int | None, currency: str = "VND", original: Decimal | None = None) -> str:
    """An amount in the reader's language: "5.000.000 ₫" in Vietnamese, "VND 5,000,000"
    in English; a foreign amount as typed, with its value in đồng."""
    if vnd is None:
        return "—"
    figures = formats.number_format(int(vnd), use_l10n=True, force_grouping=True)
    dong = f"{figures} ₫" if (get_language() or "vi").startswith("vi") else f"VND {figures}"
    if currency and currency != "VND" and original is not None:
        typed = formats.number_format(_plain(original), use_l10n=True, force_grouping=True)
        return f"{typed} {currency} (≈ {dong})"
    return dong


def money_columns(obj: Any, name: str) -> tuple[int | None, str, Decimal | None]:
    vnd = getattr(obj, f"{name}_vnd") if hasattr(obj, f"{name}_vnd") else getattr(obj, name)
    return (
        None if vnd is None else int(vnd),
        getattr(obj, f"{name}_currency", "VND"),
        getattr(obj, f"{name}_original", None),
    )


def split_money(value: Amount | int | Decimal | None) -> tuple[int | None, str, Decimal | None]:
    """(whole đồng, currency, amount as typed when not đồng) of an action's money
    argument: an Amount read from what was typed, or a whole number of đồng."""
    if value is None:
        return None, "VND", None
    if isinstance(value, Amount):
        return value.vnd, value.currency, value.original if value.is_foreign else None
    if value != int(value):
        raise ValueError("An amount of đồng is a whole number")
    return int(value), "VND", None


class MoneyField(forms.CharField):
    """An amount as people type it; cleans to an Amount (or None when left empty)."""

    default_help_text = gettext_lazy("For example 5.000.000, 5 triệu, 150tr, 1,5 tỷ or 500 USD.")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", self.default_help_text)
        super().__init__(**kwargs)
        # The length is checked on the text (read_money refuses over 100 characters).
        self.widget.attrs.update({"maxlength": "100", "autocomplete": "off"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Amount):
            if value.is_foreign and value.original is not None:
                typed = formats.number_format(_plain(value.original), use_l10n=True)
                return f"{typed} {value.currency}"
            return formats.number_format(value.vnd, use_l10n=True, force_grouping=True)
        if isinstance(value, int):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return value

    def to_python(self, value: Any) -> Amount | None:  # type: ignore[override]
        text = super().to_python(value)
        try:
            return read_money(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="money") from None


def read_country(value: Any) -> str:
    """The alpha-2 code of the one country ``value`` names ("" when empty); ValueError
    with a readable message when it names none."""
    if value is None or not str(value).strip():
        return ""
    text = str(value)
    found = countries.find(text[:100])
    if found is None:
        raise ValueError(
            _("No country is called “%(text)s”. Choose one from the list, or give its code (KH).")
            % {"text": text[:100]}
        )
    return found.code


def country_name(code: str | None) -> str:
    """The country's name in the reader's language ("" for no code)."""
    if not code:
        return ""
    found = countries.get(code)
    if found is None:
        return code
    return found.name(get_language() or "vi")


class CountryInput(forms.TextInput):
    """A text input with a list of every country's name in the reader's language
    (an HTML datalist: the phone's own suggestions, no script)."""

    template_name = "core/widgets/country.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        language = get_language() or "vi"
        listed = sorted((c.name(language) for c in countries.all_countries()), key=countries.fold)
        widget = context["widget"]
        widget["datalist_id"] = f"{widget['attrs'].get('id') or name}-countries"
        widget["attrs"]["list"] = widget["datalist_id"]
        widget["countries"] = listed
        return context


class CountryField(forms.CharField):
    """A country chosen from the list or typed as a name or code; cleans to its alpha-2
    code ("" when left empty)."""

    widget = CountryInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) and countries.get(value) is not None and len(value) == 2:
            return country_name(value)
        return value

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        try:
            return read_country(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="country") from None


def _money_or_error(value: Any) -> Amount | None:
    return read_money(value)


def _country_or_error(value: Any) -> str:
    return read_country(value)


MONEY_SCHEMA = {
    "anyOf": [{"type": "string", "maxLength": 100}, {"type": "integer", "minimum": 0}],
    "description": (
        "An amount as typed: whole đồng (5000000), or text such as '5.000.000', "
        "'5 triệu', '150tr', '1,5 tỷ', '500 USD'."
    ),
    "examples": ["5.000.000", "5 triệu", "500 USD"],
}

# An API input of money: integer đồng or text as typed; read into an Amount.
MoneyIn = Annotated[
    Amount | None,
    BeforeValidator(_money_or_error),
    PlainSerializer(lambda a: a.vnd if a is not None else None),
    WithJsonSchema(MONEY_SCHEMA),
]

# An API input of a country: a code (KH, KHM) or a name in Vietnamese or English.
CountryIn = Annotated[
    str,
    BeforeValidator(_country_or_error),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": 100,
            "description": "A country: ISO 3166-1 code (KH, KHM) or its name in Vietnamese "
            "or English (Campuchia, Cambodia). Stored as the alpha-2 code.",
            "examples": ["KH", "Campuchia"],
        }
    ),
]
