from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Actions called directly speak English here; pages and the API choose per request."""
    from django.utils import translation

    with translation.override("en"):
        yield
