from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> Iterator[None]:
    """Each test starts with an empty per-address count."""
    cache.clear()
    yield
    cache.clear()
