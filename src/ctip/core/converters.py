"""Path converters for page URLs.

``<id:case_id>`` is Django's ``int`` bounded to what a database id column holds: a
number past 2**63 - 1 matches no URL (404) instead of reaching a query that SQLite
refuses with ``OverflowError`` and PostgreSQL with "out of range".
"""

from __future__ import annotations

from ctip.core.schemas import MAX_INT


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_INT:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)
