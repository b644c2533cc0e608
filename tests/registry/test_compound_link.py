"""An incident abroad naming a scam compound links to the compound register; the
compound's page lists the incident to those who read incidents there, and only counts it
for everyone else."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from ctip.compounds import selectors as compound_selectors
from ctip.registry import actions
from ctip.registry.models import Incident
from tests.compounds.factories import make_compound
from tests.registry.factories import make_board, make_incident

pytestmark = pytest.mark.django_db


def _group(page):
    return next((g for g in page.links if str(g.title) == gettext("Incidents abroad")), None)


def test_an_incident_names_a_compound_and_its_page_lists_it_to_readers_only(world):
    make_board(world)
    compound = make_compound(world.users["investigator"], "Shwe Kokko", aliases=("Yatai",))
    incident = make_incident(world, compound_name="yatai", signs=())
    assert incident.compound_id == compound.pk
    # A compound of the register is the strong sign: it shows trafficking.
    assert "scam_compound" in incident.signs
    assert incident.trafficking_signs is True
    make_incident(world)  # names no compound
    ours = _group(compound_selectors.compound_page(world.users["investigator"], compound.pk))
    assert ours is not None
    assert ours.count == 1
    assert ours.items == ()  # the investigator reads the register, not incidents


def test_the_link_provider_gives_references_to_readers_of_incidents_only(world):
    from ctip.compounds.ports import link_providers

    make_board(world)
    compound = make_compound(world.users["investigator"], "Shwe Kokko", aliases=())
    incident = make_incident(world, compound_name="Shwe Kokko")
    groups = [p.linked(world.users["board_officer"], compound.pk) for p in link_providers()]
    mine = next(g for g in groups if g is not None and str(g.title) == gettext("Incidents abroad"))
    assert [i.label for i in mine.items] == [incident.reference]
    assert mine.items[0].url == f"/registry/incidents/{incident.pk}/"
    groups = [p.linked(world.other_users["board_officer"], compound.pk) for p in link_providers()]
    theirs = next(
        g for g in groups if g is not None and str(g.title) == gettext("Incidents abroad")
    )
    assert (theirs.count, theirs.items) == (1, ())


def test_a_compound_outside_the_scope_or_a_vague_name_is_refused(world):
    make_compound(world.other_users["investigator"], "Golden Fortune", aliases=())
    with pytest.raises(ValidationError) as refused:
        make_incident(world, compound_name="Golden Fortune")
    assert "compound_name" in refused.value.message_dict
    assert Incident.objects.count() == 0
    # A public report cannot link a compound: staff do.
    with pytest.raises(PermissionDenied):
        actions.incident_report(
            actor=None,
            data=actions.IncidentInput(
                kind="abuse", reporter="family", country="JP", compound_name="Golden Fortune"
            ),
        )


def test_the_page_and_api_name_the_compound(world, client_for):
    make_board(world)
    make_compound(world.users["investigator"], "Shwe Kokko", aliases=())
    client = client_for(world.users["board_officer"])
    created = client.post(
        "/api/v1/registry/incidents",
        {"kind": "abuse", "country": "JP", "compound_name": "shwe kokko"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["compound"] == "Shwe Kokko"
    incident = Incident.objects.get()
    page = client.get(f"/registry/incidents/{incident.pk}/").content.decode()
    assert 'data-testid="incident-compound">Shwe Kokko<' in page
    bad = client.post(
        "/api/v1/registry/incidents",
        {"kind": "abuse", "country": "JP", "compound_name": "Nowhere Park"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert [e["loc"] for e in bad.json()["errors"]] == [["compound_name"]]
    assert Incident.objects.count() == 1
