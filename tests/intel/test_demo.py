"""The intel demo: a network of recruiters sharing a handle, an account and a phone."""

from __future__ import annotations

import pytest

from ctip.core import demo as core_demo
from ctip.core.models import User
from ctip.intel import demo
from ctip.intel.models import Cluster, Indicator, PartnerSighting, Report

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_network_and_loads_once():
    core_demo.load()
    demo.load()
    counts = (Report.objects.count(), Indicator.objects.count(), Cluster.objects.count())
    demo.load()
    assert (Report.objects.count(), Indicator.objects.count(), Cluster.objects.count()) == counts
    assert counts[0] == len(demo.REPORTS)
    network = Cluster.objects.order_by("-size").first()
    assert network.size == 4
    assert {"bank_account", "phone", "social"} <= set(network.kinds)
    account = Indicator.objects.get(kind="bank_account", key="970436:007100489999")
    assert account.reports == 2


def test_national_staff_read_public_reports():
    core_demo.load()
    demo.load()
    investigator = User.objects.get(username="investigator.national")
    assert investigator.has_ctip_perm("intel.view_reports")
    assert investigator.has_ctip_perm("intel.request_freeze")


def test_a_partner_cert_corroborates_the_network():
    core_demo.load()
    demo.load()
    demo.load()
    handle = Indicator.objects.get(kind="social", key="telegram:vieclamnhanh_cskh")
    assert handle.partner_sources == 1
    assert handle.reports == 2
    partner_only = Indicator.objects.get(kind="phone", key="+85512345678")
    assert (partner_only.reports, partner_only.partner_sources) == (0, 1)
    assert PartnerSighting.objects.count() == 2
    network = Cluster.objects.order_by("-size").first()
    assert network.partner_indicators == 1
