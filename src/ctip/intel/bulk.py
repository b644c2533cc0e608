"""Prepared multi-row inserts for the batch paths (import and cluster rebuild).

At a million rows the ORM's per-value preparation in ``bulk_create`` costs more than
the database's own work, so these paths hand the driver values already prepared: text,
numbers, ``adapt``-ed datetimes, and encrypted fields through their own
``get_prep_value`` (so ciphertexts are exactly what the ORM would store).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model


def adapt(moment: datetime | None) -> Any:
    return connection.ops.adapt_datetimefield_value(moment)


def insert_rows(model: type[Model], fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert ``rows`` (values in the order of ``fields``) with one prepared statement."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(cast(Field, model._meta.get_field(name)).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608
            rows,
        )
