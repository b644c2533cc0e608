import pytest


@pytest.fixture
def investigator(world):
    return world.users["investigator"]


@pytest.fixture
def analyst(world):
    return world.users["analyst"]
