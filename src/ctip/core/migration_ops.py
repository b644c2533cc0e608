"""Migration steps that bring a column that held personal data in clear under encryption.

A migration first turns the column into an encrypted field (``AlterField``: the column
becomes text, each value its own text form), then ``encrypt_in_place`` rewrites every
value as ciphertext bound to its table and column, exactly as ``EncryptedTextField``
writes it. It goes through SQL, not the model, because the model's field would try to
decrypt the clear values. Running it twice changes nothing: a value that already
decrypts under its column is left alone. Going back decrypts, so the reverse
``AlterField`` finds clear values again.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from ctip.core import crypto


def _rewrite(apps: Any, schema_editor: Any, label: str, fields: tuple[str, ...], *, encrypt: bool):
    model = apps.get_model(label)
    connection = schema_editor.connection
    quote = schema_editor.quote_name
    table = quote(model._meta.db_table)
    for name in fields:
        field = model._meta.get_field(name)
        column = quote(field.column)
        context = f"{model._meta.label_lower}.{name}"
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT {quote(model._meta.pk.column)}, {column} FROM {table} "  # noqa: S608
                f"WHERE {column} IS NOT NULL AND {column} <> ''"
            )
            rows = cur.fetchall()
        changes = []
        for pk, value in rows:
            try:
                clear = crypto.decrypt(value, context)
                is_cipher = True
            except (crypto.DecryptionError, ValueError):
                clear, is_cipher = value, False
            if encrypt and not is_cipher:
                changes.append((crypto.encrypt(str(value), context), pk))
            elif not encrypt and is_cipher:
                changes.append((clear, pk))
        if changes:
            with connection.cursor() as cur:
                cur.executemany(
                    f"UPDATE {table} SET {column} = %s "  # noqa: S608
                    f"WHERE {quote(model._meta.pk.column)} = %s",
                    changes,
                )


def encrypt_in_place(label: str, *fields: str) -> migrations.RunPython:
    """Encrypt the clear values of ``fields`` of model ``label`` (``app.Model``)."""

    def forward(apps: Any, schema_editor: Any) -> None:
        _rewrite(apps, schema_editor, label, fields, encrypt=True)

    def backward(apps: Any, schema_editor: Any) -> None:
        _rewrite(apps, schema_editor, label, fields, encrypt=False)

    return migrations.RunPython(forward, backward, elidable=False)
