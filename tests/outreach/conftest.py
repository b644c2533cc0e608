from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.outreach.smsc import LoopbackSmsc


@pytest.fixture
def smsc() -> Iterator[LoopbackSmsc]:
    server = LoopbackSmsc()
    yield server
    server.stop()
