"""The port to the statistics' disclosure control holds one implementation."""

from __future__ import annotations

import pytest

from ctip.core import disclosure
from ctip.stats.actions.drafts import Disclosure


def test_starting_again_replaces_the_implementation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(disclosure, "_installed", None)
    first, second = Disclosure(), Disclosure()
    disclosure.register(first)
    disclosure.register(second)
    assert disclosure.statistics() is second
    disclosure.register(first)
    assert disclosure.statistics() is first


def test_reading_it_before_it_is_installed_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(disclosure, "_installed", None)
    with pytest.raises(disclosure.NotInstalled, match="statistics app provides it"):
        disclosure.statistics()
