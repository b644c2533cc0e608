"""What intel hands the apps above it: frozen dataclasses, never QuerySets."""

from __future__ import annotations

import dataclasses

import pytest

from ctip.intel.engine import normalise
from ctip.intel.selectors import IndicatorReach, NetworkSize, indicators_reach
from tests.intel.factories import ACCOUNT, PHONE, make_report

pytestmark = pytest.mark.django_db


def test_reach_counts_reports_and_lists_the_networks_the_reader_may_open(world):
    investigator = world.users["investigator"]
    first = make_report(investigator, PHONE, ACCOUNT)
    make_report(investigator, PHONE)
    phone = normalise("phone", PHONE.value)
    unknown = normalise("phone", "0977 000 111")
    reach = indicators_reach(investigator, iter([phone, unknown]))
    assert set(reach) == {phone.ref}
    found = reach[phone.ref]
    assert isinstance(found, IndicatorReach)
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.reports = 0  # type: ignore[misc]
    assert found.reports == 2
    first.refresh_from_db()  # the network took a new id when the second report joined
    assert found.networks == (NetworkSize(first.cluster_id, 2),)
    # Another agency's reader learns the count (as the public lookup does), no network.
    theirs = indicators_reach(world.other_users["investigator"], [phone])
    assert theirs[phone.ref] == IndicatorReach(2, ())
