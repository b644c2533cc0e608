import pytest

from tests.cases.factories import make_case, make_provider


@pytest.fixture
def worker(world):
    return world.users["case_worker"]


@pytest.fixture
def supervisor(world):
    return world.users["supervisor"]


@pytest.fixture
def case(worker):
    return make_case(worker, phone="0912 345 678", identity_number="001090012345")


@pytest.fixture
def other_provider(world):
    return make_provider(world.other, "Nghe An shelter")
