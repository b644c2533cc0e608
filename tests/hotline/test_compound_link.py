"""Where a person is held names a compound of the register; the compound's page lists the
request only to those who may read it, and only counts it for the other agency."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from ctip.compounds import actions as compound_actions
from ctip.compounds import selectors as compound_selectors
from ctip.hotline.models import TracingRequest
from tests.compounds.factories import make_compound
from tests.hotline.factories import make_request


def _group(page):
    return next(g for g in page.links if str(g.title) == gettext("Tracing requests"))


def test_a_request_names_a_compound_and_its_page_lists_it_to_readers_only(world):
    investigator = world.users["investigator"]
    compound = make_compound(investigator, "Shwe Kokko", aliases=("Yatai New City",))
    compound_actions.compound_open_to(
        actor=investigator,
        compound=compound,
        data=compound_actions.AccessInput(agency_id=world.other.pk),
    )
    by_alias = make_request(investigator, place="yatai new city")
    assert by_alias.compound_id == compound.pk
    assert by_alias.place == "yatai new city"
    chosen = make_request(investigator, "Trần Văn Bình", compound_id=compound.pk)
    assert chosen.compound_id == compound.pk
    vague = make_request(investigator, "Lê Văn Cường", place="a tall building by a river")
    assert vague.compound_id is None
    ours = _group(compound_selectors.compound_page(investigator, compound.pk))
    assert ours.count == 2
    assert sorted(i.label for i in ours.items) == sorted([by_alias.reference, chosen.reference])
    theirs = _group(
        compound_selectors.compound_page(world.other_users["investigator"], compound.pk)
    )
    assert theirs.count == 2
    assert theirs.items == ()


def test_the_request_page_and_api_name_the_compound(world, client_for):
    investigator = world.users["investigator"]
    compound = make_compound(investigator, "Shwe Kokko", aliases=("Yatai New City",))
    request = make_request(investigator, place="Yatai New City")
    client = client_for(investigator)
    page = client.get(reverse("hotline:request", args=[request.pk])).content.decode()
    assert "Shwe Kokko" in page
    read = client.get(f"/api/v1/hotline/requests/{request.pk}").json()
    assert read["compound_id"] == compound.pk
    assert read["compound_name"] == "Shwe Kokko"


def test_a_compound_the_operator_may_not_read_is_refused(world):
    hidden = make_compound(world.other_users["investigator"], "Golden Fortune", aliases=())
    with pytest.raises(ValidationError) as refused:
        make_request(world.users["investigator"], compound_id=hidden.pk)
    assert "compound_id" in refused.value.message_dict
    assert not TracingRequest.objects.exists()
