"""An analyst ties a network to a compound of the register; the compound's page lists the
indicators to readers of that agency only, and only counts them for the other one."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from ctip.compounds import actions as compound_actions
from ctip.compounds import selectors as compound_selectors
from ctip.intel import actions
from ctip.intel.actions import IndicatorInput
from ctip.intel.models import Cluster, CompoundLink
from tests.compounds.factories import make_compound
from tests.intel.factories import make_report

PHONE = IndicatorInput("phone", "0912345678")


def _group(page):
    return next(g for g in page.links if str(g.title) == gettext("Indicators and networks"))


def test_a_network_tied_to_a_compound_is_listed_to_its_agency_only(world, client_for):
    investigator = world.users["investigator"]
    compound = make_compound(investigator, "Shwe Kokko")
    compound_actions.compound_open_to(
        actor=investigator,
        compound=compound,
        data=compound_actions.AccessInput(agency_id=world.other.pk),
    )
    report = make_report(investigator, PHONE, IndicatorInput("name", "Công ty Việt Đức"))
    report.refresh_from_db()
    cluster = Cluster.objects.get(pk=report.cluster_id)
    client = client_for(investigator)
    client.post(reverse("intel:cluster_compound", args=[cluster.pk]), {"compound_id": compound.pk})
    link = CompoundLink.objects.get()
    assert link.indicator.ref == "phone:+84912345678"
    assert "Shwe Kokko" in client.get(reverse("intel:cluster", args=[cluster.pk])).content.decode()
    ours = _group(compound_selectors.compound_page(investigator, compound.pk))
    assert ours.count == 1
    assert [i.url for i in ours.items] == [reverse("intel:indicator", args=[link.indicator_id])]
    stranger = world.other_users["investigator"]
    theirs = _group(compound_selectors.compound_page(stranger, compound.pk))
    assert theirs.count == 1
    assert theirs.items == ()
    page = client_for(stranger).get(reverse("compounds:detail", args=[compound.pk]))
    assert "0912345678" not in page.content.decode()
    assert "+84912345678" not in page.content.decode()
    # The other agency can neither see the network nor tie it.
    with pytest.raises(PermissionDenied):
        actions.compound_link(
            actor=stranger, data=actions.CompoundLinkInput(compound.pk, cluster=cluster)
        )


def test_a_compound_the_analyst_may_not_read_is_refused(world):
    investigator = world.users["investigator"]
    hidden = make_compound(world.other_users["investigator"], "Golden Fortune", aliases=())
    report = make_report(investigator, PHONE)
    report.refresh_from_db()
    cluster = Cluster.objects.get(pk=report.cluster_id)
    with pytest.raises(ValidationError):
        actions.compound_link(
            actor=investigator, data=actions.CompoundLinkInput(hidden.pk, cluster=cluster)
        )
    assert not CompoundLink.objects.exists()


def test_an_analyst_ties_an_indicator_from_its_page(world, client_for):
    investigator = world.users["investigator"]
    compound = make_compound(investigator, "Shwe Kokko")
    report = make_report(investigator, PHONE)
    indicator = report.indicators.first()
    client = client_for(investigator)
    client.post(
        reverse("intel:indicator_compound", args=[indicator.pk]), {"compound_id": compound.pk}
    )
    assert CompoundLink.objects.get().indicator == indicator
    page = client.get(reverse("intel:indicator", args=[indicator.pk])).content.decode()
    assert "Shwe Kokko" in page
