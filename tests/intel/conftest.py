from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> Iterator[None]:
    """Each test starts with an empty per-address count."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def investigator(world):
    return world.users["investigator"]


@pytest.fixture
def analyst(world):
    return world.users["analyst"]
