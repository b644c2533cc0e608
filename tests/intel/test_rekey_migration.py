"""The data migration that re-derives keys whose normalisation changed (issue 18, point 4)."""

import importlib

import pytest
from django.apps import apps

from ctip.intel.actions import IndicatorInput
from ctip.intel.models import Indicator, ReportIndicator

from .factories import make_report

rekey = importlib.import_module("ctip.intel.migrations.0012_rekey_ip_links_and_phone_ewallets")

pytestmark = pytest.mark.django_db


def _old_key(indicator_input, kind, key, display):
    """Write an indicator back to the key the earlier normalisation gave it."""
    row = Indicator.objects.get(kind=indicator_input[0], key=indicator_input[1])
    row.kind, row.key, row.display = kind, key, display
    row.save()
    return row


def test_old_keys_are_rederived_and_merged(world, investigator):
    wallet = IndicatorInput("ewallet", "+84892473617", bank="MoMo")
    first = make_report(investigator, wallet)
    second = make_report(investigator, IndicatorInput("ewallet", "0892 473 618", bank="MoMo"))
    link = make_report(investigator, IndicatorInput("ip", "103.45.67.89"))
    # As the earlier normalisation stored them: digits for a phone on a block the phone
    # metadata did not list, a url for a link to a bare address.
    _old_key(("ewallet", "momo:+84892473618"), "ewallet", "momo:0892473618", "MoMo 0892473618")
    _old_key(("ip", "103.45.67.89"), "url", "103.45.67.89", "103.45.67.89")
    # One wallet under both keys: the reports of the old one move to the new one.
    duplicate = Indicator.objects.create(
        kind="ewallet", key="momo:0892473617", display="MoMo 0892473617", reports=1
    )
    ReportIndicator.objects.create(report=second, indicator=duplicate)
    ReportIndicator.objects.create(report=first, indicator=duplicate)

    rekey._rekey(apps, None)

    assert not Indicator.objects.filter(key__in=["momo:0892473617", "momo:0892473618"]).exists()
    merged = Indicator.objects.get(kind="ewallet", key="momo:+84892473617")
    assert set(
        ReportIndicator.objects.filter(indicator=merged).values_list("report_id", flat=True)
    ) == {first.pk, second.pk}
    assert merged.reports == 2
    assert Indicator.objects.filter(kind="ewallet", key="momo:+84892473618").exists()
    assert Indicator.objects.get(kind="ip", key="103.45.67.89").pk in set(
        link.indicators.values_list("pk", flat=True)
    )
    assert not Indicator.objects.filter(kind="url", key="103.45.67.89").exists()


def test_a_private_address_stored_as_a_link_stays_as_it_was(world):
    Indicator.objects.create(kind="url", key="192.168.1.1", display="192.168.1.1")
    rekey._rekey(apps, None)
    assert Indicator.objects.filter(kind="url", key="192.168.1.1").exists()
