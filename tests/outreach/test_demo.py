"""The demo loads the outreach records, twice without duplicates."""

from __future__ import annotations

import pytest

from ctip.core import demo as core_demo
from ctip.core import provinces
from ctip.core.models import Province
from ctip.outreach import demo
from ctip.outreach.models import Campaign, PublicWarning, Subscriber, TrainingSession


@pytest.mark.django_db
def test_the_demo_loads_once() -> None:
    if not Province.objects.exists():
        provinces.load(Province)
    core_demo.load()
    demo.load()
    demo.load()
    assert Subscriber.objects.count() == 40
    assert Campaign.objects.count() == 1
    assert PublicWarning.objects.get().state == "published"
    assert TrainingSession.objects.count() == 1
