import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english():
    """Messages are checked in English; the pages' Vietnamese is checked apart."""
    with translation.override("en"):
        yield
