"""Where a person is held names a compound of the register; the compound's page lists the
request only to those who may read it, and only counts it for the other agency."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext

from ctip.compounds import actions as compound_actions
from ctip.compounds import selectors as compound_selectors
from ctip.core.models import AuditEvent
from ctip.hotline import actions, selectors
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


def _operator_world(world):
    """A compound recorded by the police and opened to nobody else; the operator of the
    same agency reads requests but not the register."""
    investigator = world.users["investigator"]
    compound = make_compound(investigator, "Shwe Kokko", aliases=("Yatai New City",))
    operator = world.users["hotline_operator"]
    assert not operator.has_ctip_perm("compounds.view")
    return investigator, operator, compound


def test_an_operator_sets_changes_and_clears_the_compound_by_name(world):
    investigator, operator, compound = _operator_world(world)
    other = make_compound(investigator, "KK Park", aliases=())
    row = make_request(operator, place="somewhere near the river")
    assert row.compound_id is None
    row = actions.request_compound(
        actor=operator, request=row, data=actions.CompoundInput(compound_name="yatai new")
    )
    assert row.compound_id == compound.pk
    row = actions.request_compound(
        actor=operator, request=row, data=actions.CompoundInput(compound_id=other.pk)
    )
    assert row.compound_id == other.pk
    row = actions.request_compound(actor=operator, request=row, data=actions.CompoundInput())
    assert row.compound_id is None
    changes = AuditEvent.objects.filter(event_type="HOTLINE_REQUEST_COMPOUND_CHANGED")
    assert [e.data["to"] for e in changes.order_by("pk")] == [compound.pk, other.pk, None]


def test_the_chooser_reveals_only_the_name_and_country_and_never_lists_the_register(world):
    _, operator, compound = _operator_world(world)
    (choice,) = selectors.compound_choices(operator, "Yatai")
    assert (choice.id, choice.name, choice.country) == (compound.pk, "Shwe Kokko", "MM")
    assert selectors.compound_choices(operator, "") == []
    assert selectors.compound_choices(operator, "s") == []
    # Another agency's operator, outside the register's scope, finds nothing.
    assert selectors.compound_choices(world.other_users["hotline_operator"], "Yatai") == []
    with pytest.raises(PermissionDenied):
        compound_selectors.compound_page(operator, compound.pk)


def test_a_name_naming_none_or_several_and_a_compound_out_of_scope_are_refused(world):
    investigator, operator, _compound = _operator_world(world)
    make_compound(investigator, "Shwe Kokko Extension", aliases=())
    hidden = make_compound(world.other_users["investigator"], "Golden Fortune", aliases=())
    row = make_request(operator)
    for data, field in (
        (actions.CompoundInput(compound_name="Shwe Kokko"), "compound_name"),
        (actions.CompoundInput(compound_name="Kings Roman"), "compound_name"),
        (actions.CompoundInput(compound_id=hidden.pk), "compound_id"),
    ):
        with pytest.raises(ValidationError) as refused:
            actions.request_compound(actor=operator, request=row, data=data)
        assert field in refused.value.message_dict
    row.refresh_from_db()
    assert row.compound_id is None
    # The police of another province cannot touch the request at all.
    with pytest.raises(PermissionDenied):
        actions.request_compound(
            actor=world.other_users["investigator"], request=row, data=actions.CompoundInput()
        )
    assert not AuditEvent.objects.filter(event_type="HOTLINE_REQUEST_COMPOUND_CHANGED").exists()


def test_the_page_and_the_api_change_the_compound(world, client_for):
    _, operator, compound = _operator_world(world)
    row = make_request(operator)
    client = client_for(operator)
    url = reverse("hotline:request", args=[row.pk])
    client.post(reverse("hotline:request_compound", args=[row.pk]), {"compound_name": "Yatai"})
    page = client.get(url).content.decode()
    assert "Shwe Kokko" in page
    assert reverse("compounds:detail", args=[compound.pk]) not in page  # no register page
    client.post(reverse("hotline:request_compound", args=[row.pk]), {"clear": "1"})
    assert TracingRequest.objects.get(pk=row.pk).compound_id is None
    api = f"/api/v1/hotline/requests/{row.pk}/compound"
    read = client.post(api, {"compound_name": "yatai"}, content_type="application/json").json()
    assert (read["compound_id"], read["compound_name"]) == (compound.pk, "Shwe Kokko")
    refused = client.post(api, {"compound_name": "nowhere"}, content_type="application/json")
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")
    choices = client.get("/api/v1/hotline/compound-choices?q=kokko").json()
    assert choices == [{"id": compound.pk, "name": "Shwe Kokko", "country": "MM"}]
