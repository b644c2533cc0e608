"""Model fields that keep personal data encrypted at rest.

``EncryptedTextField`` and ``EncryptedJSONField`` store AES-GCM ciphertext (see
``ctip.core.crypto``); the database only ever sees ``v1.<kid>.<base64>``. They refuse
every lookup but ``isnull``: a query on a ciphertext would silently match nothing.
``BlindIndexField`` stores a keyed HMAC of a normalised source field, computed on save,
for exact-match lookups (``Person.objects.filter(id_number_index=blind_index(...))``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import IsNull

from ctip.core import crypto


def normalise_text(value: str) -> str:
    """Default blind-index normaliser: case and surrounding/inner space do not matter."""
    return " ".join(value.split()).casefold()


class _EncryptedMixin:
    model: type[models.Model]
    name: str

    @property
    def crypto_context(self) -> str:
        # Read for every value stored or read: worked out once for the model that holds
        # the field (a copy of an abstract model's field belongs to another model).
        model = self.model
        cached = self.__dict__.get("_crypto_context")
        if cached is None or cached[0] is not model:
            cached = (model, f"{model._meta.label_lower}.{self.name}")
            self.__dict__["_crypto_context"] = cached
        return cached[1]

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(f"Encrypted field {self.name!r} supports no {lookup_name!r} lookup.")
        return IsNull


class EncryptedTextField(_EncryptedMixin, models.TextField):
    """Text encrypted at rest. Empty strings are stored as empty (not secret)."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value, self.crypto_context)

    def from_db_many(self, values: list[str | None]) -> list[Any]:
        """:meth:`from_db_value` of many values of this field read at once."""
        return crypto.decrypt_many(values, self.crypto_context)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value), self.crypto_context)


class EncryptedDateField(EncryptedTextField):
    """A date encrypted at rest (an exact date of birth singles a person out).

    Stored as the ciphertext of its ISO form; read back as a ``datetime.date``. Nothing
    can be ordered or filtered by it in the database: keep a coarse bucket beside it
    where a query needs one.
    """

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return dt.date.fromisoformat(text) if text else None

    def from_db_many(self, values: list[str | None]) -> list[Any]:
        return [
            dt.date.fromisoformat(text) if text else None for text in super().from_db_many(values)
        ]

    def to_python(self, value: Any) -> Any:
        if value is None or value == "" or isinstance(value, dt.date):
            return value or None
        return dt.date.fromisoformat(str(value))

    def get_prep_value(self, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            value = dt.date.fromisoformat(str(value))
        return super().get_prep_value(value.isoformat())

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""


class EncryptedJSONField(_EncryptedMixin, models.TextField):
    """A JSON value (list or mapping of personal details) encrypted at rest as one blob."""

    # For the type checker: the attribute holds any JSON value, not text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None
        return json.loads(crypto.decrypt(value, self.crypto_context))

    def from_db_many(self, values: list[str | None]) -> list[Any]:
        """:meth:`from_db_value` of many values of this field read at once."""
        return [
            ([] if text == "[]" else json.loads(text)) if text else None
            for text in crypto.decrypt_many(values, self.crypto_context)
        ]

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return crypto.encrypt(
            json.dumps(value, ensure_ascii=False, sort_keys=True), self.crypto_context
        )

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)


class BlindIndexField(models.CharField):
    """Keyed HMAC of another field's normalised value, recomputed on every save.

    ``purpose`` names the kind of value (e.g. ``identity_number``): fields with the same
    purpose share one index key, so a phone stored on a person and one stored on a
    report can be matched without either being decrypted.
    """

    def __init__(
        self,
        *args: Any,
        source: str = "",
        purpose: str = "",
        normaliser: Callable[[str], str] = normalise_text,
        **kwargs: Any,
    ) -> None:
        self.source = source
        self.purpose = purpose
        self.normaliser = normaliser
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["purpose"] = self.purpose
        for key, default in (
            ("max_length", 40),
            ("blank", True),
            ("default", ""),
            ("editable", False),
            ("db_index", True),
        ):
            if kwargs.get(key) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def compute(self, raw: Any) -> str:
        if raw is None or str(raw).strip() == "":
            return ""
        return crypto.blind_index(self.purpose, self.normaliser(str(raw)))

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.compute(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, _EncryptedMixin)]


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
