"""The platform's indicator lookup: plugged into every check (intel answers in tests/intel)."""

from ctip.screening import checking
from ctip.screening.engine import IndicatorLookup, IndicatorQuery
from ctip.screening.lookup import PLATFORM_LOOKUP, PlatformLookup
from tests.screening.posts import LURE


def test_platform_lookup_is_an_indicator_lookup_that_knows_nothing_of_an_empty_platform(db):
    assert isinstance(PLATFORM_LOOKUP, PlatformLookup)
    lookup: IndicatorLookup = PLATFORM_LOOKUP
    query = IndicatorQuery(
        phones=("+84912345678",),
        domains=("viecnhe.vip",),
        handles=("tuyendung_vip",),
        recruiter_names=("Công ty TNHH ABC",),
        licence_numbers=("215/LĐTBXH-GP",),
    )
    assert list(lookup.facts(query)) == []


def test_checks_go_through_the_platform_lookup(monkeypatch):
    asked: list[IndicatorQuery] = []
    monkeypatch.setattr(
        PlatformLookup, "reported_indicators", lambda self, q: asked.append(q) or []
    )
    checking.check(LURE)
    assert asked
    assert "+84912345678" in asked[0].phones
