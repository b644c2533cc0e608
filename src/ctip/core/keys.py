"""Key checks at start-up, and data-key rotation (re-encrypt every personal field,
recompute every blind index)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from ctip.core import audit, crypto
from ctip.core.events import CoreEvent
from ctip.core.fields import blind_index_fields, encrypted_fields
from ctip.core.keyfile import format_key, new_data_key, replace_key_file
from ctip.core.models import AuditEvent


class WrongKey(ImproperlyConfigured):
    """A key is present but does not open what the database holds."""


def check_keys() -> None:
    """Refuse to run without the keys the stored data was written under.

    Raises ``crypto.MissingKey`` (a key file is gone while data exists) or ``WrongKey``
    (a stored value does not decrypt, or the audit chain's last event does not match
    the audit key), each with a message for the operator. A fresh install gets its keys.
    """
    crypto.keyring()
    audit.audit_key()
    found = crypto.first_keyed_value(encrypted_only=True)
    if found is not None:
        try:
            crypto.decrypt(*found)
        except crypto.DecryptionError as exc:
            raise WrongKey(
                f"The data key does not open the stored data ({exc}). Start with the "
                "key the data was written under; CTIP does not run with a key that "
                "would split the records between two keys."
            ) from exc
    if not crypto.database_holds_data():
        return
    last = AuditEvent.objects.order_by("-seq").first()
    if last is not None and audit.compute_hash(last.prev_hash, last) != last.hash:
        raise WrongKey(
            "The audit key does not match the audit trail's last event. Start with the "
            "audit key this instance was set up with (or, if the key is right, run "
            "`ctip audit verify`: the trail was altered)."
        )


@dataclass(frozen=True)
class RotationResult:
    key_id: str
    rows: int


def reencrypt_all(*, batch_size: int = 500) -> RotationResult:
    """Rewrite every encrypted value under the primary key (older keys still decrypt)."""
    crypto.reset_keyring_cache()
    kid = crypto.keyring().primary[0]
    rows = 0
    with transaction.atomic():
        for model in apps.get_models():
            enc = encrypted_fields(model)
            idx = blind_index_fields(model)
            if not enc and not idx:
                continue
            names = [f.attname for f in enc]
            sources = {f.source for f in idx}
            qs = model._base_manager.only("pk", *names, *sources).order_by("pk")
            for obj in qs.iterator(chunk_size=batch_size):
                values = {n: getattr(obj, n) for n in names}
                values.update({f.attname: f.compute(getattr(obj, f.source)) for f in idx})
                model._base_manager.filter(pk=obj.pk).update(**values)
                rows += 1
        audit.record(CoreEvent.DATA_KEY_ROTATED, actor=None, data={"key_id": kid, "rows": rows})
    return RotationResult(kid, rows)


def rotate_local_key(*, batch_size: int = 500) -> RotationResult:
    """Embedded mode: add a new key first in the file, re-encrypt, then drop old keys.

    If the process dies half-way, the file still holds both keys, so every value stays
    readable; running the command again finishes the job.
    """
    path = settings.CTIP_DATA_KEY_FILE
    if path is None:
        raise ImproperlyConfigured("No key file: set CTIP_DATA_KEY and rotate through it.")
    crypto.keyring()  # creates the file on a fresh install
    old_lines = [line for line in path.read_text().splitlines() if line.strip()]
    kid, key = new_data_key()
    replace_key_file(path, [format_key(kid, key), *old_lines])
    result = reencrypt_all(batch_size=batch_size)
    replace_key_file(path, [format_key(kid, key)])
    crypto.reset_keyring_cache()
    return result
